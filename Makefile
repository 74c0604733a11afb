# The two commands of the README, and the few around them. Each creates .venv when missing
# and installs into it once (a stamp file records the install; pyproject.toml changes redo it).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
HOST   ?= 127.0.0.1
PORT   ?= 8000
STORE  ?= $(or $(CAACGRAPH_STORE),.caacgraph/graph.json.gz)
STAMP  := $(VENV)/.installed

# What `make serve` loads: the curated reference data, and ../shared's seed documents, corpus documents
# and UCDP datasets when present (the CSV files only: the codebook beside them is not a CAAC document).
DATA := $(wildcard $(SHARED)/seeds) $(wildcard $(SHARED)/corpus) $(wildcard $(SHARED)/data/ucdp/*.csv)

.PHONY: serve test lint typecheck load bench install clean eval

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

load: $(STAMP)
	@echo "loading the curated reference data$(if $(strip $(DATA)), and: $(strip $(DATA)))"
	@$(if $(wildcard $(SHARED)/seeds),true,echo "note: no shared material at $(SHARED) (its seeds, corpus and UCDP data are not loaded); set SHARED=path/to/shared")
	$(BIN)/caacgraph --store $(STORE) load --reference $(DATA)

serve: load
	$(BIN)/caacgraph --store $(STORE) serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

# What the document loader reads out of the annotated documents: recall and precision per document,
# genre and relation type against ../shared/gold and eval/gold (docs/loaders.md).
eval: $(STAMP)
	$(BIN)/python -m eval.run --shared $(SHARED) $(EVAL_ARGS)

# Figures, not tests: each script prints what it measured (docs/benchmarks.md keeps them). The bench
# extra adds LadybugDB, the embedded graph database the named queries are compared with.
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	@mkdir -p .caacgraph
	$(BIN)/python -m bench.scale --json .caacgraph/bench.json
	$(BIN)/python -m bench.report .caacgraph/bench.json > .caacgraph/bench.md
	@echo "tables for docs/benchmarks.md: .caacgraph/bench.md"
	$(BIN)/python -m bench.start --scale 1000000
	$(BIN)/python -m bench.documents
	$(BIN)/python -m bench.datasets

clean:
	rm -rf $(VENV) .caacgraph .pytest_cache .mypy_cache .ruff_cache
