# Debian trixie: its postgresql-client (17) dumps the PostgreSQL 16 of compose.yaml.
FROM python:3.12-slim-trixie

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=8000

WORKDIR /app
RUN useradd --create-home --uid 1000 faskel
# WeasyPrint makes the PDF reports with pango; the reports print in Liberation Sans.
# postgresql-client: pg_dump and pg_restore for `manage.py backup` and `restore`.
# cron: the scheduler service (deploy/crontab). tzdata: its times are the office's.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core \
       postgresql-client cron tzdata \
    && rm -rf /var/lib/apt/lists/*

COPY . .
RUN pip install .
# collectstatic needs a key to import the settings; it is not used at run time.
# The folders of the volumes exist in the image, owned by faskel, so that a new
# named volume mounted there starts with that owner. A container has no login
# session to record: pam_loginuid would make cron refuse every job.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && install -m 0644 deploy/crontab /etc/cron.d/faskel \
    && sed -i 's/^session\s\+required\s\+pam_loginuid\.so/# &/' /etc/pam.d/cron \
    && mkdir -p /app/media /app/backups /var/log/faskel \
    && chown -R faskel:faskel /app /var/log/faskel

USER faskel
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python deploy/healthcheck.py
# gunicorn.conf.py: workers and threads from the CPU count (WEB_CONCURRENCY,
# GUNICORN_THREADS), the app and WeasyPrint preloaded, a timeout, access log without
# query strings. The same image runs the background worker (`manage.py db_worker`)
# and the scheduler (deploy/scheduler.sh): compose.yaml.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn --config gunicorn.conf.py faskel.wsgi"]
