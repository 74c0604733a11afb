# The caacgraph API: `docker build -t caacgraph .`; docker-compose.yml runs it against Neo4j.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app
COPY pyproject.toml README.m[d] ./
COPY graph ./graph
COPY loaders ./loaders
COPY api ./api
COPY queries ./queries
COPY data/reference ./data/reference
RUN touch README.md && pip install . && useradd --create-home --uid 10001 caacgraph

# PYTHONPATH=/app: the code beside data/reference is what runs, so `load --reference` finds it.
USER caacgraph
EXPOSE 8000
CMD ["caacgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
