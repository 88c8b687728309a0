"""The honorarium list of a national office: its length counted in one query before
any line is built, so a list too long for the page is refused at once with how to
narrow it; and narrowed by kecamatan, a typed code or name once the kecamatan are
more than a select can list."""

import datetime

import pytest
from django.urls import reverse

from activities.models import month_end
from assignments.models import Assignment
from contracts.models import HonorariumListDownload
from contracts.selectors import honorarium_line_count, honorarium_lines
from registry.models import Disclosure, Facilitator, Kecamatan, Kelurahan
from tests.contracts.test_query_counts import SIGNED_IN, office_data

pytestmark = pytest.mark.django_db

URL = reverse("contracts:honorarium")


@pytest.mark.parametrize("size", [1, 100])
def test_a_list_too_long_for_the_page_is_refused_after_one_count(
    client, staff_user, supervisor_user, criteria, settings, django_assert_num_queries, size
):
    office_data(size, supervisor_user, criteria)
    settings.REPORT_PAGE_MAX_CELLS = 1  # even one line is too long
    client.force_login(staff_user)
    # the kecamatan of the filter, the month's issued list (none), its tax rates, the
    # signers of the day (one settings row before rates and signers were dated), the
    # lines counted: no line is read
    with django_assert_num_queries(SIGNED_IN + 5):
        response = client.get(URL + "?month=2024-03")
    assert response.status_code == 400
    content = response.content.decode()
    assert f"{size} baris" in content
    assert "Persempit: pilih satu kecamatan." in content
    # Nothing was shown: nothing is recorded as opened.
    assert not HonorariumListDownload.objects.exists()
    assert not Disclosure.objects.exists()


def test_the_kecamatan_filter_lists_its_lines_and_names_it_on_the_document(
    client, staff_user, supervisor_user, criteria
):
    office_data(2, supervisor_user, criteria, kecamatan="98.01.01")
    office_data(3, supervisor_user, criteria, kecamatan="98.01.02")
    client.force_login(staff_user)

    response = client.get(URL + "?month=2024-03&kecamatan=98.01.02")

    content = response.content.decode()
    assert content.count('data-testid="honorarium-line"') == 3
    assert "Fasilitator 98.01.02 0" in content and "Fasilitator 98.01.01 0" not in content
    assert "Kecamatan 98.01.02" in content  # the heading: Kecamatan: its name
    whole = client.get(URL + "?month=2024-03").content.decode()
    assert whole.count('data-testid="honorarium-line"') == 5
    assert "Semua kecamatan" in whole


def test_a_facilitator_moved_in_the_month_is_on_the_list_of_their_latest_kecamatan_only(
    client, staff_user, supervisor_user, criteria
):
    office_data(1, supervisor_user, criteria, kecamatan="98.01.01")
    office_data(1, supervisor_user, criteria, kecamatan="98.01.02")
    moved = Assignment.objects.get(kelurahan__kecamatan__code="98.01.01")
    moved.end_date = datetime.date(2024, 3, 14)
    moved.save()
    Assignment.objects.create(
        facilitator=moved.facilitator,
        kelurahan=Kelurahan.objects.create(
            code="98.01.02.2001",
            name="Kelurahan Baru",
            kecamatan=Kecamatan.objects.get(code="98.01.02"),
        ),
        start_date=datetime.date(2024, 3, 15),
    )
    client.force_login(staff_user)

    first = client.get(URL + "?month=2024-03&kecamatan=98.01.01").content.decode()
    second = client.get(URL + "?month=2024-03&kecamatan=98.01.02").content.decode()

    assert first.count('data-testid="honorarium-line"') == 0
    assert second.count('data-testid="honorarium-line"') == 2
    assert "Kelurahan Baru" in second


def test_beyond_a_hundred_kecamatan_the_filter_is_typed_and_takes_a_name_or_code(
    client, staff_user, supervisor_user, criteria, django_assert_num_queries
):
    office_data(2, supervisor_user, criteria, kecamatan="98.01.01")
    Kecamatan.objects.bulk_create(
        Kecamatan(code=f"97.{n // 50 + 1:02d}.{n % 50 + 1:02d}", name=f"Kec {n}")
        for n in range(100)
    )
    client.force_login(staff_user)

    response = client.get(URL + "?month=2024-03&kecamatan=kecamatan 98.01.01")

    content = response.content.decode()
    assert '<select name="kecamatan"' not in content
    assert 'name="kecamatan"' in content and 'value="kecamatan 98.01.01"' in content
    assert content.count('data-testid="honorarium-line"') == 2
    by_code = client.get(URL + "?month=2024-03&kecamatan=98.01.01").content.decode()
    assert by_code.count('data-testid="honorarium-line"') == 2
    unknown = client.get(URL + "?month=2024-03&kecamatan=Atlantis")
    assert unknown.status_code == 400
    assert "Tidak ada kecamatan Atlantis" in unknown.content.decode()
    # The reports index offers the same typed field, and lists no kecamatan: the
    # kecamatan of each form with the filter (roster, attendance recap, the monthly
    # reports recap, this list, the evaluation recap), one query each, and the recent
    # briefings.
    with django_assert_num_queries(SIGNED_IN + 6):
        index = client.get(reverse("reports:index")).content.decode()
    assert "Kec 99" not in index
    assert 'id="honorarium-id_kecamatan"' in index or 'id="honorarium-kecamatan"' in index


def test_the_count_is_the_lines_whoever_moved_or_has_no_contract(supervisor_user, criteria):
    """The whole list counts the facilitators posted without a contract without looking
    for their latest posting; a kecamatan's looks for it. Either way the count is the
    lines: someone moved twice in March without a contract is one line, on the list of
    their last kecamatan."""
    office_data(2, supervisor_user, criteria, kecamatan="98.01.01")
    office_data(1, supervisor_user, criteria, kecamatan="98.01.02")
    barat, timur = Kecamatan.objects.get(code="98.01.01"), Kecamatan.objects.get(code="98.01.02")
    wanderer = Facilitator.objects.create(name="Tanpa Kontrak", sex="P")
    for n, (start, end, kecamatan) in enumerate(
        [
            (datetime.date(2024, 1, 2), datetime.date(2024, 3, 9), barat),
            (datetime.date(2024, 3, 10), datetime.date(2024, 3, 20), timur),
            (datetime.date(2024, 3, 21), None, barat),
        ]
    ):
        Assignment.objects.create(
            facilitator=wanderer,
            kelurahan=Kelurahan.objects.create(
                code=f"{kecamatan.code}.{3000 + n}", name=f"Singgah {n}", kecamatan=kecamatan
            ),
            start_date=start,
            end_date=end,
        )
    # A contract of someone posted nowhere in March: on the whole list only.
    Assignment.objects.filter(facilitator__name="Fasilitator 98.01.02 0").update(
        end_date=datetime.date(2024, 2, 28)
    )
    month = datetime.date(2024, 3, 1)
    for kecamatan, lines in [(None, 4), (barat, 3), (timur, 0)]:
        assert honorarium_line_count(month, kecamatan) == lines
        assert (
            len(
                honorarium_lines(
                    month, day=month_end(month) + datetime.timedelta(days=1), kecamatan=kecamatan
                )
            )
            == lines
        )
