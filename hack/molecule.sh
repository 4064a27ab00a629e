#!/usr/bin/env bash
# Usage (from the collection root of the copied tree, under hack/with-emulator.sh):
#   hack/molecule.sh [molecule ARG...]      e.g. hack/molecule.sh test
#
# Run molecule (collection mode: galaxy.yml is in the working directory, the scenarios are under
# extensions/molecule/) against the emulator, connected through the HUAWEICLOUD_* variables as
# hack/demo.sh is. The scenario itself points ANSIBLE_COLLECTIONS_PATH at the tree that holds it
# and turns molecule's prerun off, so nothing is installed into ~/.ansible/collections.
set -euo pipefail

: "${CODEARTS_EMULATOR_URL:?run me under hack/with-emulator.sh}"

# shellcheck source=hack/huaweicloud-env.sh
. hack/huaweicloud-env.sh

# molecule keeps each scenario's inventory, ansible.cfg and state under $ANSIBLE_HOME/tmp
# (~/.ansible/tmp): keep them, and whatever else Ansible would put in ~/.ansible, in the working
# directory's .ansible/ (ignored, and left alone by hack/sync_tree.py).
export ANSIBLE_HOME=$PWD/.ansible

exec molecule "$@"
