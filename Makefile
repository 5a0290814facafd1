# Every install step lives here: a fresh machine needs only Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := out/demo.db

.PHONY: install test lint demo bench sample clean smoke template

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests sample_data benchmarks

# Regenerates sample_data/ (deterministic: the same bytes of truth every run).
sample: install
	$(BIN)/python sample_data/generate.py

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	mkdir -p out
	$(BIN)/taskrollup ingest sample_data/inbox --db $(DEMO_DB) || [ $$? -eq 1 ]  # 1: the sample's planted problem rows
	$(BIN)/taskrollup tasks --db $(DEMO_DB)
	$(BIN)/taskrollup report --period H1-2021 --db $(DEMO_DB) --format table
	$(BIN)/taskrollup report --period H1-2021 --db $(DEMO_DB) --out out/bao-cao-H1-2021.docx
	$(BIN)/taskrollup report --period H1-2021 --db $(DEMO_DB) --format xlsx --out out/bao-cao-H1-2021.xlsx
	$(BIN)/taskrollup check --db $(DEMO_DB) --as-of 2021-06-30 --split-by-agency out/gui-lai || [ $$? -eq 1 ]  # 1: overdue tasks found

template: install
	$(BIN)/python templates/make_template.py

# Benchmark: a measurement, not a test. Options: make bench BENCH_ARGS="--quick"
# (also --repeat N, --scale-check, --against REV: see benchmarks/bench.py).
# fastexcel, a reference reader, is measured from a venv of its own: with pyarrow beside
# the tool, pandas would store the tool's text columns through pyarrow.
READERS_VENV := out/bench/readers-venv
READERS_STAMP := $(READERS_VENV)/.installed

$(READERS_STAMP): Makefile
	$(PYTHON) -m venv $(READERS_VENV)
	$(READERS_VENV)/bin/python -m pip install --quiet 'fastexcel>=0.21' 'pyarrow>=17' \
	  || echo "fastexcel not installed: the bench measures python-calamine's parse alone"
	touch $(READERS_STAMP)

bench: install $(READERS_STAMP)
	$(BIN)/python benchmarks/bench.py --readers-python $(READERS_VENV)/bin/python $(BENCH_ARGS)

# The installed command runs without dev dependencies (no accidental dev imports).
smoke:
	rm -rf out/smoke-venv && $(PYTHON) -m venv out/smoke-venv
	out/smoke-venv/bin/python -m pip install --quiet .
	out/smoke-venv/bin/taskrollup --help >/dev/null
	out/smoke-venv/bin/python -m taskrollup --version

clean:
	rm -rf $(VENV) out build src/*.egg-info .pytest_cache
