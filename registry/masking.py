"""How personal data is shown to people who may not see all of it: the one
place every list, history and admin page takes its masks from."""

MASK = "•"


def mask_nik(nik: str) -> str:
    """A NIK with all but its last four digits hidden."""
    return MASK * 12 + nik[-4:] if nik else ""


def mask_phone(phone: str) -> str:
    """A phone number with its first four and last three characters shown."""
    if len(phone) < 7:
        return phone
    return phone[:4] + MASK * (len(phone) - 7) + phone[-3:]


# Personal data that history shows masked, as lists do (field name -> mask).
MASKED_FIELDS = {"nik": mask_nik}
