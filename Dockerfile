FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-dejavu-core fonts-liberation2 postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e . && useradd --system --home /app pokvolg
COPY . .
RUN SECRET_KEY=build python manage.py collectstatic --noinput -v0 \
 && mkdir -p /app/var/media && chown -R pokvolg /app/var

USER pokvolg
EXPOSE 8000
CMD ["gunicorn", "pokvolg.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--limit-request-line", "0", "--access-logfile", "-"]
