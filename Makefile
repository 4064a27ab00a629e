# Build, test and lint the huaweicloud.codearts collection.  `make help` lists the targets.
#
# Everything runs offline except package installs from PyPI (see the notes on each target).
# The tools live in .venv (pinned in tests/requirements.txt); the collection is tested from a
# copy in .build/ansible_collections/huaweicloud/codearts, because ansible-test only works
# inside a directory of that shape.

NAMESPACE    := huaweicloud
NAME         := codearts
BUILD        := $(CURDIR)/.build

# The ansible-core releases the collection is tested on (meta/runtime.yml: requires_ansible >=2.16.0): every
# maintained one, 2.16 (the floor Automation Hub and AAP users hold) and the newest pre-release. MAIN_CORE runs every
# step of `make test` in .venv, with every tool (tests/requirements.txt, pinned by hack/constraints.txt). Each other
# core gets a venv and a tree of its own under .build/core-<x.y>/ with what sanity, units and integration need there
# (tests/requirements-cores.txt, pinned by hack/constraints-core-<x.y>.txt): `make CORE=2.16 sanity` runs a step on
# that core, `make core-2.16` that core's share of `make test` (sanity and units; integration on INTEGRATION_CORES).
# `make lock` pins them all, PRE_CORE to its newest pre-release.
MAIN_CORE         := 2.21
PRE_CORE          := 2.22
OTHER_CORES       := 2.16 2.17 2.18 2.19 2.20 $(PRE_CORE)
INTEGRATION_CORES := 2.16 2.20 $(MAIN_CORE) $(PRE_CORE)
# The Python each core runs on in the controller (2.20 and 2.21 need 3.12 or later, 2.22 3.13 or later).
PYTHON_FOR_2.16   := 3.11
PYTHON_FOR_2.17   := 3.11
PYTHON_FOR_2.18   := 3.11
PYTHON_FOR_2.19   := 3.11
PYTHON_FOR_2.20   := 3.12
PYTHON_FOR_2.21   := 3.13
PYTHON_FOR_2.22   := 3.13

CORE ?= $(MAIN_CORE)
ifeq ($(filter $(CORE),$(MAIN_CORE) $(OTHER_CORES)),)
$(error CORE=$(CORE): the tested ansible-core releases are $(OTHER_CORES) and $(MAIN_CORE))
endif
TEST_PYTHON := $(PYTHON_FOR_$(CORE))
# The real interpreter behind any pyenv shim or active venv (hack/find-python.sh), empty when the machine lacks it.
BASE_PYTHON := $(shell hack/find-python.sh $(TEST_PYTHON))
ifeq ($(CORE),$(MAIN_CORE))
VENV         := $(CURDIR)/.venv
REQUIREMENTS := tests/requirements.txt
CONSTRAINTS  := hack/constraints.txt
TREE         := $(BUILD)/ansible_collections/$(NAMESPACE)/$(NAME)
LOGS         := $(BUILD)/logs
COLLECTIONS  := $(BUILD)
else
VENV         := $(BUILD)/core-$(CORE)/venv
REQUIREMENTS := tests/requirements-cores.txt
CONSTRAINTS  := hack/constraints-core-$(CORE).txt
TREE         := $(BUILD)/core-$(CORE)/ansible_collections/$(NAMESPACE)/$(NAME)
LOGS         := $(BUILD)/logs/core-$(CORE)
COLLECTIONS  := $(BUILD)/core-$(CORE)
endif
# COLLECTIONS holds the ansible_collections/ of TREE: ANSIBLE_COLLECTIONS_PATH for the steps that run ansible.
# The constraints pin ansible-core too (PRE_CORE's to a pre-release, which the exact pin lets in).
CORE_REQUIREMENT := ansible-core==$(CORE).*
# What `make units` runs on this core (tests/e2e/units.sh): everything on the main core; on the others the tests that use
# ansible-core but not the fault matrix and bad-input tests (thousands of tasks both ways; the integration tests run
# both ways on the integration cores).
UNITS_SCOPE  := $(if $(filter $(CORE),$(MAIN_CORE)),all,plugins)
# The integration targets: every one on the main core; on the others every one but codearts_proxy, whose subject (TLS
# and proxies, in requests) does not depend on ansible-core. The cookbook is a step of its own (make cookbook).
# The older integration cores leave out the longest targets (LONG_TARGETS): their modules go through the same core API
# as every other target's (CodeArtsModule, through AnsibleModule or the action plugin), which the rest exercise on
# those cores; the main core and the pre-release run every target.
LONG_TARGETS := codearts_pipeline_run codearts_pipeline_step codearts_freeze
INTEGRATION_TARGETS := --exclude cookbook/ $(if $(filter $(CORE),$(MAIN_CORE)),,--exclude codearts_proxy) \
	$(if $(filter $(CORE),$(MAIN_CORE) $(PRE_CORE)),,$(addprefix --exclude ,$(LONG_TARGETS)))
