# Filmsite's production image: gunicorn serving filmsite.wsgi, static files by WhiteNoise.
# CI runs the same steps without Docker (.ci/run: "Dockerfile steps").
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PORT=8000

RUN groupadd --system filmsite \
    && useradd --system --gid filmsite --home-dir /app --no-create-home filmsite

# The locked runtime dependencies only, with their hashes checked; a layer of its own so
# that code changes do not reinstall them.
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/venv \
    && pip install --require-hashes -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock

WORKDIR /app
COPY --chown=filmsite:filmsite . .

# The key only signs nothing during the build; the real one comes from the environment.
# Both folders belong to the app's user: compose.yaml mounts volumes there, which start as
# copies of them, and its release step collects each new release's files into the static one.
RUN DJANGO_SECRET_KEY=collectstatic-build-only python manage.py collectstatic --no-input \
    && mkdir -p media && chown -R filmsite:filmsite media staticfiles

USER filmsite
EXPOSE 8000

# /healthz answers whatever the Host (filmsite/healthz.py), so 127.0.0.1 need not be allowed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
    CMD ["python", "-m", "filmsite.healthcheck"]

# Migrations are a release step (`python manage.py migrate`), not run by every server start.
# gunicorn.conf.py reads PORT, WEB_CONCURRENCY and the trusted proxies (DJANGO_TRUSTED_PROXIES,
# none by default) from the environment; the app logs each request as JSON on stdout.
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
