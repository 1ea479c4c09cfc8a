# Cruscotto in a container: gunicorn serving the web app and the documents' worker,
# Debian's Chromium for the PDFs. PostgreSQL runs beside it (compose.yaml).
# Nothing secret is baked in: CRUSCOTTO_SECRET_KEY, DATABASE_URL and
# CRUSCOTTO_ALLOWED_HOSTS come from the environment when the container starts.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm chromium-headless-shell fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
COPY pyproject.toml README.md ./
COPY src ./src
COPY samples ./samples
RUN pip install --no-cache-dir . && useradd --system --home /app cruscotto \
 && mkdir -p /app/var && chown cruscotto /app/var

# The installed package finds node_modules/, samples/ and var/ under CRUSCOTTO_HOME.
ENV CRUSCOTTO_HOME=/app \
    PYTHONUNBUFFERED=1
USER cruscotto
EXPOSE 8000
# Migrates the database if needed, then serves; behind a proxy that terminates HTTPS
# set CRUSCOTTO_HTTPS=1 (see docs/deployment.md).
CMD ["cruscotto", "serve", "--host", "0.0.0.0", "--port", "8000"]