# What `make sanity` checks on this core: everything on the main core; on the others what the collection ships
# (plugins, the event source, metadata, the emulator), since the tests and tools are run with the main core only.
SANITY_TARGETS := $(if $(filter $(CORE),$(MAIN_CORE)),,plugins/ extensions/ meta/ tests/codearts_emulator/)
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
SWEEPS_ARGS      ?=
MOLECULE_ARGS    ?=

# The steps of `make test`. After venv and tree, two lanes run side by side, one per core of the machine (each step of
# a lane in order; hack/run-lanes.sh): the first, everything on the main core (the collection, then what AWX and
# Galaxy users meet: the AWX job, the execution environment, the importer, the docs site) and one other core; the
# second, the other cores (those with integration first), the module Pythons and the canary. About as long each.
FIRST_STEPS  := venv tree
MAIN_LANE    := sanity units integration cookbook load reliability lint demo molecule eda awx ee galaxy-importer docs \
	core-2.20
OTHER_LANE   := core-2.16 core-$(PRE_CORE) core-2.17 core-2.18 core-2.19 module-pythons canary load-projects requests

# Tools from .venv come first, so ansible-test's `python3.13` is the venv's and not a pyenv shim.
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

.PHONY: bench-cores bench-core bench-projects bench-sweeps load-projects requests format help venv lock tree sanity units integration cookbook lint demo molecule eda docs awx ee galaxy-importer release docs-operations bench load reliability test clean module-pythons canary $(addprefix core-,$(OTHER_CORES))

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

venv: $(VENV_STAMP) ## Create .venv with the pinned tools (again when the pins change)

# uv installs the tool set about ten times faster than pip; it comes from PyPI like the rest, and
# plain pip takes over if it cannot be installed (or with `make venv USE_UV=no`). uv is told to compile the
# bytecode, as pip does: where PYTHONDONTWRITEBYTECODE is set (as on these machines) every module process would
# otherwise compile requests and its dependencies again.
$(VENV_STAMP): $(REQUIREMENTS) $(CONSTRAINTS)
	[[ -n "$(BASE_PYTHON)" ]] || { echo "venv: no Python $(TEST_PYTHON) on this machine for ansible-core $(CORE)" >&2; exit 1; }
	rm -rf $(VENV)
	$(BASE_PYTHON) -m venv $(VENV)
	if [[ $(USE_UV) != no ]] && $(BIN)/python -m pip install --quiet --disable-pip-version-check uv; then \
	    $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python \
	        -r $(REQUIREMENTS) '$(CORE_REQUIREMENT)' -c $(CONSTRAINTS); \
	else \
	    echo "venv: installing with pip"; \
	    $(BIN)/python -m pip install --quiet --disable-pip-version-check --pre -r $(REQUIREMENTS) '$(CORE_REQUIREMENT)' -c $(CONSTRAINTS); \
	fi
	touch $@

# Resolved with a uv of its own, so that a lock that no longer installs can still be redone.
lock: ## Re-pin every dependency: hack/constraints.txt, and hack/constraints-core-<x.y>.txt for each other core
	[[ -x $(BUILD)/uv/bin/uv ]] || { $(BASE_PYTHON) -m venv $(BUILD)/uv && \
	    $(BUILD)/uv/bin/python -m pip install --quiet --disable-pip-version-check uv; }
	$(BUILD)/uv/bin/uv pip compile --quiet --python-version $(PYTHON_FOR_$(MAIN_CORE)) --custom-compile-command 'make lock' \
	    tests/requirements.txt -o hack/constraints.txt
	$(foreach core,$(OTHER_CORES),echo "ansible-core==$(core).*" | $(BUILD)/uv/bin/uv pip compile --quiet \
	    --python-version $(PYTHON_FOR_$(core)) --prerelease if-necessary-or-explicit --custom-compile-command 'make lock' \
	    tests/requirements-cores.txt - -o hack/constraints-core-$(core).txt;)

tree: ## Copy the collection's files (tracked + untracked, not ignored) to .build/ansible_collections/
	$(or $(BASE_PYTHON),python3) hack/sync_tree.py $(TREE)

