# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
# A pip index for torch and torchvision alone, e.g. PyTorch's CPU-only wheels on a machine
# without a GPU; empty: torch comes from the default index like every other package.
TORCH_INDEX ?=
TORCH_REQS := $(shell grep -oE '"torch(vision)?[<>=!~][^"]*"' pyproject.toml)
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test imports install bench clean screenshot translations

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

# Refresh the translation sources after GUI strings changed: the core catalogue as lupdate input,
# then lupdate over convnet_studio/gui into resources/translations/*.ts (new strings appear there
# unfinished: translate them, e.g. with $(BIN)/pyside6-linguist), then lrelease to .qm (the app
# also compiles a missing .qm itself on first launch, see convnet_studio/gui/i18n/compile.py).
translations: $(STAMP)
	$(BIN)/python -m convnet_studio.gui.i18n.sources
	$(BIN)/pyside6-lupdate -silent -no-obsolete -locations none -source-language en -target-language zh_CN \
		$$(find convnet_studio/gui -name '*.py' -not -path '*/__pycache__/*' | sort) \
		-ts resources/translations/convnet_studio_zh_CN.ts
	$(BIN)/pyside6-lrelease -silent resources/translations/convnet_studio_zh_CN.ts

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
