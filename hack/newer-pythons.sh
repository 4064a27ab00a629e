#!/usr/bin/env bash
# Usage: hack/newer-pythons.sh   (what `make newer-pythons` runs, from the repository root)
#
# The rest of `make test` runs on Python 3.11, the one interpreter every machine here has. This step
# covers what needs other interpreters, where the machine has them, and prints a SKIPPED: line for
# each one it does not have (hack/run-steps.sh then reports the step as skipped, not as passed):
#   1. sanity with --python X on the main core for every other module Python that tests/config.yml
#      claims and that core's ansible-test supports (the module-side checks: compile, import);
#   2. the newest ansible-core (it needs Python 3.12+): sanity, units and integration, through
#      `make CORE=newest` with the newest such interpreter.
# NEWER_PYTHONS (optional) lists the interpreters to consider, e.g. "python3.12 python3.13".
set -euo pipefail

make=${MAKE:-make}
tree=.build/ansible_collections/huaweicloud/codearts

# A pyenv shim for a version it does not have exits 127: only an interpreter that runs counts.
runs() {
    command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys' >/dev/null 2>&1
}

# The module Pythons the collection claims, as far as the main core's ansible-test supports them.
claimed=$(python3 - <<'PY'
import yaml
from ansible_test._internal.constants import SUPPORTED_PYTHON_VERSIONS
from packaging.specifiers import SpecifierSet

with open('tests/config.yml', encoding='utf-8') as config:
    spec = SpecifierSet(yaml.safe_load(config)['modules']['python_requires'])
print(' '.join(version for version in SUPPORTED_PYTHON_VERSIONS if version in spec))
PY
)
echo "newer-pythons: module Pythons claimed (tests/config.yml) and supported by $(ansible --version | head -n 1): $claimed"

main_python=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
sanity_ran=()
for version in $claimed; do
    [[ $version == "$main_python" ]] && continue
    if runs "python$version"; then
        "$make" --no-print-directory tree
        python3 hack/get_pip.py --install
        (cd "$tree" && ansible-test sanity --python "$version" --color no)
        sanity_ran+=("$version")
    else
        echo "SKIPPED: sanity --python $version: no working python$version on this machine"
    fi
done

newest=
for python in ${NEWER_PYTHONS:-python3.14 python3.13 python3.12}; do
    if runs "$python" && "$python" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
        newest=$(command -v "$python")
        break
    fi
done
if [[ -z $newest ]]; then
    echo "SKIPPED: newest ansible-core (2.20 and later need Python 3.12+): no Python 3.12 or later on this machine"
else
    version=$("$newest" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    echo "newer-pythons: newest ansible-core on $newest (Python $version)"
    CORE=newest PYTHON=$newest TEST_PYTHON=$version "$make" --no-print-directory venv tree sanity units integration
fi
echo "newer-pythons: sanity ran on: ${sanity_ran[*]:-no other Python}; newest core: ${newest:-skipped}"
