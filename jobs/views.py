import logging

from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs.models import Job
from jobs.services import job_recover

logger = logging.getLogger(__name__)

# Seconds between two looks at a job that is not finished (the page's meta refresh).
REFRESH_SECONDS = 2


def job_for(request: HttpRequest, job_id, *, kinds: tuple[str, ...] = ()) -> Job:
    """The signed-in person's own job, else 404 (a job may hold what only they may see).

    A running job whose worker fell silent is put back on the queue here, by the
    person waiting for it."""
    job = Job.objects.filter(pk=job_id, owner=request.user).first()
    if job is None or (kinds and job.kind not in kinds):
        raise Http404
    job_recover(job=job, now=timezone.now())
    return job


def progress_context(job: Job) -> dict:
    """What `jobs/_progress.html` and the page's refresh need."""
    return {"job": job, "refresh_seconds": None if job.finished else REFRESH_SECONDS}


def job_page(request: HttpRequest, job_id) -> HttpResponse:
    """A job's own page: its progress, then its outcome."""
    job = job_for(request, job_id)  # 404 for anyone else, whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return untouched_while_running(render(request, "jobs/job.html", progress_context(job)), job)


def untouched_while_running(response: HttpResponse, job: Job) -> HttpResponse:
    """A page that only looks at a running job writes nothing (home.middleware)."""
    response.session_untouched = not job.finished
    return response


def job_file_download(request: HttpRequest, job_id) -> FileResponse:
    """The file a finished job made, to its owner alone (404 for anyone else)."""
    job = job_for(request, job_id)
    result = job.result if job.state == Job.State.DONE else None
    if not isinstance(result, dict) or not result.get("file"):
        raise Http404
    try:
        file = default_storage.open(result["file"], "rb")
    except FileNotFoundError:
        # Made by a worker whose MEDIA_ROOT this server does not share (compose.yaml:
        # the `media` volume), or removed by hand: not found, and nothing recorded.
        logger.error("Job %s: its file is not in this server's storage (MEDIA_ROOT)", job.pk)
        raise Http404 from None
    if on_download := result.get("on_download"):
        import_string(on_download)(job=job, by=request.user)  # e.g. recording who took it
    return FileResponse(
        file,
        content_type=result.get("content_type") or "application/octet-stream",
        as_attachment=True,
        filename=result.get("file_name") or "dokumen",
    )


def job_started(response: HttpResponse) -> HttpResponse:
    """The answer to the request that started a job: no session write after it.

    The job is committed with the request's transaction, and on SQLite a worker
    may take the database's only write lock for it right then; a session write
    after the commit would wait for the whole job."""
    response.session_untouched = True
    return response
