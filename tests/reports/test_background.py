"""A document too long for a request is made by a background job, the same document
the request would have made; one beyond what can be made at all is refused with how
to narrow it. The thresholds are lowered here so a city's roster counts as long."""

import datetime
import io

import pypdf
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts import roles
from assignments.factories import AssignmentFactory
from jobs.models import Job
from registry.factories import FacilitatorFactory
from registry.models import Kelurahan
from reports import pdf
from reports.background import NOT_ALLOWED
from tests.jobs.worker import run_queued_tasks
from tests.reports.read import (
    ask_in_background,
    body_of,
    offered_document,
    pdf_text,
    xlsx_sheet,
)

pytestmark = pytest.mark.django_db

# The city's roster for the office: 27 kelurahan and 1 in reserve, 10 columns (the
# last, "As of", the day each row shows).
ROSTER_CELLS = 28 * 10


@pytest.fixture
def roster(wilayah):
    AssignmentFactory(
        facilitator__name="Rina Lestari",
        kelurahan=Kelurahan.objects.get(code="33.75.01.1002"),
        start_date=datetime.date(2019, 1, 2),
    )
    AssignmentFactory(
        facilitator__name="Eko Prasetyo",
        kelurahan=Kelurahan.objects.get(code="33.75.02.1002"),
        start_date=datetime.date(2021, 3, 1),
    )
    FacilitatorFactory(name="Dodi Cadangan", joined_on=datetime.date(2018, 12, 1))


@pytest.fixture
def long_files(settings):
    """Every file of the city's roster is too long for a request, none too long to make."""
    for fmt in ["PDF", "XLSX", "CSV"]:
        setattr(settings, f"REPORT_{fmt}_INLINE_CELLS", ROSTER_CELLS - 1)


def job_page(job) -> str:
    return reverse("jobs:job", args=[job.pk])


def file_of(client, job):
    return client.get(reverse("jobs:job-file", args=[job.pk]))


def test_a_long_roster_pdf_is_made_in_the_background_and_downloaded_by_its_owner_alone(
    client, supervisor_user, staff_user, roster, long_files, django_assert_num_queries
):
    client.force_login(supervisor_user)
    # The link offers the document: the session and the user; the permissions; the
    # filter's kecamatan (a select or a typed field); the rows counted (kelurahan,
    # reserve); an unfinished job for it looked up. Nothing is written: a link
    # followed from elsewhere starts no work.
    with django_assert_num_queries(7):
        offer = client.get(reverse("reports:roster-pdf"))
    assert offer.status_code == 200
    assert "Dokumen ini berisi 28 baris" in offer.content.decode()
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()
    # Its button asks for it: the same reads again, then the job started: savepoint,
    # week-old jobs (their files, then the jobs for deleting), week-old tasks deleted,
    # the job and its task inserted, release. No row is read and no document made.
    document = offered_document(offer)
    with django_assert_num_queries(14):
        response = client.post(reverse("reports:document-make"), {"document": document})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job_page(job)
    assert (job.owner, job.kind, job.state, job.total) == (supervisor_user, "report", "queued", 28)

    waiting = client.get(job_page(job)).content.decode()
    assert "Daftar Fasilitator Kelurahan (PDF)" in waiting
    assert "Menunggu giliran" in waiting
    assert file_of(client, job).status_code == 404  # nothing to download yet

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.state == "done", job.message
    # The pages were counted as they were laid out, then the file written: a full bar.
    assert (job.step, job.done) == ("Menulis berkas", job.total) and job.total >= 2
    done = client.get(job_page(job)).content.decode()
    assert "Unduh daftar-fasilitator-kelurahan-2024-07-01.pdf" in done

    download = file_of(client, job)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "daftar-fasilitator-kelurahan-2024-07-01.pdf" in download["Content-Disposition"]
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body_of(download))).pages
    )
    for name in ["Medono", "Rina Lestari", "Eko Prasetyo", "Dodi Cadangan", "Kelurahan 27"]:
        assert name in " ".join(text.split())

    client.force_login(staff_user)
    assert file_of(client, job).status_code == 404
    assert client.get(job_page(job)).status_code == 404


def test_asking_again_while_it_is_being_made_leads_to_the_same_job(
    client, supervisor_user, roster, long_files
):
    client.force_login(supervisor_user)
    first = ask_in_background(client, reverse("reports:roster-pdf"))
    # The link now leads straight to the job making it, and the button, if pressed
    # in another tab, to the same job.
    link = client.get(reverse("reports:roster-pdf"))
    button = client.post(
        reverse("reports:document-make"), {"document": reverse("reports:roster-pdf") + "?"}
    )
    other = ask_in_background(client, reverse("reports:roster-pdf"), {"as_of": "2024-01-01"})
    assert first["Location"] == link["Location"] == button["Location"] != other["Location"]
    assert Job.objects.count() == 2


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_the_background_file_is_what_the_request_would_have_made(
    client, supervisor_user, roster, settings, fmt
):
    client.force_login(supervisor_user)
    url = reverse(f"reports:roster-{fmt}")
    filters = {"as_of": "2024-06-01"}
    immediate = client.get(url, filters)
    assert immediate.status_code == 200

    setattr(settings, f"REPORT_{fmt.upper()}_INLINE_CELLS", ROSTER_CELLS - 1)
    assert ask_in_background(client, url, filters).status_code == 302
    run_queued_tasks()
    background = file_of(client, Job.objects.get())
    assert background["Content-Type"] == immediate["Content-Type"]

    if fmt == "pdf":
        text = pdf_text(background)
        assert text == pdf_text(immediate)
        assert "Medono Rina Lestari" in text
    elif fmt == "xlsx":
        cells = [list(xlsx_sheet(response).values) for response in (background, immediate)]
        assert cells[0] == cells[1]
        assert len(cells[0]) == 5 + 28 + 1 + 4  # heading, rows, a blank line, totals
    else:
        body = body_of(background)
        assert body == body_of(immediate)
        assert body.count(b"\r\n") == 1 + 28


