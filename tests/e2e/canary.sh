#!/usr/bin/env bash
# Usage: CANARY_PYTHON=PATH tests/e2e/canary.sh DIR   (what `make canary` runs, from the repository root)
#
# The newest ansible-core on PyPI, pre-releases included and not pinned (what `pip install --pre ansible-core` gives
# a user this week), in a venv and a copy of the collection of its own under DIR:
#   1. the demo (every module: change, then idempotent re-runs) inside the controller, with -vvv: no task may say
#      that it "runs as a module" (the in-controller path fell back, see plugins/plugin_utils/_core_api.py);
#   2. the demo again, as modules (HUAWEICLOUD_CODEARTS_IN_CONTROLLER=false);
#   3. an ad-hoc task, as a new user's first one.
# So the next move of an ansible-core internal shows the week its pre-release is out. A failure on a pre-release is
# REPORTED (the step does not fail `make test`: that release is not out yet); on a final release newer than the
# pinned ones it fails.
set -uo pipefail

dir=${1:?usage: tests/e2e/canary.sh DIR}
python=${CANARY_PYTHON:?set CANARY_PYTHON to the interpreter of the main core}
collections=$dir/collections
tree=$collections/ansible_collections/huaweicloud/codearts
venv=$dir/venv

rm -rf "$dir"
mkdir -p "$dir"
"$python" hack/sync_tree.py "$tree" >/dev/null || exit 1
"$python" -m venv "$venv" && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check uv || exit 1
# Nothing pinned: the newest ansible-core, a pre-release included (found first, then asked for by its version, so
# that no other package comes as a pre-release), with what it needs, as a user gets it.
newest=$(echo ansible-core | "$venv/bin/uv" pip compile --quiet --prerelease allow --no-header --no-annotate \
    --python "$venv/bin/python" - | grep '^ansible-core==') || exit 1
"$venv/bin/uv" pip install --quiet --compile-bytecode --python "$venv/bin/python" "$newest" requests PyYAML || exit 1
version=$("$venv/bin/python" -c 'from ansible.release import __version__; print(__version__)')
prerelease=$("$venv/bin/python" -c 'import sys; from packaging.version import Version; print(Version(sys.argv[1]).is_prerelease)' "$version")
echo "canary: ansible-core $version (pre-release: $prerelease) on $("$venv/bin/python" --version)"

failures=()
run() {
    local name=$1
    shift
    echo "==== canary: $name"
    if ! (cd "$tree" && PATH="$venv/bin:$PATH" PYTHON="$venv/bin/python" SDK_WITNESS=off ANSIBLE_COLLECTIONS_PATH="$collections" \
            "$@") >"$dir/$name.log" 2>&1; then
        tail -n 40 "$dir/$name.log"
        failures+=("$name failed (log: $dir/$name.log)")
        return
    fi
    grep -E '^(PLAY RECAP|localhost +:)|SUCCESS' "$dir/$name.log" || true
}
run demo-in-controller tests/e2e/with-emulator.sh "$dir/emulator-1.log" tests/e2e/demo.sh -vvv
if grep -q 'runs as a module' "$dir/demo-in-controller.log"; then
    grep -m 3 'runs as a module' "$dir/demo-in-controller.log"
    failures+=("a task ran as a module where it should run inside the controller")
fi
run demo-as-modules env HUAWEICLOUD_CODEARTS_IN_CONTROLLER=false tests/e2e/with-emulator.sh "$dir/emulator-2.log" tests/e2e/demo.sh
# shellcheck disable=SC2016  # expanded by the inner shell, under the emulator
run ad-hoc tests/e2e/with-emulator.sh "$dir/emulator-3.log" bash -c '. tests/e2e/huaweicloud-env.sh && ansible localhost \
    -m huaweicloud.codearts.codearts_build_job_info -a "project_id=$CODEARTS_PROJECT_ID"'

if ((${#failures[@]} == 0)); then
    echo "canary: ansible-core $version: the demo passed inside the controller and as modules, and the ad-hoc task ran"
    exit 0
fi
printf 'canary: %s\n' "${failures[@]}"
if [[ $prerelease == True ]]; then
    echo "REPORTED: canary: ansible-core $version, a pre-release, breaks the collection (see above); not a failure until it is released"
    exit 0
fi
echo "canary: ansible-core $version is a release: FAILED" >&2
exit 1
