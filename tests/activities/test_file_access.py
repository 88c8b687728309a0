"""A file is sent only to who may see its report; everyone else learns nothing (404)."""

import io

import pytest
from django.urls import Resolver404, resolve, reverse
from PIL import Image
from pypdf import PdfReader

from jobs.models import Job
from tests.activities.ladder import work_of
from tests.conftest import make_user
from tests.jobs.worker import run_queued_tasks
from tests.reports.read import ask_in_background

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(posting):
    return work_of(posting.facilitator)


def file_url(work) -> str:
    return reverse("activities:attachment", args=[work["attachment"].pk])


def test_the_facilitator_and_the_office_get_the_photo(client, work, staff_user, supervisor_user):
    for user in [work["entry"].facilitator.user, staff_user, supervisor_user]:
        client.force_login(user)
        response = client.get(file_url(work))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.format == "JPEG"


def test_anyone_else_gets_404(client, work, other_facilitator):
    nobody = make_user("tanpa.peran")  # signed in, supervising nothing
    answers = []
    client.logout()
    answers.append(client.get(file_url(work)).status_code)
    for user in [other_facilitator.user, nobody]:
        client.force_login(user)
        answers.append(client.get(file_url(work)).status_code)
        answers.append(
            client.get(reverse("activities:document-pdf", args=[work["report"].pk])).status_code
        )
    assert answers == [404, 404, 404, 404, 404]


def test_the_office_does_not_see_files_of_a_month_not_yet_submitted(
    client, today, posting, staff_user, kind
):
    from activities import services
    from tests.activities.conftest import upload

    facilitator = posting.facilitator
    entry = services.entry_create(
        facilitator=facilitator,
        date=today,
        kind=kind,
        accompanied="LPM",
        description="Belum dikirim",
        by=facilitator.user,
    )
    attachment = services.attachment_add(entry=entry, upload=upload(), by=facilitator.user)
    client.force_login(staff_user)
    assert client.get(reverse("activities:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(facilitator.user)
    assert client.get(reverse("activities:attachment", args=[attachment.pk])).status_code == 200


def test_no_media_url_is_served(work):
    stored = work["attachment"].file.name
    with pytest.raises(Resolver404):
        resolve(f"/media/{stored}")


def test_a_month_of_many_photos_is_made_in_the_background_for_whoever_asked(
    client, work, other_facilitator, settings
):
    # One activity and one photo: 8 cells and a photo's 60; a lower threshold sends it away.
    settings.REPORT_PDF_INLINE_CELLS = 60
    owner = work["entry"].facilitator.user
    client.force_login(owner)
    response = ask_in_background(
        client, reverse("activities:document-pdf", args=[work["report"].pk])
    )
    job = Job.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:job", args=[job.pk]
    )

    run_queued_tasks()
    download = client.get(reverse("jobs:job-file", args=[job.pk]))
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len({image.name for page in pdf.pages for image in page.images}) == 1  # the photo
    assert work["entry"].description in " ".join(page.extract_text() for page in pdf.pages)

    client.force_login(other_facilitator.user)
    assert client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404
