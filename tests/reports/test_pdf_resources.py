"""WeasyPrint reads the report stylesheet from disk and nothing from elsewhere."""

import pytest

from reports.pdf import BASE_URL, StaticFilesFetcher


def test_it_serves_the_static_stylesheet_from_disk():
    response = StaticFilesFetcher().fetch(BASE_URL + "static/reports/report.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_it_reads_inline_data():
    response = StaticFilesFetcher().fetch("data:text/plain;base64,SGFsbG8=")
    assert response.read() == b"Hallo"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/healthz",
        BASE_URL + "media/secret.png",
        BASE_URL + "static/../../faskel/settings.py",
        BASE_URL + "static/reports/missing.css",
    ],
)
def test_it_refuses_anything_else(url):
    with pytest.raises(ValueError):
        StaticFilesFetcher().fetch(url)
