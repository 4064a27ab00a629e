#!/usr/bin/env bash
# Usage (from the collection root of the copied tree, under tests/e2e/with-emulator.sh):
#   [CODEARTS_IN_CONTROLLER=false] tests/e2e/integration.sh [ansible-test integration ARG...]
#
# ansible-test does not pass arbitrary environment variables to the test playbooks, so the
# emulator's URL and credentials reach them as vars of tests/integration/integration_config.yml
# (which ansible-test loads for every target): codearts_emulator_url plus one lower-case var for
# each CODEARTS_* variable of tests/e2e/emulator.env.
set -euo pipefail

: "${CODEARTS_EMULATOR_URL:?run me under tests/e2e/with-emulator.sh}"
test_python=${TEST_PYTHON:-3.11}
config=tests/integration/integration_config.yml

if ! compgen -G 'tests/integration/targets/*/tasks/main.yml' >/dev/null; then
    echo "SKIPPED: integration: no targets under tests/integration/targets/ yet"
    exit 0
fi

{
    echo "---"
    echo "# Written by tests/e2e/integration.sh for one run against the emulator; not versioned."
    echo "codearts_emulator_url: '$CODEARTS_EMULATOR_URL'"
    # Where the modules run (plugins/plugin_utils/_in_controller.py): inside the controller (true, the default for a
    # local task) or as modules (false). `make integration` runs the targets both ways.
    echo "codearts_in_controller: ${CODEARTS_IN_CONTROLLER:-true}"
    while IFS='=' read -r name _; do
        [[ $name =~ ^CODEARTS_[A-Z0-9_]+$ ]] || continue
        echo "${name,,}: '${!name}'"
    done <tests/e2e/emulator.env
} >"$config"

# --local: run on this (the venv's) Python; ansible-test's own venv/container modes need the internet.
# ansible-core warns on every task when meta/runtime.yml's requires_ansible leaves out the running
# release: that is a failure here, since the release is one the collection claims.
log=tests/output/integration.log
mkdir -p "$(dirname "$log")"
ansible-test integration --python "$test_python" --local --color no "$@" 2>&1 | tee "$log"
if grep -q 'does not support Ansible version' "$log"; then
    echo "integration: ansible-core $(ansible --version | head -n 1) warned that it is not supported (meta/runtime.yml)" >&2
    exit 1
fi

# Every AK/SK request the modules sent was re-signed by the official SDK (the emulator's witness):
# fail unless there were some and the SDK and the emulator agreed on every one.
python3 tests/e2e/sdk_witness.py "$CODEARTS_EMULATOR_URL"
