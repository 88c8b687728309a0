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
