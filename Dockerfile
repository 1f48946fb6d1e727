# Mahalla production image: gunicorn + uvicorn workers serving config.asgi (see docs/DEPLOY.md).
# No secret is baked in: the operator's .env (or *_FILE secrets) supplies them at run time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DEBUG=0 \
    PORT=8000 \
    MAHALLA_VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media \
    TRIAGE_MODEL_DIR=/data/triage

WORKDIR /app

# Dependencies first (their layer survives code changes): the pinned [project] dependencies
# only, never the dev extras.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
# Editable install: the package metadata (backup's app_version) with the code staying in /app,
# where settings.BASE_DIR finds templates/, static/ and locale/.
RUN pip install --no-deps -e . \
    && SECRET_KEY=build-only-not-a-secret \
       PERSONAL_DATA_KEYS=YnVpbGQtb25seS1ub3QtYS1zZWNyZXQtMDAwMDAwMDA= \
       DATABASE_URL=sqlite:////tmp/build-only.sqlite3 \
       python manage.py compile_translations \
    && SECRET_KEY=build-only-not-a-secret \
       PERSONAL_DATA_KEYS=YnVpbGQtb25seS1ub3QtYS1zZWNyZXQtMDAwMDAwMDA= \
       DATABASE_URL=sqlite:////tmp/build-only.sqlite3 \
       python manage.py collectstatic --noinput \
    && rm -f /tmp/build-only.sqlite3

# An unprivileged user; it owns only what it must write: var/ and the /data volume
# (media, retrained triage models).
RUN groupadd --system --gid 10001 mahalla \
    && useradd --system --uid 10001 --gid mahalla --home-dir /app --shell /usr/sbin/nologin mahalla \
    && mkdir -p /data/media /data/triage \
    && chown -R mahalla:mahalla /app/var /data
USER mahalla
VOLUME ["/data"]

EXPOSE 8000

# "/" through the same checks as a real request: an allowed Host and the proxy's HTTPS header
# (else SECURE_SSL_REDIRECT answers 301). A 4xx/5xx (503 while the database is away) fails.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h and h != '*' else 'localhost'; u.urlopen(u.Request('http://127.0.0.1:%s/' % os.environ.get('PORT', '8000'), headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=8)"]

ENTRYPOINT ["gunicorn", "-c", "/app/deploy/gunicorn.conf.py"]
