"""Documents made in the background: a report too long for a request.

`reports.formats.refuse_or_queue` decides (the one rule); when a document is
too long for the request, the request only offers it (`document_job_offer`: a
page saying how long it is, with a button), since a GET changes nothing; the
button POSTs to `/reports/make/` (CSRF-checked), which runs the same view again
with `document_job_start` allowed to put a job on the queue, and answers with a
redirect to the job's page (`/jobs/<id>/`).

The job makes the document by running the same view again, for its owner, as
it stands when the job runs: the view's permission check, the record looked up
among those the owner may see (404 otherwise), the filters checked against the
owner's area, and the report built for them. A person whose permission or area
changed in between gets what they may have now, or a job that failed saying
why, never what they could see before. Inside the job the view makes the
document whatever its length up to the form's maximum (`building(request)`),
reporting its progress; the file is kept for the owner alone (`job_file`,
`/jobs/<id>/file/`).

A document whose every opening is recorded (the honorarium list) is recorded
once when the job has made it (it now exists for its owner, as an immediate
download would) and again at every download of the file, with what it held
when it was made (`Report.opening`, `Report.record_opening`).
"""

import contextlib
import ctypes
import email.message
import gc
import math
import tempfile
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import resolve
from django.utils.formats import number_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from jobs.models import Job
from jobs.services import JobFailed, Progress, job_file, job_start, job_task
from jobs.views import job_started

KIND = "report"
# A PDF's pages are counted as WeasyPrint lays them out; the progress bar's end is
# estimated from the rows (about this many to an A4 page) until the count passes it.
ROWS_PER_PAGE = 25

NOT_ALLOWED = _(
    "You may no longer open this report, so it was not made. Ask the administrator if "
    "you still need it."
)
GONE = _("What this report is about is no longer yours to see, so it was not made.")
FILTERS_NOT_VALID = _(
    "The filters of this report are no longer valid for your account (your area may "
    "have changed), so it was not made. Open the report again and choose them anew."
)
READING = _("Reading the report")
WRITING_ROWS = _("Writing the rows")
LAYING_OUT = _("Laying out the pages")
WRITING_FILE = _("Writing the file")


@dataclass
class Build:
    """A document being made by a job: where its progress goes."""

    progress: Progress
    rows: int
    _pages: int = field(default=0, init=False)

    def row(self, done: int) -> None:
        if done == 1:
            self.progress.update(done, total=max(self.rows, 1), step=WRITING_ROWS)
        elif done > self.rows:  # more rows than counted: the register grew meanwhile
            self.rows = done
            self.progress.update(done, total=done)
        else:
            self.progress.update(done)

    def page(self, number: int) -> None:
        if number == 1:
            self._pages = max(1, math.ceil(self.rows / ROWS_PER_PAGE))
            self.progress.update(1, total=self._pages, step=LAYING_OUT)
        elif number >= self._pages:
            self._pages = number + 1
            self.progress.update(number, total=self._pages)
        else:
            self.progress.update(number)


def building(request: HttpRequest) -> Build | None:
    """The job making this document, when the request is a job's run of the view."""
    return getattr(request, "document_build", None)


def _document(request: HttpRequest) -> str:
    """The document a request asks for: its address with the filters."""
    return f"{request.path_info}?{request.GET.urlencode()}"


def _unfinished(request: HttpRequest) -> Job | None:
    return Job.objects.filter(
        owner=request.user,
        kind=KIND,
        state__in=[Job.State.QUEUED, Job.State.RUNNING],
        arguments__document=_document(request),
    ).first()


def document_job_offer(
    request: HttpRequest, *, fmt: str, title: str, rows: int, back: str
) -> HttpResponse:
    """The answer to a GET for a document too long for a request: the job already
    making it, or a page offering to make it in the background. Nothing is written."""
    if job := _unfinished(request):
        return redirect("jobs:job", job_id=job.pk)
    return render(
        request,
        "reports/offer.html",
        {
            "title": title,
            "rows": rows,
            "rows_shown": number_format(rows, force_grouping=True),
            "document": _document(request),
            "back": back,
        },
    )


