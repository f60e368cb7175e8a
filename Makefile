# make run: venv, install, start the app on the embedded default (offline backend, SQLite, no key).
# make test: venv, install, run the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench grader clean

# pip is not quiet: the first install takes a few minutes, and a line per package shows it is moving.
$(STAMP): pyproject.toml
	@echo "coach: [1/3] creating a virtual environment in $(VENV) (first run, or pyproject.toml changed)"
	$(PYTHON) -m venv $(VENV)
	@echo "coach: [2/3] updating pip"
	$(BIN)/pip install --upgrade --progress-bar on pip
	@echo "coach: [3/3] installing coach and its dependencies (a few minutes the first time)"
	$(BIN)/pip install --progress-bar on -e '.[dev]'
	touch $(STAMP)
	@echo "coach: installed into $(VENV)"

run: $(STAMP)
	@echo "coach: starting the trainee app (offline backend unless OPENAI_API_KEY is set); Ctrl+C stops it"
	$(BIN)/python app.py

test: $(STAMP)
	./scripts/ensure-chromium.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	COACH_TEST_POSTGRES_URL="$${COACH_TEST_POSTGRES_URL:-$$(./scripts/ensure-postgres.sh --url)}" $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Rebuild the offline grader's scorer from the corpus (evals/calibration/dev.jsonl): about 15 minutes.
grader: $(STAMP)
	$(BIN)/coach train-grader

bench: $(STAMP)
	mkdir -p reports/bench
	$(BIN)/python -m benchmarks.offline_turn --json reports/bench/offline_turn.json
	$(BIN)/python -m benchmarks.grader --json reports/bench/grader.json
	$(BIN)/python -m benchmarks.patient_reply --json reports/bench/patient_reply.json
	$(BIN)/python -m benchmarks.llm_turn --json reports/bench/llm_turn.json
	$(BIN)/python -m benchmarks.app_load --json reports/bench/app_load.json
	$(BIN)/python -m benchmarks.cold_start --json reports/bench/cold_start.json
	$(BIN)/python -m benchmarks.fault_soak --json reports/bench/fault_soak.json
	$(BIN)/python -m benchmarks.eval_concurrency --json reports/bench/eval_concurrency.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
