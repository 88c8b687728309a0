FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=8000

WORKDIR /app
RUN useradd --create-home --uid 1000 faskel
# WeasyPrint makes the PDF reports with pango; the reports print in Liberation Sans.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY . .
RUN pip install .
# collectstatic needs a key to import the settings; it is not used at run time.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R faskel:faskel /app

USER faskel
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': 'localhost'}), timeout=4)"
# gunicorn.conf.py: workers and threads from the CPU count (WEB_CONCURRENCY,
# GUNICORN_THREADS), the app and WeasyPrint preloaded, a timeout, access log without
# query strings. The same image runs the background worker: `python manage.py
# db_worker` (compose.yaml).
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn --config gunicorn.conf.py faskel.wsgi"]
