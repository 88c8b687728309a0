"""How personal data is shown to people who may not see all of it: the one
place every list, history, admin page and document takes its masks from (NIK,
phone, bank account number, NPWP)."""

MASK = "•"


def mask_nik(nik: str) -> str:
    """A NIK with all but its last four digits hidden."""
    return MASK * 12 + nik[-4:] if nik else ""


def mask_phone(phone: str) -> str:
    """A phone number with its first four and last three characters shown."""
    if len(phone) < 7:
        return phone
    return phone[:4] + MASK * (len(phone) - 7) + phone[-3:]


def mask_account(number: str) -> str:
    """A bank account number with all but its last four characters hidden."""
    if not number:
        return ""
    return MASK * max(len(number) - 4, 4) + number[-4:]


def mask_npwp(npwp: str) -> str:
    """A tax number (NPWP) with all but its last three digits hidden."""
    if not npwp:
        return ""
    return MASK * max(len(npwp) - 3, 4) + npwp[-3:]


# Personal data that history shows masked, as lists do (field name -> mask).
MASKED_FIELDS = {"nik": mask_nik, "account_number": mask_account, "npwp": mask_npwp}
