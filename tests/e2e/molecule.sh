#!/usr/bin/env bash
# Usage (from the collection root of the copied tree, under tests/e2e/with-emulator.sh):
#   tests/e2e/molecule.sh [molecule ARG...]      e.g. tests/e2e/molecule.sh test
#
# Run molecule (collection mode: galaxy.yml is in the working directory, the scenarios are under
# extensions/molecule/) against the emulator, connected through the HUAWEICLOUD_* variables as
# tests/e2e/demo.sh is. The scenario itself points ANSIBLE_COLLECTIONS_PATH at the tree that holds it
# and turns molecule's prerun off, so nothing is installed into ~/.ansible/collections.
set -euo pipefail

: "${CODEARTS_EMULATOR_URL:?run me under tests/e2e/with-emulator.sh}"

# shellcheck source=tests/e2e/huaweicloud-env.sh
. tests/e2e/huaweicloud-env.sh

# molecule keeps each scenario's inventory, ansible.cfg and state under $ANSIBLE_HOME/tmp
# (~/.ansible/tmp): keep them, and whatever else Ansible would put in ~/.ansible, in the working
# directory's .ansible/ (ignored, and left alone by hack/sync_tree.py).
export ANSIBLE_HOME=$PWD/.ansible

exec molecule "$@"
