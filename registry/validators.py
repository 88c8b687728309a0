from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

KECAMATAN_CODE = r"^\d{2}\.\d{2}\.\d{2}$"
KELURAHAN_CODE = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"
POSTAL_CODE = r"^\d{5}$"
NIK = r"^\d{16}$"
# Indonesian mobile numbers: 08…, 628… or +628…, 10 to 14 digits in all.
MOBILE_PHONE = r"^(\+62|62|0)8\d{7,11}$"

validate_kecamatan_code = RegexValidator(
    KECAMATAN_CODE, _("A kecamatan code looks like 33.75.01 (Kemendagri code).")
)
validate_kelurahan_code = RegexValidator(
    KELURAHAN_CODE, _("A kelurahan code looks like 33.75.01.1002 (Kemendagri code).")
)
validate_postal_code = RegexValidator(POSTAL_CODE, _("A postal code has exactly 5 digits."))
validate_nik = RegexValidator(NIK, _("A NIK has exactly 16 digits."))
validate_mobile_phone = RegexValidator(
    MOBILE_PHONE,
    _("Enter an Indonesian mobile number, for example 081234567890 or +6281234567890."),
)
# A civil servant's NIP: 18 digits, often written in groups (19700101 199503 1 001).
NIP = r"^\d{8} ?\d{6} ?\d ?\d{3}$"
validate_nip = RegexValidator(NIP, _("A NIP has 18 digits, for example 19700101 199503 1 001."))
