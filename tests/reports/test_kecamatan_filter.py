"""Every report filter by kecamatan is a select while the kecamatan are few and a
typed code or name beyond a hundred (a national register has 7,000, and their
options made each report form a page of 1–2 s): the roster, the attendance recap,
the monthly reports recap, the honorarium list and the evaluation recap, on their
own pages and on the reports index."""

import datetime

import pytest
from django.urls import reverse

from assignments.models import Assignment
from registry.models import Facilitator, Kecamatan, Kelurahan

pytestmark = pytest.mark.django_db

SIGNED_IN = 3  # session, user, permissions


@pytest.fixture
def national(db):
    """101 kecamatan, two of them with a posted facilitator."""
    Kecamatan.objects.bulk_create(
        Kecamatan(code=f"97.{n // 50 + 1:02d}.{n % 50 + 1:02d}", name=f"Kec Nasional {n:03d}")
        for n in range(101)
    )
    for code, name in [("97.01.01", "Ani Timur"), ("97.01.02", "Budi Barat")]:
        kelurahan = Kelurahan.objects.create(
            code=f"{code}.2001", name=f"Kel {name}", kecamatan=Kecamatan.objects.get(code=code)
        )
        Assignment.objects.create(
            facilitator=Facilitator.objects.create(name=name, sex="L"),
            kelurahan=kelurahan,
            start_date=datetime.date(2023, 1, 2),
        )


def test_the_roster_report_takes_a_typed_name_and_lists_that_kecamatan_only(
    supervisor, national, django_assert_num_queries
):
    # the kecamatan typed (one query to see there are too many for a select, one to
    # find the typed one), the roster's rows counted, the letterhead, the kelurahan
    # with their facilitators, the kelurahan covered
    with django_assert_num_queries(SIGNED_IN + 6):
        response = supervisor.get(reverse("reports:roster") + "?kecamatan=kec nasional 000")

    content = response.content.decode()
    assert response.status_code == 200
    assert '<select name="kecamatan"' not in content
    assert "Ani Timur" in content and "Budi Barat" not in content
    assert "Kec Nasional 000" in content  # printed under the title
    by_code = supervisor.get(reverse("reports:roster") + "?kecamatan=97.01.02").content.decode()
    assert "Budi Barat" in by_code and "Ani Timur" not in by_code


def test_an_unknown_kecamatan_is_an_error_of_the_form(supervisor, national):
    response = supervisor.get(reverse("reports:roster") + "?kecamatan=Atlantis")

    assert response.status_code == 400
    assert "Tidak ada kecamatan Atlantis di wilayah Anda" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:index"),
        reverse("reports:roster"),
        reverse("reports:attendance-recap"),
        reverse("activities:recap") + "?month=2024-06",
        reverse("contracts:honorarium") + "?month=2024-06",
        reverse("contracts:evaluation-recap"),
        reverse("contracts:evaluations"),
    ],
)
def test_no_report_form_lists_the_kecamatan_of_a_national_register(supervisor, national, url):
    content = supervisor.get(url).content.decode()

    assert '<select name="kecamatan"' not in content
    assert "Kec Nasional 100" not in content
    assert 'name="kecamatan"' in content
