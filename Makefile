# make run: venv, install, start the app on the embedded default (offline backend, SQLite, no key).
# make test: venv, install, run the whole test suite. make test-fast: all but the tests marked slow.
# make lock: re-pin requirements.lock and requirements-dev.lock from pyproject.toml (UPGRADE=--upgrade
# to move every pin to the newest release the ranges allow).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UPGRADE ?=
LOCK := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --unsafe-package coach

.PHONY: run serve-multi load test test-fast screenshots lint format lock bench grader clean

# The venv gets the pinned set first, then coach itself on top without resolving again. pip is not quiet:
# the first install takes a few minutes, and a line per package shows it is moving.
$(STAMP): pyproject.toml requirements-dev.lock
	@echo "coach: [1/3] creating a virtual environment in $(VENV) (first run, or pyproject.toml changed)"
	$(PYTHON) -m venv $(VENV)
	@echo "coach: [2/3] installing the pinned dependencies (requirements-dev.lock; a few minutes the first time)"
	$(BIN)/pip install --progress-bar on -r requirements-dev.lock
	@echo "coach: [3/3] installing coach itself"
	$(BIN)/pip install --progress-bar on --no-deps -e .
	touch $(STAMP)
	@echo "coach: installed into $(VENV)"

run: $(STAMP)
	@echo "coach: starting the trainee app (offline backend unless OPENAI_API_KEY is set); Ctrl+C stops it"
	$(BIN)/python app.py

# make serve-multi: one app process per core behind nginx (installed when missing), sharing one
# database; COACH_PROCESSES, COACH_FRONT and COACH_DATABASE_URL choose (scripts/serve-multi.sh).
serve-multi: $(STAMP)
	PYTHON=$(BIN)/python ./scripts/serve-multi.sh

# make load: simultaneous trainees with think time against a fresh offline app, level by level; the
# figures go to reports/bench/load.json. LOAD_ARGS passes options (python -m benchmarks.load --help).
LOAD_ARGS ?=
load: $(STAMP)
	mkdir -p reports/bench
	$(BIN)/python -m benchmarks.load --json reports/bench/load.json $(LOAD_ARGS)

test: $(STAMP)
	./scripts/ensure-chromium.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	COACH_TEST_POSTGRES_URL="$${COACH_TEST_POSTGRES_URL:-$$(./scripts/ensure-postgres.sh --url)}" $(BIN)/python -m pytest

# One worker per core and one more (pytest-xdist): many tests wait on a loopback server or a deadline, and
# the extra worker runs while they wait (on 2 cores: 66 s with 2 workers, 58 s with 3, 63 s with 4). Each
# test file stays on one worker so that its module fixtures are made once; fewer property examples
# (tests/conftest.py). The full run stays in one process: its browser and load tests time themselves.
# Bytecode is written (to __pycache__, ignored by git) even where PYTHONDONTWRITEBYTECODE is set: without
# it every worker compiles coach and rewrites every test module's asserts again, about 4 CPU s each.
# tests/e2e is not even collected: every browser test is slow (tests/conftest.py marks them), and importing
# the browser modules cost each worker about a CPU second.
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1) + 1)')
test-fast: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -m "not slow" --hypothesis-profile=fast -n $(TEST_WORKERS) --dist loadfile \
		--ignore=tests/e2e

# Refresh docs/screenshots/ from the browser tests (a normal test run keeps its screenshots in a temp folder).
screenshots: $(STAMP)
	$(BIN)/python -m pytest -q tests/e2e --update-screenshots

# mypy checks what [tool.mypy] in pyproject.toml names: the package, the benchmarks and the scripts.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The dev lock is compiled first; the app's lock starts from it so that both pin the same versions.
lock: $(STAMP)
	$(LOCK) $(UPGRADE) --extra dev --output-file requirements-dev.lock pyproject.toml
	cp requirements-dev.lock requirements.lock
	$(LOCK) --extra postgres --output-file requirements.lock pyproject.toml

# Rebuild the offline grader's scorer from the corpus (coach/resources/evals/calibration/dev.jsonl), after
# rewriting the dictionary its features tell names by (coach/grading/learned/names.json): about 15 minutes.
grader: $(STAMP)
	$(BIN)/python -m coach.grading.learned.names
	$(BIN)/coach train-grader

bench: $(STAMP)
	mkdir -p reports/bench
	$(BIN)/python -m benchmarks.offline_turn --json reports/bench/offline_turn.json
	$(BIN)/python -m benchmarks.grader --json reports/bench/grader.json
	$(BIN)/python -m benchmarks.patient_reply --json reports/bench/patient_reply.json
	$(BIN)/python -m benchmarks.llm_turn --json reports/bench/llm_turn.json
	$(BIN)/python -m benchmarks.load --levels 5,10,20 --turns 5 --think-scale 0.1 --bound-ms 100000 \
		--json reports/bench/load_small.json
	$(BIN)/python -m benchmarks.cold_start --json reports/bench/cold_start.json
	$(BIN)/python -m benchmarks.fault_soak --json reports/bench/fault_soak.json
	$(BIN)/python -m benchmarks.eval_concurrency --json reports/bench/eval_concurrency.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
