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

BUILD        := $(CURDIR)/.build

# The ansible-core releases the collection is tested on (meta/runtime.yml: requires_ansible >=2.16.0).
# MAIN_CORE runs in .venv with every tool (tests/requirements.txt). Each other core gets a venv and a
# tree of its own under .build/core-<x.y>/ with what sanity, units and integration need there
# (tests/requirements-cores.txt): `make CORE=2.16 sanity` runs a step on that core, and `make core-2.16`
# runs that core's share of `make test`: sanity and units everywhere, integration on the oldest and
# the newest core.
MAIN_CORE         := 2.19
OLDER_CORES       := 2.16 2.17 2.18
INTEGRATION_CORES := 2.16 $(MAIN_CORE)
CORE              ?= $(MAIN_CORE)
ifeq ($(CORE),$(MAIN_CORE))
VENV         := $(CURDIR)/.venv
REQUIREMENTS := tests/requirements.txt
# Every transitive dependency pinned too (`make lock` rewrites it), so CI does not change under us.
CONSTRAINTS  := hack/constraints.txt
TREE         := $(BUILD)/ansible_collections/$(NAMESPACE)/$(NAME)
LOGS         := $(BUILD)/logs
else ifneq ($(filter $(CORE),$(OLDER_CORES)),)
VENV         := $(BUILD)/core-$(CORE)/venv
REQUIREMENTS := tests/requirements-cores.txt
CONSTRAINTS  := hack/constraints-core-$(CORE).txt
TREE         := $(BUILD)/core-$(CORE)/ansible_collections/$(NAMESPACE)/$(NAME)
LOGS         := $(BUILD)/logs/core-$(CORE)
else ifeq ($(CORE),newest)
# The newest ansible-core on Python 3.12+, where a machine has it (hack/newer-pythons.sh): unpinned,
# as a new install gets it, since no machine here can lock it.
VENV         := $(BUILD)/core-newest/venv
REQUIREMENTS := tests/requirements-cores.txt
CONSTRAINTS  := tests/requirements-cores.txt
CORE_REQUIREMENT := ansible-core>=2.20
TREE         := $(BUILD)/core-newest/ansible_collections/$(NAMESPACE)/$(NAME)
LOGS         := $(BUILD)/logs/core-newest
else
$(error CORE=$(CORE): the tested ansible-core releases are $(OLDER_CORES) $(MAIN_CORE) (and newest))
endif
CORE_REQUIREMENT ?= ansible-core==$(CORE).*
# What `make units` runs on this core (hack/units.sh): everything on the main core; on the others the tests that use
# ansible-core, and the fault matrix and bad-input tests only where integration runs too.
UNITS_SCOPE  := $(if $(filter $(CORE),$(MAIN_CORE)),all,$(if $(filter $(CORE),$(INTEGRATION_CORES) newest),core,plugins))
BIN          := $(VENV)/bin
VENV_STAMP   := $(VENV)/.installed
# HOME for the unit tests: importing the Huawei SDK writes ~/.huaweicloud/application_id.
UNITS_HOME   := $(LOGS)/home

# Install the tools with uv (yes) or with plain pip (no).
USE_UV       ?= yes
# Extra arguments, e.g. `make sanity SANITY_ARGS='--test pylint'`, `make units UNITS_ARGS=-v`.
SANITY_ARGS      ?=
UNITS_ARGS       ?=
INTEGRATION_ARGS ?=
DEMO_ARGS        ?=
BENCH_ARGS       ?=
MOLECULE_ARGS    ?=

# The steps of `make test`, in order: everything on the main core first (the collection, then what AWX
# and Galaxy users meet: the AWX job, the execution environment, the importer, the docs site), then the
# other cores.
TEST_STEPS   := venv tree sanity units integration cookbook load reliability lint demo molecule eda awx ee galaxy-importer docs \
	$(addprefix core-,$(OLDER_CORES)) newer-pythons

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

.PHONY: help venv lock tree sanity units integration cookbook lint demo molecule eda docs awx ee galaxy-importer release docs-operations bench load reliability test clean newer-pythons $(addprefix core-,$(OLDER_CORES))

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

venv: $(VENV_STAMP) ## Create .venv with the pinned tools (again when the pins change)

