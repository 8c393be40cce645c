# hotel-agent — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-12)
PORT ?= 8002
# make test's pytest-xdist workers (one per core on 2 cores; many tests wait on servers and subprocesses).
TEST_WORKERS ?= 2

.PHONY: run test dev-setup install system-deps lint typecheck fmt migrate worker eval-nlp eval-dialogues nlp-model bench bench-all load \
        slo-generate settings-docs docker-up docker-down clean contract

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,voice]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

dev-setup: system-deps install  ## everything a developer needs
	@test -f .env || cp .env.example .env
	@echo "ready: make run | make test"

system-deps:
	bash scripts/ensure-system-deps.sh

migrate: install
	$(BIN)/hotel-agent migrate

run: install  ## the service on 127.0.0.1:8002 with embedded defaults (SQLite, simulator, in-process worker)
	$(BIN)/hotel-agent migrate
	$(BIN)/hotel-agent serve --port $(PORT)

worker: install
	$(BIN)/hotel-agent worker

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

typecheck: install
	$(BIN)/mypy

fmt: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test: system-deps install lint  ## the whole suite, with coverage
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --cov=hotel_agent --cov-report=term-missing:skip-covered -q
	@echo 'DLQ coverage (must be >= 95 %):'
	$(BIN)/coverage report --include='*/hotel_agent/dlq/*' --fail-under=95 --skip-covered --sort=cover

QLOAPPS_STATE ?= var/qloapps
contract: install  ## the QloApps client against a live QloApps (scripts/qloapps-dev.sh SRC_DIR brings one up)
	@if [ -z "$$HOTEL_AGENT_QLOAPPS_TEST_KEY" ] && [ -s $(QLOAPPS_STATE)/ws_key ]; then \
		export HOTEL_AGENT_QLOAPPS_TEST_URL="$${HOTEL_AGENT_QLOAPPS_TEST_URL:-http://127.0.0.1:$${QLOAPPS_PORT:-8787}}"; \
		export HOTEL_AGENT_QLOAPPS_TEST_KEY="$$(cat $(QLOAPPS_STATE)/ws_key)"; \
	fi; $(BIN)/pytest -q -rs -p no:cacheprovider tests/contract

eval-nlp: install
	$(BIN)/hotel-agent nlp-eval

eval-dialogues: install  ## whole conversations (tests/dialogues): success, turns, wrong bookings/handoffs
	$(BIN)/python -m hotel_agent.orchestrator.evaluate $(ARGS)

# Regenerates src/hotel_agent/nlp/intent_model.npz from data/nlp/train (a test fails when it is stale).
nlp-model: install
	$(BIN)/python -m hotel_agent.nlp.train

bench: install  ## the message path against bare FastAPI (issue 15's figures, < 5 min on 2 cores)
	$(BIN)/python -m bench --only path

bench-all: install  ## every benchmark: message path, NLP, speech, pipeline latency, DLQ stores
	$(BIN)/python -m bench

load: install
	$(BIN)/python -m bench.load

slo-generate: install
	$(BIN)/hotel-agent slo generate

settings-docs: install  ## .env.example and the README settings table, from settings.py
	$(BIN)/python -m hotel_agent.settings_docs

docker-up:  ## the compose stack: API, worker, Redis, PostgreSQL, Prometheus, Alertmanager, Grafana
	bash scripts/compose.sh docker-up

docker-down:
	bash scripts/compose.sh docker-down

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .coverage
