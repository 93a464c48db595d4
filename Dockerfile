# The hub (kiosk_api) and the Telegram gateway: one image, two commands (see docker-compose.yml).
FROM python:3.11-slim

# espeak-ng reads answers aloud at the kiosk; tzdata comes from pip (Europe/Athens).
RUN apt-get update \
    && apt-get install -y --no-install-recommends espeak-ng \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 kentro

WORKDIR /app
COPY pyproject.toml requirements.lock README.md alembic.ini ./
COPY kiosk_api kiosk_api
COPY knowledge knowledge
COPY multilingual multilingual
COPY migrations migrations
COPY locales locales
# The danger recogniser learns from the bot's ordinary messages too (what must never raise an alarm).
COPY bot/data/nlu bot/data/nlu
RUN pip install --no-cache-dir -c requirements.lock . \
    && for language in el en ar rom; do \
         pybabel compile -D messages -i locales/$language/LC_MESSAGES/messages.po \
                                    -o locales/$language/LC_MESSAGES/messages.mo; \
       done \
    && mkdir -p /app/var && python -m kiosk_api.danger.recogniser && chown -R kentro /app/var

USER kentro
ENV LOCALES_DIR=/app/locales KIOSK_API_HOST=0.0.0.0 KIOSK_API_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4)"
# Open event streams would otherwise hold a stop until their clients leave. Idle connections stay open longer than
# any caller keeps them (tools/stack.py, KEEP_ALIVE_SECONDS), so a request never meets a connection being closed.
# X-Forwarded-For is believed only from the addresses in FORWARDED_ALLOW_IPS (uvicorn's own setting; the proxy's, in
# docker-compose.yml), so a client cannot choose the address the login limit counts.
CMD ["uvicorn", "kiosk_api.main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--no-access-log", "--timeout-graceful-shutdown", "5", "--timeout-keep-alive", "90"]
