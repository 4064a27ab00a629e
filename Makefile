# Build, test and lint the huaweicloud.codearts collection.  `make help` lists the targets.
#
# Everything runs offline except package installs from PyPI (see the notes on each target).
# The tools live in .venv (pinned in tests/requirements.txt); the collection is tested from a
# copy in .build/ansible_collections/huaweicloud/codearts, because ansible-test only works
# inside a directory of that shape.

# The interpreter that creates .venv: the real python3.11 behind any pyenv shim or active venv,
# resolved once (sub-makes inherit it; their PATH already starts with .venv/bin).
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for py in python3.11 python3; do command -v $$py >/dev/null && \
	exec $$py -c 'import os, sys; print(os.path.join(sys.base_prefix, "bin", "python%d.%d" % sys.version_info[:2]))'; done)
endif
export PYTHON
# The collection is tested with this Python version.
TEST_PYTHON  := 3.11
NAMESPACE    := huaweicloud
NAME         := codearts

VENV         := $(CURDIR)/.venv
BIN          := $(VENV)/bin
REQUIREMENTS := tests/requirements.txt
# Every transitive dependency pinned too (`make lock` rewrites it), so CI does not change under us.
CONSTRAINTS  := hack/constraints.txt
VENV_STAMP   := $(VENV)/.installed
BUILD        := $(CURDIR)/.build
TREE         := $(BUILD)/ansible_collections/$(NAMESPACE)/$(NAME)
LOGS         := $(BUILD)/logs
# HOME for the unit tests: importing the Huawei SDK writes ~/.huaweicloud/application_id.
UNITS_HOME   := $(BUILD)/home

# Install the tools with uv (yes) or with plain pip (no).
USE_UV       ?= yes
# Extra arguments, e.g. `make sanity SANITY_ARGS='--test pylint'`, `make units UNITS_ARGS=-v`.
SANITY_ARGS      ?=
UNITS_ARGS       ?=
INTEGRATION_ARGS ?=
DEMO_ARGS        ?=
BENCH_ARGS       ?=
MOLECULE_ARGS    ?=

# The steps of `make test`, in order.
TEST_STEPS   := venv tree sanity units integration lint demo molecule

# Tools from .venv come first, so ansible-test's `python3.11` is the venv's and not a pyenv shim.
export PATH := $(BIN):$(PATH)
# Keep what ansible writes for local tasks out of the user's ~/.ansible/tmp.
export ANSIBLE_LOCAL_TEMP := $(BUILD)/tmp/local
export ANSIBLE_REMOTE_TMP := $(BUILD)/tmp/remote
# uv's cache may be on another file system than .venv: copy instead of warning about hard links.
export UV_LINK_MODE := copy

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

.PHONY: help venv lock tree sanity units integration lint demo molecule docs-operations bench test clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

venv: $(VENV_STAMP) ## Create .venv with the pinned tools (again when the pins change)

# uv installs the tool set about ten times faster than pip; it comes from PyPI like the rest, and
# plain pip takes over if it cannot be installed (or with `make venv USE_UV=no`).
$(VENV_STAMP): $(REQUIREMENTS) $(CONSTRAINTS)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	if [[ $(USE_UV) != no ]] && $(BIN)/python -m pip install --quiet --disable-pip-version-check uv; then \
	    $(BIN)/uv pip install --quiet --python $(BIN)/python -r $(REQUIREMENTS) -c $(CONSTRAINTS); \
	else \
	    echo "venv: installing with pip"; \
	    $(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(REQUIREMENTS) -c $(CONSTRAINTS); \
	fi
	touch $@

# Resolved with a uv of its own, so that a lock that no longer installs can still be redone.
lock: ## Re-pin every dependency of tests/requirements.txt in hack/constraints.txt
	[[ -x $(BUILD)/uv/bin/uv ]] || { $(PYTHON) -m venv $(BUILD)/uv && \
	    $(BUILD)/uv/bin/python -m pip install --quiet --disable-pip-version-check uv; }
	$(BUILD)/uv/bin/uv pip compile --quiet --python-version $(TEST_PYTHON) --custom-compile-command 'make lock' \
	    $(REQUIREMENTS) -o $(CONSTRAINTS)

tree: ## Copy the collection's files (tracked + untracked, not ignored) to .build/ansible_collections/
	$(PYTHON) hack/sync_tree.py $(TREE)

# ansible-test builds a venv for each sanity test that needs packages and bootstraps pip in it
# with a script it downloads from a host we cannot reach: hack/get_pip.py stands in for it.
sanity: venv tree ## ansible-test sanity (every sanity test, no ignore file)
	$(BIN)/python hack/get_pip.py --install
	cd $(TREE) && ansible-test sanity --python $(TEST_PYTHON) --color no $(SANITY_ARGS)

units: venv tree ## Unit tests under tests/unit (ansible-test units --local)
	cd $(TREE) && TEST_PYTHON=$(TEST_PYTHON) UNITS_HOME=$(UNITS_HOME) hack/units.sh $(UNITS_ARGS)

integration: venv tree ## Integration targets against the emulator (ansible-test integration --local)
	cd $(TREE) && PYTHON=$(BIN)/python TEST_PYTHON=$(TEST_PYTHON) \
	    hack/with-emulator.sh $(LOGS)/emulator-integration.log hack/integration.sh $(INTEGRATION_ARGS)

# ansible-lint runs in the tree too: offline it resolves the collection's own modules only through
# ANSIBLE_COLLECTIONS_PATH, and its caches stay out of the repository.
lint: venv tree ## ansible-lint, antsibull-docs lint-collection-docs, antsibull-changelog lint
	cd $(TREE) && ANSIBLE_COLLECTIONS_PATH=$(BUILD) ansible-lint
	cd $(TREE) && antsibull-docs lint-collection-docs --plugin-docs .
	cd $(TREE) && antsibull-changelog lint

demo: venv tree ## Run demo/playbook.yml against the emulator, configured by HUAWEICLOUD_* variables
	cd $(TREE) && PYTHON=$(BIN)/python ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
	    hack/with-emulator.sh $(LOGS)/emulator-demo.log hack/demo.sh $(DEMO_ARGS)

molecule: venv tree ## molecule test of extensions/molecule/default (converge, idempotence, verify) against the emulator
	cd $(TREE) && PYTHON=$(BIN)/python \
	    hack/with-emulator.sh $(LOGS)/emulator-molecule.log hack/molecule.sh test $(MOLECULE_ARGS)

# tests/unit/conformance/test_operations_table.py fails (in `make units`) when docs/operations.md is stale.
docs-operations: venv ## Regenerate docs/operations.md (operations: emulated, exercised by the SDK, used by)
	$(BIN)/python hack/operations_table.py --write

# Not a step of `make test`: timings depend on the machine. hack/benchmark.py starts its own emulator.
bench: venv tree ## Measure what a task of each module costs, against the emulator
	cd $(TREE) && python hack/benchmark.py $(BENCH_ARGS)

# Every step runs even after one fails, so a run reports all problems; each step's output is also
# kept in .build/logs/<step>.log.
test: ## venv, tree, sanity, units, integration, lint, demo and molecule, with a summary
	@MAKE='$(MAKE)' hack/run-steps.sh $(LOGS) $(TEST_STEPS)

clean: ## Remove .venv, .build and test output
	rm -rf $(VENV) $(BUILD) tests/output .pytest_cache .hypothesis
