# Production image of the sampling-event publisher: one image for web, worker and beat.
# docker-compose.yml runs it (with PostgreSQL and Redis); see .env.example for the settings.
#
# The default command only starts gunicorn: run `python manage.py bootstrap --no-static`
# (migrations, admin account) before it, as the compose file's web service does. Static files
# are collected at build time. Everything the instance writes goes to the /data volume.
FROM python:3.11-slim

# STATIC_ROOT: static files live in the image, not in the /data volume: a volume keeps the
# files of the image it was first created from, so an upgraded image would serve stale assets.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=publisher.settings \
    DATA_DIR=/data \
    STATIC_ROOT=/app/staticfiles \
    PORT=8000

# gettext: msgfmt for compilemessages, should the project ship .po files.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

# web, worker and beat all run as this unprivileged user (USER below; the compose file sets
# no other); it can write to /data only (the code stays root-owned). /data is owner-only, and
# so is everything the processes create in it (DATA_UMASK, 077 by default). A new named volume
# takes this owner and mode from the image.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home \
        --shell /usr/sbin/nologin app \
    && mkdir -p /data \
    && chown app:app /data \
    && chmod 0700 /data

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so this layer is rebuilt only when they change.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the project itself. Editable on purpose: settings.BASE_DIR must be /app, where
# templates/, static/ and locale/ live; a plain `pip install .` would put a second copy of the
# packages in site-packages without them.
COPY . .
RUN pip install --no-deps -e . \
    && python -m compileall -q core publisher catalogue resources metadata workflows manage.py

# Build-time only: a throwaway key and data dir, so nothing of them ends up in the image.
RUN export SECRET_KEY=build-only-not-a-secret DATA_DIR=/tmp/build-data \
    && if find . -name '*.po' -not -path './.venv/*' | grep -q .; then \
           python manage.py compilemessages --ignore '.venv/*'; \
       fi \
    && python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-data

USER app
VOLUME ["/data"]
EXPOSE 8000

# No HEALTHCHECK here: worker and beat run this same image; docker-compose.yml gives each
# service its own (web's reads GET /health).
# gunicorn listens on PORT (8000 unless the environment says otherwise).
CMD ["sh", "-c", "exec gunicorn publisher.wsgi:application --bind \"0.0.0.0:${PORT}\" --workers 3 --access-logfile -"]
