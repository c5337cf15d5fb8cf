# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
# A pip index for torch and torchvision alone, e.g. PyTorch's CPU-only wheels on a machine
# without a GPU; empty: torch comes from the default index like every other package.
TORCH_INDEX ?=
TORCH_REQS := $(shell grep -oE '"torch(vision)?[<>=!~][^"]*"' pyproject.toml)
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test imports install bench clean screenshot

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(if $(TORCH_INDEX),$(BIN)/python -m pip install --quiet --index-url $(TORCH_INDEX) $(TORCH_REQS))
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/convnet-studio

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The import contracts alone (pyproject.toml [tool.importlinter]); `make test` checks them too.
imports: $(STAMP)
	$(BIN)/lint-imports --no-cache

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_train.py --json

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/convnet-studio --screenshot resources/screenshot.png --train-seconds 8

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