def document_job_start(
    request: HttpRequest, *, fmt: str, title: str, rows: int, back: str
) -> HttpResponse:
    """Queue the document the request asked for, made for its user; answer with its page
    (titled `title`, leading `back` to the report's page).

    Asking again while the same document (same address and filters) is still waiting
    or being made leads to that job rather than a second one."""
    query = request.GET.urlencode()
    document = _document(request)
    job = _unfinished(request)
    if job is None:
        job = job_start(
            kind=KIND,
            owner=request.user,
            task=document_build,
            arguments={
                "document": document,
                "path": request.path_info,
                "query": query,
                "form": fmt,
                "title": title,
                "back": back,
                "rows": rows,
            },
            total=rows,
        )
    response = job_started(redirect("jobs:job", job_id=job.pk))
    response.document_queued = True
    return response


def queue_asked(request: HttpRequest) -> bool:
    """Whether this run of a report's view comes from the button that asks for the
    document in the background (`document_make`), not from a plain GET."""
    return getattr(request, "document_queue", False)


@job_task
def document_build(job: Job, progress: Progress) -> dict:
    owner, arguments = job.owner, job.arguments
    if not owner.is_active:
        raise JobFailed(NOT_ALLOWED)
    progress.update(0, total=arguments["rows"], step=READING)
    request = _request_for(job, Build(progress=progress, rows=arguments["rows"]))
    match = resolve(arguments["path"])
    request.resolver_match = match
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except PermissionDenied as refused:
        raise JobFailed(NOT_ALLOWED) from refused
    except Http404 as gone:
        raise JobFailed(GONE) from gone
    if response.status_code != 200:
        raise JobFailed(FILTERS_NOT_VALID)
    # On disk, not in memory, until the storage has it: a long CSV or workbook is large.
    with tempfile.TemporaryFile() as target:
        for chunk in response:
            target.write(chunk)
        # Not response.close(): it also sends request_finished, which closes the job's
        # database connection. A workbook's temporary file is closed (so deleted) here.
        if (stream := getattr(response, "file_to_stream", None)) is not None:
            stream.close()
        progress.update(progress.job.total, step=WRITING_FILE)
        target.seek(0)
        result = job_file(
            job,
            content=File(target),
            file_name=_file_name(response, arguments["form"]),
            content_type=response["Content-Type"],
        )
    if opening := getattr(response, "opening", None):
        record_opening(opening, by=owner)
        result.update(opening=opening, on_download="reports.background.document_downloaded")
    _return_memory()
    return result


def _return_memory() -> None:
    """A worker that made a long PDF keeps much of WeasyPrint's peak memory (about
    800 MB after the roster of 8,400 kelurahan); collected and handed back to the
    system, it keeps about half that (docs/performance.md). glibc only."""
    gc.collect()
    # Another C library (musl, macOS) has no such call: nothing is handed back this way.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _request_for(job: Job, build: Build) -> HttpRequest:
    """The GET the owner made, as the view sees it: their path, filters and account."""
    arguments = job.arguments
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = arguments["path"]
    request.GET = QueryDict(arguments["query"])
    request.META = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": arguments["path"],
        "QUERY_STRING": arguments["query"],
    }
    request.user = job.owner
    request.document_build = build
    return request


def _file_name(response: HttpResponse, fmt: str) -> str:
    header = email.message.Message()
    header["Content-Disposition"] = response.get("Content-Disposition", "")
    return header.get_filename() or f"laporan.{fmt}"


def record_opening(opening: dict, *, by) -> None:
    """One opening of a document whose openings are recorded, as its report records it."""
    report = import_string(opening["report"])
    report.record_opening(opening["record"], by=by, form=opening["form"])


def document_downloaded(*, job: Job, by) -> None:
    """The file of a finished job is being downloaded by its owner: recorded again."""
    record_opening(job.result["opening"], by=by)
