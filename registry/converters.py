from django.urls import register_converter


class KelurahanCodeConverter:
    """A Kemendagri kelurahan code such as 33.75.01.1002 in a URL."""

    regex = r"\d{2}\.\d{2}\.\d{2}\.\d{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Registered once, on import, for every app whose URLs take a kelurahan code.
register_converter(KelurahanCodeConverter, "kode")
