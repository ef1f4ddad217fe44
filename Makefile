# Two commands do all the set-up: `make lab` opens the lessons, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: lab test lint exercises benchmark clean

lab: $(VENV)/.kit-installed
	$(BIN)/kit lab $(LAB_ARGS)

test: $(VENV)/.kit-test-installed
	$(BIN)/ruff check src tests benchmarks notebooks exercises solutions
	$(BIN)/ruff format --check src tests benchmarks notebooks exercises solutions
	KIT_ANSWERS_DIR=$$(mktemp -d) KIT_SUBMISSIONS_DIR=$$(mktemp -d) KIT_LEARNER=nbval \
		$(BIN)/pytest --nbval-lax --nbval-current-env tests notebooks exercises solutions

exercises: $(VENV)/.kit-installed
	$(BIN)/kit build-exercises

benchmark: $(VENV)/.kit-test-installed
	$(BIN)/python -m benchmarks.run

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) || { echo; \
	  echo "Could not create a virtual environment. On Debian or Ubuntu run:"; \
	  echo "    sudo apt-get install python3-venv"; echo "then try again."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.kit-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.kit-test-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.kit-installed

clean:
	rm -rf $(VENV) build src/*.egg-info
