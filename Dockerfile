# cdo-bot: the Telegram bot for Chief Data Officers (首席数据官).
# Build: docker build -t cdo-bot .
# Run:   docker run --env-file .env -v cdo-data:/data cdo-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CDO_DATA_DIR=/data \
    CDO_CACHE_DIR=/data/cache \
    TZ_NAME=Asia/Shanghai

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY storage ./storage
COPY locale ./locale
RUN pip install . \
    && useradd --create-home --uid 10001 cdo \
    && mkdir -p /data/cache && chown -R cdo:cdo /data
USER cdo
VOLUME ["/data"]

# Migrations first (idempotent), then the bot; `exec` so that SIGTERM reaches the bot for a graceful stop.
CMD ["sh", "-c", "cdo-bot db upgrade && exec cdo-bot run"]