# uv installs the tool set about ten times faster than pip; it comes from PyPI like the rest, and
# plain pip takes over if it cannot be installed (or with `make venv USE_UV=no`). uv is told to compile the
# bytecode, as pip does: where PYTHONDONTWRITEBYTECODE is set (as on these machines) every module process would
# otherwise compile requests and its dependencies again.
$(VENV_STAMP): $(REQUIREMENTS) $(CONSTRAINTS)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	if [[ $(USE_UV) != no ]] && $(BIN)/python -m pip install --quiet --disable-pip-version-check uv; then \
	    $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r $(REQUIREMENTS) '$(CORE_REQUIREMENT)' -c $(CONSTRAINTS); \
	else \
	    echo "venv: installing with pip"; \
	    $(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(REQUIREMENTS) '$(CORE_REQUIREMENT)' -c $(CONSTRAINTS); \
	fi
	touch $@

# Resolved with a uv of its own, so that a lock that no longer installs can still be redone.
lock: ## Re-pin every dependency: hack/constraints.txt, and hack/constraints-core-<x.y>.txt for each other core
	[[ -x $(BUILD)/uv/bin/uv ]] || { $(PYTHON) -m venv $(BUILD)/uv && \
	    $(BUILD)/uv/bin/python -m pip install --quiet --disable-pip-version-check uv; }
	$(BUILD)/uv/bin/uv pip compile --quiet --python-version $(TEST_PYTHON) --custom-compile-command 'make lock' \
	    tests/requirements.txt -o hack/constraints.txt
	for core in $(OLDER_CORES); do \
	    echo "ansible-core==$$core.*" | $(BUILD)/uv/bin/uv pip compile --quiet --python-version $(TEST_PYTHON) \
	        --custom-compile-command 'make lock' tests/requirements-cores.txt - -o hack/constraints-core-$$core.txt; \
	done

tree: ## Copy the collection's files (tracked + untracked, not ignored) to .build/ansible_collections/
	$(PYTHON) hack/sync_tree.py $(TREE)

# ansible-test builds a venv for each sanity test that needs packages and bootstraps pip in it
# with a script it downloads from a host we cannot reach: hack/get_pip.py stands in for it.
sanity: venv tree ## ansible-test sanity (every sanity test, no ignore file)
	$(BIN)/python hack/get_pip.py --install
	cd $(TREE) && ansible-test sanity --python $(TEST_PYTHON) --color no $(SANITY_ARGS)

units: venv tree ## Unit tests under tests/unit (ansible-test units --local)
	cd $(TREE) && TEST_PYTHON=$(TEST_PYTHON) UNITS_HOME=$(UNITS_HOME) UNITS_SCOPE=$(UNITS_SCOPE) \
	    hack/units.sh $(UNITS_ARGS)

# The cookbook's target (alias cookbook/) is a step of its own: it runs each playbook of playbooks/ twice, as users
# run them, which is slow, and once on the main core is enough (its modules are tested on every core above).
# Every target runs twice: inside the controller (the action plugins, how a local task runs), then as modules
# (codearts_in_controller: false). `make integration IN_CONTROLLER=true` (or false) runs one of the two.
IN_CONTROLLER ?= true false
integration: venv tree ## Integration targets of the modules against the emulator, in the controller and as modules
	cd $(TREE) && PYTHON=$(BIN)/python TEST_PYTHON=$(TEST_PYTHON) \
	    hack/with-emulator.sh $(LOGS)/emulator-integration.log bash -c 'for way in $(IN_CONTROLLER); do \
	        echo "integration: codearts_in_controller=$$way"; CODEARTS_IN_CONTROLLER=$$way hack/integration.sh "$$@" || exit; done' \
	    integration $(or $(INTEGRATION_ARGS),--exclude cookbook/)

cookbook: venv tree ## The cookbook: each playbook of playbooks/ against the seeded housekeeping project, twice
	cd $(TREE) && PYTHON=$(BIN)/python TEST_PYTHON=$(TEST_PYTHON) \
	    hack/with-emulator.sh $(LOGS)/emulator-cookbook.log hack/integration.sh cookbook/

# ansible-lint runs in the tree too: offline it resolves the collection's own modules only through
# ANSIBLE_COLLECTIONS_PATH, and its caches stay out of the repository.
lint: venv tree ## ansible-lint, antsibull-docs lint-collection-docs, antsibull-changelog lint
	cd $(TREE) && ANSIBLE_HOME=$(TREE)/.ansible ANSIBLE_COLLECTIONS_PATH=$(BUILD) ansible-lint
	cd $(TREE) && antsibull-docs lint-collection-docs --plugin-docs .
	cd $(TREE) && antsibull-changelog lint

demo: venv tree ## Run demo/playbook.yml against the emulator, configured by HUAWEICLOUD_* variables
	cd $(TREE) && PYTHON=$(BIN)/python ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
	    hack/with-emulator.sh $(LOGS)/emulator-demo.log hack/demo.sh $(DEMO_ARGS)

molecule: venv tree ## molecule test of extensions/molecule/default (converge, idempotence, verify) against the emulator
	cd $(TREE) && PYTHON=$(BIN)/python \
	    hack/with-emulator.sh $(LOGS)/emulator-molecule.log hack/molecule.sh test $(MOLECULE_ARGS)

# The docs site of the tree (plugin pages and the guides of docs/docsite/), built offline with Sphinx -W,
# then its codearts_build_job page checked in headless Chromium (installed when missing and we are root;
# otherwise the check prints SKIPPED).
docs: venv tree ## Build the docs site offline into .build/docsite/build/html and check a module page in Chromium
	hack/docs.sh $(BUILD)
	ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(BIN)/python hack/docs_browser_check.py $(BUILD)/docsite

# ansible-runner is the engine AWX runs jobs with: one job per way to authenticate, whose credentials come
# only from what the AWX credential type injects (hack/awx_job.py says what it checks).
awx: venv tree ## ansible-runner jobs as AWX runs them, one per way to authenticate, against the emulator; no secret in their output
	cd $(TREE) && PYTHON=$(BIN)/python ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
	    hack/with-emulator.sh $(LOGS)/emulator-awx.log $(BIN)/python hack/awx_job.py $(BUILD)/awx

# The test moves the emulator's clock hours on: the emulator then accepts signatures a day from its clock (the cloud: 15 min).
eda: venv tree ## Event-Driven Ansible: ansible-rulebook runs each rulebook of extensions/eda/rulebooks/ against the emulator
	cd $(TREE) && PYTHON=$(BIN)/python ANSIBLE_COLLECTIONS_PATH=$(BUILD) EMULATOR_MAX_SKEW=86400 \
	    hack/with-emulator.sh $(LOGS)/emulator-eda.log bash -c '. hack/huaweicloud-env.sh && exec "$$0" hack/eda_rulebook.py "$$1"' \
	    $(BIN)/python $(BUILD)/eda

# Without a container engine: the build context that `ansible-builder build` would build (hack/ee.py).
ee: venv tree ## ansible-builder introspect, and create with docs/docsite/execution- and decision-environment.yml; check the build contexts
	cd $(TREE) && $(BIN)/python hack/ee.py $(BUILD)/ee

# galaxy-importer runs in a venv of its own (.build/galaxy-importer-venv): it pins its own ansible-core and
# ansible-lint. Its checks are Galaxy's, so a release that passes here uploads without surprises.
galaxy-importer: venv tree ## Build the release tarball and run galaxy-importer on it: fails on any error or warning
	hack/galaxy_importer.sh $(TREE) $(BUILD)

# Run it again after late fragments: they join the same release (hack/release.sh says how).
release: venv ## Release galaxy.yml's version: fold changelogs/fragments/ into changelog.yaml, regenerate CHANGELOG.rst
	hack/release.sh

# tests/unit/conformance/test_operations_table.py fails (in `make units`) when docs/operations.md is stale.
docs-operations: venv ## Regenerate docs/operations.md (operations: emulated, exercised by the SDK, used by)
	$(BIN)/python hack/operations_table.py --write

# Not a step of `make test`: timings depend on the machine (tests check behaviour, never time). hack/benchmark.py
# starts its own emulator and writes docs/performance.md and docs/performance.png into the checkout (about 20 minutes
# on 2 cores; `make bench BENCH_ARGS='--rounds 1'` for a quick look).
bench: venv tree ## Measure what a task of each module costs, both ways, beside debug, ping, uri and the SDK: docs/performance.md
	cd $(TREE) && $(BIN)/python hack/benchmark.py --out $(CURDIR)/docs/performance.md --json $(LOGS)/bench.json $(BENCH_ARGS)

# hack/load.py starts its own emulator, runs tests/load/playbook.yml over 300 hosts with 20 forks (stopped after
# 600 s), checks every result, write and token request, and reports wall time and requests per second.
load: venv tree ## Load test: change 300 resources at once with 20 forks against the emulator; check and time it
	cd $(TREE) && $(BIN)/python hack/load.py --out $(LOGS)/load.json

# The figures that `make units` (tests/unit/reliability) and `make load` left, written into the checkout's docs/.
reliability: venv ## Write docs/reliability.md from the last `make units` and `make load`; fail on a defect they show
	$(BIN)/python hack/reliability_report.py $(TREE)/tests/output/reliability/figures.jsonl $(LOGS)/load.json docs/reliability.md

# One other core's share of `make test`, each step in its own make so that a failed one is reported
# and the others still run (hack/run-steps.sh with that core's logs).
$(addprefix core-,$(OLDER_CORES)): core-%: ## e.g. `make core-2.16`: sanity and units (and integration on the oldest) on that ansible-core
	@CORE=$* STEPS_NAME='make core-$*' MAKE='$(MAKE)' hack/run-steps.sh $(BUILD)/logs/core-$* venv tree sanity units $(if $(filter $*,$(INTEGRATION_CORES)),integration)

# Module Pythons the collection claims (tests/config.yml) and the newest ansible-core, which needs
# Python 3.12+: run on what this machine has, and say what it does not have.
newer-pythons: venv ## Sanity on every other module Python the collection claims, and the newest ansible-core when Python 3.12+ is here
	MAKE='$(MAKE)' hack/newer-pythons.sh

# Every step runs even after one fails, so a run reports all problems; each step's output is also
# kept in .build/logs/<step>.log.
test: ## Every step CI runs (TEST_STEPS), on every tested ansible-core, with a summary
	@MAKE='$(MAKE)' hack/run-steps.sh $(LOGS) $(TEST_STEPS)

clean: ## Remove .venv, .build and test output
	rm -rf $(VENV) $(BUILD) tests/output .pytest_cache .hypothesis