def test_the_page_says_which_files_are_made_in_the_background(
    client, supervisor_user, roster, settings
):
    settings.REPORT_PDF_INLINE_CELLS = ROSTER_CELLS - 1
    client.force_login(supervisor_user)
    page = client.get(reverse("reports:roster")).content.decode()
    assert f'href="{reverse("reports:roster-pdf")}">PDF <small>(dibuat di latar belakang)' in page
    # The workbook is made at once: downloaded straight from the link.
    assert f'href="{reverse("reports:roster-xlsx")}" download>Excel (XLSX)</a>' in page


def test_a_document_beyond_what_can_be_made_is_refused_with_how_to_narrow_it(
    client, supervisor_user, roster, settings
):
    settings.REPORT_PDF_INLINE_CELLS = 9
    settings.REPORT_PDF_MAX_CELLS = ROSTER_CELLS - 1  # 27 rows of the roster
    client.force_login(supervisor_user)
    response = client.get(reverse("reports:roster-pdf"))
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Laporan ini memuat 28 baris, lebih dari yang dapat dimuat satu PDF (paling banyak "
        "27 baris laporan ini). Persempit: pilih satu kecamatan. Laporan ini dapat diunduh "
        "utuh sebagai Excel (XLSX) atau CSV."
    ) in page
    assert f'action="{reverse("reports:roster")}"' in page  # the filters, to narrow it
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()

    # One kecamatan fits, and is made in the background.
    narrowed = ask_in_background(client, reverse("reports:roster-pdf"), {"kecamatan": "33.75.01"})
    assert narrowed.status_code == 302


def test_a_page_too_long_to_show_is_refused_the_same_way(client, supervisor_user, roster, settings):
    settings.REPORT_PAGE_MAX_CELLS = ROSTER_CELLS - 1
    client.force_login(supervisor_user)
    response = client.get(reverse("reports:roster"))
    assert response.status_code == 400
    assert "lebih dari yang dapat dimuat satu halaman" in response.content.decode()
    assert "Medono" not in response.content.decode()


def test_a_job_that_runs_after_its_owner_lost_the_permission_makes_nothing(
    client, supervisor_user, roster, long_files
):
    client.force_login(supervisor_user)
    ask_in_background(client, reverse("reports:roster-csv"))
    supervisor_user.groups.remove(Group.objects.get(name=roles.SUPERVISOR))

    run_queued_tasks()
    job = Job.objects.get()
    assert (job.state, job.message, job.result) == ("failed", str(NOT_ALLOWED), None)
    page = client.get(job_page(job)).content.decode()
    assert "Anda tidak lagi boleh membuka laporan ini" in page


def test_a_job_of_a_deactivated_account_makes_nothing(client, supervisor_user, roster, long_files):
    client.force_login(supervisor_user)
    ask_in_background(client, reverse("reports:roster-xlsx"))
    supervisor_user.is_active = False
    supervisor_user.save(update_fields=["is_active"])
    run_queued_tasks()
    assert Job.objects.get().state == "failed"


def test_the_pdf_reports_each_page_it_lays_out():
    heard = []
    html = "<p style='page-break-after: always'>satu</p><p>dua</p>"
    pdf.from_html(html, on_page=heard.append)
    assert heard == [1, 2]
    pdf.from_html(html)  # nobody listens: WeasyPrint's progress is quiet again
    assert pdf.PROGRESS_LOGGER.handlers == [] and pdf.PROGRESS_LOGGER.propagate


def test_the_button_queues_only_what_its_user_may_open(client, facilitator, roster, long_files):
    """The button's address is the user's to change: it runs the document's own view,
    with that view's checks, and queues nothing it refuses; it leads nowhere else."""
    client.force_login(facilitator.user)
    make = reverse("reports:document-make")
    refused = client.post(make, {"document": reverse("reports:roster-pdf") + "?"})
    assert refused.status_code == 403
    for elsewhere in ["//example.com/reports/roster.pdf", "https://example.com/", "", "/nowhere/"]:
        assert client.post(make, {"document": elsewhere}).status_code == 404
    assert client.get(make).status_code == 405
    # Line breaks in the address come back encoded, never as a header of their own.
    for typed in ["/kelurahan/a\r\nSet-Cookie: x=1/", "/me/?a=\r\nSet-Cookie: x=1"]:
        answer = client.post(make, {"document": typed})
        assert answer.status_code in (302, 404)
        assert "\n" not in answer.get("Location", "") and "Set-Cookie: x" not in str(answer.headers)
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_document_short_enough_by_now_is_simply_opened(client, supervisor_user, roster):
    """An offer kept open while the rows went below the threshold: the button leads to
    the document itself, made at once."""
    client.force_login(supervisor_user)
    response = client.post(
        reverse("reports:document-make"), {"document": reverse("reports:roster-csv") + "?"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("reports:roster-csv")
    assert not Job.objects.exists()
