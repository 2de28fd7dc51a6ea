# cinesim: `make demo` renders an example, `make test` runs the tests. Both install what is missing first.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every cache cinesim's tools write lives here, not in $HOME: pip, numba, the grounding model, anny's model
# (anny/), warp's kernels (warp/) and the people's bodies (people/).
export CINESIM_CACHE ?= $(CURDIR)/.cache
export PIP_CACHE_DIR := $(CINESIM_CACHE)/pip
export NUMBA_CACHE_DIR := $(CINESIM_CACHE)/numba
export HF_HOME := $(CINESIM_CACHE)/huggingface
export HF_HUB_OFFLINE := 1
export CINESIM_APT_PACKAGES := libegl1 libegl-mesa0 libgl1-mesa-dri
JOBS ?= 2

.PHONY: demo test test-slow lint bench clean

$(STAMP): pyproject.toml tools/bootstrap.sh $(wildcard examples/*.yaml)
	@tools/bootstrap.sh
	@touch $@

demo: $(STAMP)
	@$(BIN)/cinesim render examples/newtons_cradle.yaml -o out/newtons_cradle.mp4

test: $(STAMP)
	@$(BIN)/ruff check src tests bench tools
	@$(BIN)/python -m pytest -n $(JOBS) -m "not slow"

test-slow: $(STAMP)
	@$(BIN)/python -m pytest -n $(JOBS) -m slow

lint: $(STAMP)
	@$(BIN)/ruff check src tests bench tools

bench: $(STAMP)
	@$(BIN)/python bench/sim.py
	@$(BIN)/python bench/audio.py
	@$(BIN)/python bench/director.py
	@$(BIN)/python bench/render.py
	@$(BIN)/python bench/characters.py

clean:
	rm -rf out .pytest_cache
