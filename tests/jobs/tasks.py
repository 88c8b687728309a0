"""Small jobs for the tests of the job plumbing (found by the queue by their path)."""

from jobs.services import JobFailed, job_task


@job_task
def count_to(job, progress):
    total = job.arguments["n"]
    for n in range(1, total + 1):
        progress.update(n, total=total if n == 1 else None, step="Menghitung")
    return {"counted": total}


@job_task
def refuse(job, progress):
    raise JobFailed("Berkas tidak lengkap.")


@job_task
def break_down(job, progress):
    progress.update(3, total=10)
    raise RuntimeError("a bug")


@job_task
def make_document(job, progress):
    from jobs.services import job_file

    progress.update(1, total=1, step="Menyusun")
    return job_file(
        job, content=b"%PDF-1.4 daftar", file_name="daftar.pdf", content_type="application/pdf"
    )


@job_task
def wait_for_go(job, progress):
    """Runs until the file `go` exists, then writes its outcome (a worker test cuts the
    database meanwhile)."""
    import time
    from pathlib import Path

    progress.update(1, total=2, step="Menunggu")
    while not Path(job.arguments["go"]).exists():
        time.sleep(0.05)
    progress.update(2, force=True)
    return {"counted": 2}