# ansible-test builds a venv for each sanity test that needs packages and bootstraps pip in it
# with a script it downloads from a host we cannot reach: hack/get_pip.py stands in for it.
sanity: venv tree ## ansible-test sanity (every sanity test, no ignore file)
	$(BIN)/python hack/get_pip.py --install
	cd $(TREE) && ansible-test sanity --python $(TEST_PYTHON) --color no $(SANITY_ARGS) $(SANITY_TARGETS)

units: venv tree ## Unit tests under tests/unit (ansible-test units --local)
	cd $(TREE) && TEST_PYTHON=$(TEST_PYTHON) UNITS_HOME=$(UNITS_HOME) UNITS_SCOPE=$(UNITS_SCOPE) \
	    tests/e2e/units.sh $(UNITS_ARGS)

# The cookbook's target (alias cookbook/) is a step of its own: it runs each playbook of playbooks/ twice, as users
# run them, which is slow, and once on the main core is enough (its modules are tested on every core above).
# Every target runs twice: inside the controller (the action plugins, how a local task runs), then as modules
# (codearts_in_controller: false). `make integration IN_CONTROLLER=true` (or false) runs one of the two.
IN_CONTROLLER ?= true false
integration: venv tree ## Integration targets of the modules against the emulator, in the controller and as modules
	cd $(TREE) && PYTHON=$(BIN)/python TEST_PYTHON=$(TEST_PYTHON) \
	    tests/e2e/with-emulator.sh $(LOGS)/emulator-integration.log bash -c 'for way in $(IN_CONTROLLER); do \
	        echo "integration: codearts_in_controller=$$way"; CODEARTS_IN_CONTROLLER=$$way tests/e2e/integration.sh "$$@" || exit; done' \
	    integration $(or $(INTEGRATION_ARGS),$(INTEGRATION_TARGETS))

cookbook: venv tree ## The cookbook: each playbook of playbooks/ against the seeded housekeeping project, twice
	cd $(TREE) && PYTHON=$(BIN)/python TEST_PYTHON=$(TEST_PYTHON) \
	    tests/e2e/with-emulator.sh $(LOGS)/emulator-cookbook.log tests/e2e/integration.sh cookbook/

# ansible-lint runs in the tree too: offline it resolves the collection's own modules only through
# ANSIBLE_COLLECTIONS_PATH, and its caches stay out of the repository.
# ruff (pyproject.toml) first: a file that `make format` would change fails the step.
lint: venv tree ## ruff format --check and ruff check, ansible-lint, antsibull-docs lint-collection-docs, antsibull-changelog lint
	cd $(TREE) && ruff format --check --diff . && ruff check .
	cd $(TREE) && ANSIBLE_HOME=$(TREE)/.ansible ANSIBLE_COLLECTIONS_PATH=$(BUILD) ansible-lint
	cd $(TREE) && antsibull-docs lint-collection-docs --plugin-docs .
	cd $(TREE) && antsibull-changelog lint

format: venv ## Format the Python of the checkout and sort its imports (ruff, configured in pyproject.toml)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

demo: venv tree ## Run demo/playbook.yml and an ad-hoc task against the emulator, configured by HUAWEICLOUD_* variables
	cd $(TREE) && PYTHON=$(BIN)/python ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) \
	    tests/e2e/with-emulator.sh $(LOGS)/emulator-demo.log tests/e2e/demo.sh $(DEMO_ARGS)

molecule: venv tree ## molecule test of extensions/molecule/default (converge, idempotence, verify) against the emulator
	cd $(TREE) && PYTHON=$(BIN)/python \
	    tests/e2e/with-emulator.sh $(LOGS)/emulator-molecule.log tests/e2e/molecule.sh test $(MOLECULE_ARGS)

# The docs site of the tree (plugin pages and the guides of docs/docsite/), built offline with Sphinx -W,
# then its codearts_build_job page checked in headless Chromium (installed when missing and we are root;
# otherwise the check prints SKIPPED).
docs: venv tree ## Build the docs site offline into .build/docsite/build/html and check a module page in Chromium
	hack/docs.sh $(BUILD)
	ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(BIN)/python tests/e2e/docs_browser_check.py $(BUILD)/docsite

