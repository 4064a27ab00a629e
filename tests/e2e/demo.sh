#!/usr/bin/env bash
# Usage (from the collection root of the copied tree, under tests/e2e/with-emulator.sh):
#   tests/e2e/demo.sh [ansible-playbook ARG...]
#
# Run demo/playbook.yml against the emulator the way a user would run it against the cloud, then an ad-hoc task:
# everything through the HUAWEICLOUD_* environment variables the modules read.
# ANSIBLE_COLLECTIONS_PATH must point at the directory holding ansible_collections/ (the Makefile
# sets it to .build), so the collection under test is the one that is found.
set -euo pipefail

: "${CODEARTS_EMULATOR_URL:?run me under tests/e2e/with-emulator.sh}"
: "${ANSIBLE_COLLECTIONS_PATH:?set it to the directory holding ansible_collections/huaweicloud/codearts}"
playbook=demo/playbook.yml

if [[ ! -f $playbook ]]; then
    echo "SKIPPED: demo: $playbook does not exist yet"
    exit 0
fi

# shellcheck source=tests/e2e/huaweicloud-env.sh
. tests/e2e/huaweicloud-env.sh

# An explicit inventory makes interpreter discovery pick whatever python3 is first on PATH
# (a pyenv shim that may not work): use the Python that runs ansible-playbook, which has requests.
python=$(command -v python3)
ansible-playbook -i localhost, -c local -e "ansible_python_interpreter=$python" "$playbook" "$@"

# A new user's first task: ad hoc, on the implicit localhost, through the same variables.
echo "demo: ansible localhost -m huaweicloud.codearts.codearts_build_job_info -a project_id=$CODEARTS_PROJECT_ID"
answer=$(ansible localhost -m huaweicloud.codearts.codearts_build_job_info -a "project_id=$CODEARTS_PROJECT_ID" \
    -e "ansible_python_interpreter=$python")
echo "$answer"
grep -q '^localhost | SUCCESS' <<<"$answer"
# The projects as an inventory, in both regions of the emulator.
echo "demo: ansible-inventory -i demo/codearts_projects.yml --graph"
graph=$(ansible-inventory -i demo/codearts_projects.yml --graph)
echo "$graph"
grep -q '@codearts_cn_north_4:' <<<"$graph"
grep -q '@codearts_cn_south_1:' <<<"$graph"
echo "demo: $(ansible --version | sed -n 1p): the playbook, the ad-hoc task and the inventory passed"
