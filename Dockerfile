# hotel-agent: the API (`hotel-agent serve`) and the DLQ worker (`hotel-agent worker`) from one image.
FROM python:3.11-slim AS build
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md alembic.ini ./
COPY src ./src
RUN python -m venv /venv && /venv/bin/pip install --upgrade pip && /venv/bin/pip install .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 hotel
COPY --from=build /venv /venv
WORKDIR /app
COPY alembic.ini ./
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HOTEL_AGENT_HOST=0.0.0.0 \
    HOTEL_AGENT_DATA_DIR=/app/var \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus-multiproc
RUN mkdir -p /app/var /tmp/prometheus-multiproc && chown -R hotel /app/var /tmp/prometheus-multiproc
USER hotel
EXPOSE 8002
CMD ["hotel-agent", "serve"]