# ansible-runner is the engine AWX runs jobs with: one job per way to authenticate, whose credentials come
# only from what the AWX credential type injects (tests/e2e/awx_job.py says what it checks).
awx: venv tree ## ansible-runner jobs as AWX runs them, one per way to authenticate, against the emulator; no secret in their output
	cd $(TREE) && PYTHON=$(BIN)/python ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
	    tests/e2e/with-emulator.sh $(LOGS)/emulator-awx.log $(BIN)/python tests/e2e/awx_job.py $(BUILD)/awx

# The test moves the emulator's clock hours on: the emulator then accepts signatures a day from its clock (the cloud: 15 min).
eda: venv tree ## Event-Driven Ansible: ansible-rulebook runs each rulebook of extensions/eda/rulebooks/ against the emulator
	cd $(TREE) && PYTHON=$(BIN)/python ANSIBLE_COLLECTIONS_PATH=$(BUILD) EMULATOR_MAX_SKEW=86400 \
	    tests/e2e/with-emulator.sh $(LOGS)/emulator-eda.log bash -c '. tests/e2e/huaweicloud-env.sh && exec "$$0" tests/e2e/eda_rulebook.py "$$1"' \
	    $(BIN)/python $(BUILD)/eda

# Without a container engine: the build context that `ansible-builder build` would build (tests/e2e/ee.py).
ee: venv tree ## ansible-builder introspect, and create with docs/docsite/execution- and decision-environment.yml; check the build contexts
	cd $(TREE) && $(BIN)/python tests/e2e/ee.py $(BUILD)/ee

# galaxy-importer runs in a venv of its own (.build/galaxy-importer-venv): it pins its own ansible-core and
# ansible-lint. Its checks are Galaxy's, so a release that passes here uploads without surprises.
galaxy-importer: venv tree ## Build the release tarball and run galaxy-importer on it: fails on any error or warning
	tests/e2e/galaxy_importer.sh $(TREE) $(BUILD)

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
	$(MAKE) --no-print-directory bench-sweeps
	$(MAKE) --no-print-directory requests REQUESTS_ARGS='--out $(CURDIR)/docs/performance.md'

# hack/bench_sweeps.py: stop_long_runs over 50, 200 and 800 pipelines beside the official SDK's sequential script, at
# 0 and 30 ms a request, with their requests against the API's minimum (about 10 minutes; part of `make bench`).
bench-sweeps: venv tree ## Time the stop_long_runs sweep beside the SDK at 0 and 30 ms a request: docs/performance.md
	cd $(TREE) && $(BIN)/python hack/bench_sweeps.py --out $(CURDIR)/docs/performance.md --json $(LOGS)/sweeps.json \
	    $(SWEEPS_ARGS)

# The ratios against debug on the oldest core, the last one on Python 3.11 and the main one, each in its own venv and
# tree, into docs/performance.md's "Across ansible-core releases" (bench-core: one of them, `make CORE=2.16 bench-core`).
BENCH_CORES ?= 2.16 2.19 $(MAIN_CORE)
bench-cores: ## Measure a few modules beside debug and ping on each of BENCH_CORES: docs/performance.md
	for core in $(BENCH_CORES); do $(MAKE) --no-print-directory CORE=$$core venv tree bench-core || exit; done

bench-core: venv tree
	cd $(TREE) && $(BIN)/python hack/benchmark.py --across-cores $(BUILD)/logs/bench-cores.json \
	    --out $(CURDIR)/docs/performance.md $(BENCH_ARGS)

# tests/e2e/load.py starts its own emulator, runs tests/load/playbook.yml over 300 hosts with 20 forks (stopped after
# 600 s), checks every result, write and token request, and reports wall time and requests per second.
load: venv tree ## Load test: change 300 resources at once with 20 forks against the emulator; check and time it
	cd $(TREE) && $(BIN)/python tests/e2e/load.py --out $(LOGS)/load.json

# tests/e2e/load_projects.py: stop_long_runs over the codearts_projects inventory of an emulated tenant of 48 projects
# in two regions, with 1, 10 and 20 forks; checks that exactly the runaway runs were stopped, and times it. Stops land
# after 0.2 s here, not the emulator's 2 s: at one fork the play would mostly wait for them.
# It has a tree of its own: it runs in the other lane, beside the main lane's steps in TREE.
load-projects: venv ## Load test across projects: stop_long_runs over 48 projects in two regions, 1, 10 and 20 forks
	$(BIN)/python hack/sync_tree.py $(BUILD)/load-projects/ansible_collections/$(NAMESPACE)/$(NAME)
	cd $(BUILD)/load-projects/ansible_collections/$(NAMESPACE)/$(NAME) && \
	    $(BIN)/python tests/e2e/load_projects.py --stop-delay 0.2 --out $(LOGS)/load-projects.json

