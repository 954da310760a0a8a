# The app's one image: web, worker, beat and the one-off commands differ only in the role given to
# docker/start.sh (see compose.yaml). Models are not in the image: they live in the /models volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# gettext compiles the Arabic catalogue (manage.py compilemessages); every other dependency is a wheel.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

# PyTorch's CPU index: the same torch version without the several GB of CUDA libraries.
COPY requirements.txt /app/requirements.txt
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu -r /app/requirements.txt

WORKDIR /app
COPY . /app

ENV DEBUG=0 \
    PORT=8000 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    BEAT_SCHEDULE_FILE=/data/celerybeat-schedule \
    HF_HOME=/models/hf \
    CT2_MODELS_DIR=/models/ct2

# Build output, made once here instead of at every start. The key only lets settings load for these two
# commands; it is not in the image's environment, so a container without SECRET_KEY refuses to start (the
# app would make one in /app/var, which the app user may not write: every container must share one key).
RUN SECRET_KEY=build-only python manage.py compilemessages -v 0 \
    && SECRET_KEY=build-only python manage.py collectstatic --noinput -v 0

# The code stays root's; the app user writes only uploads, the beat schedule and the models.
RUN groupadd --gid 10001 app \
    && useradd --uid 10001 --gid app --create-home app \
    && mkdir -p /data/media /models/hf /models/ct2 \
    && chown -R app:app /data /models
USER 10001:10001
VOLUME ["/data/media", "/models"]

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["/app/docker/start.sh", "healthcheck"]
ENTRYPOINT ["/app/docker/start.sh"]
CMD ["web"]