# The same with the emulator's 2 s stops, three rounds, into docs/performance.md's "Across projects" (not a step of
# `make test`: about 13 minutes).
# tests/e2e/request_counts.py: every cookbook playbook, the `_info` listings and the event source's poll in one project
# of 100 pipelines, jobs and check tasks, their requests against the minimum the API allows (about a minute and a half;
# its own tree, so it runs beside the main lane). `make bench` writes its table into docs/performance.md.
requests: venv ## Requests against the minimum: each cookbook playbook, _info listing and the event poll, within 1.2x
	$(BIN)/python hack/sync_tree.py $(BUILD)/requests/ansible_collections/$(NAMESPACE)/$(NAME)
	cd $(BUILD)/requests/ansible_collections/$(NAMESPACE)/$(NAME) && \
	    $(BIN)/python tests/e2e/request_counts.py --json $(LOGS)/requests.json $(REQUESTS_ARGS)

bench-projects: venv tree ## Time stop_long_runs over 48 projects with 1, 10 and 20 forks: docs/performance.md
	cd $(TREE) && $(BIN)/python tests/e2e/load_projects.py --rounds 3 --out $(LOGS)/bench-projects.json
	cd $(TREE) && $(BIN)/python hack/benchmark.py --across-projects $(LOGS)/bench-projects.json \
	    --out $(CURDIR)/docs/performance.md

# The figures that `make units` (tests/unit/reliability) and `make load` left, written into the checkout's docs/.
reliability: venv ## Write docs/reliability.md from the last `make units` and `make load`; fail on a defect they show
	$(BIN)/python hack/reliability_report.py $(TREE)/tests/output/reliability/figures.jsonl $(LOGS)/load.json docs/reliability.md

# One other core's share of `make test`, each step in its own make so that a failed one is reported and the others
# still run (hack/run-steps.sh with that core's logs). A core whose Python this machine lacks says SKIPPED.
$(addprefix core-,$(OTHER_CORES)): core-%: ## e.g. `make core-2.16`: sanity, units (and integration on INTEGRATION_CORES) and the demo on that ansible-core
	@if [[ -z "$$(hack/find-python.sh $(PYTHON_FOR_$*))" ]]; then \
	    echo "SKIPPED: ansible-core $*: no Python $(PYTHON_FOR_$*) on this machine (hack/find-python.sh)"; exit 0; fi; \
	CORE=$* STEPS_NAME='make core-$*' MAKE='$(MAKE)' hack/run-steps.sh $(BUILD)/logs/core-$* \
	    venv tree sanity units $(if $(filter $*,$(INTEGRATION_CORES)),integration) demo

# The module-side sanity tests (compile, import) with every other Python that tests/config.yml claims and the main
# core's ansible-test supports, each found by hack/find-python.sh; one that the machine lacks says SKIPPED.
module-pythons: venv ## Sanity's module-side tests (compile, import) on every other module Python the collection claims
	$(BIN)/python hack/sync_tree.py $(BUILD)/module-pythons/ansible_collections/$(NAMESPACE)/$(NAME)
	tests/e2e/module-pythons.sh $(BUILD)/module-pythons/ansible_collections/$(NAMESPACE)/$(NAME) $(BUILD)/pythons $(TEST_PYTHON)

# The newest ansible-core on PyPI, pre-releases included and unpinned, as a user trying it gets it: the demo both ways
# and an ad-hoc task, with every task inside the controller in the first way. A failure on a pre-release is reported
# (REPORTED:, not a failure of `make test`); on a final release it fails. PRE_CORE is the pinned pre-release.
canary: ## The newest ansible-core on PyPI (pre-releases too): the demo inside the controller and as modules
	CANARY_PYTHON=$(BASE_PYTHON) tests/e2e/canary.sh $(BUILD)/canary

# Every step runs even after one fails, so a run reports all problems; each step's output is also kept in
# .build/logs/<step>.log. The main lane prints as it goes; the other lane's output is in .build/logs/other-lane.log,
# and its summary (with the end of the log of any step that failed) comes at the end.
test: ## Every step CI runs, on every tested ansible-core, in two lanes side by side, with a summary
	@MAKE='$(MAKE)' hack/run-lanes.sh $(LOGS) "$(FIRST_STEPS)" "$(MAIN_LANE)" "$(OTHER_LANE)"

clean: ## Remove .venv, .build and test output
	rm -rf $(VENV) $(BUILD) tests/output .pytest_cache .hypothesis
