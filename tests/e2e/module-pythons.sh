#!/usr/bin/env bash
# Usage: tests/e2e/module-pythons.sh TREE PYTHONS_DIR MAIN_PYTHON   (what `make module-pythons` runs)
#
# Modules run on the managed node's Python, which may be older or newer than the controller's. For every Python that
# tests/config.yml claims (python_requires) and the installed ansible-test supports, other than MAIN_PYTHON (on which
# `make sanity` ran every test), run sanity's module-side tests (compile, import) with --python X.Y.
# ansible-test finds pythonX.Y on PATH: PYTHONS_DIR gets a link to the real interpreter that hack/find-python.sh finds
# (pyenv's shims refuse unselected versions). A version the machine lacks prints a SKIPPED: line and the others run.
set -euo pipefail

tree=$1
pythons=$2
main_python=$3
find_python=$(cd "$(dirname "$0")/../.." && pwd)/hack/find-python.sh

read -ra supported <<<"$(ansible-test sanity --help | sed -n 's/^ *--python X\.Y *python version: //p' | tr -d ',')"
claimed=$(python3 - "$tree/tests/config.yml" "${supported[@]}" <<'PY'
import sys

import yaml
from packaging.specifiers import SpecifierSet

with open(sys.argv[1], encoding="utf-8") as config:
    spec = SpecifierSet(yaml.safe_load(config)["modules"]["python_requires"])
print(" ".join(version for version in sys.argv[2:] if version in spec))
PY
)
echo "module-pythons: claimed by tests/config.yml and supported by $(ansible --version | head -n 1): $claimed"

rm -rf "$pythons"
mkdir -p "$pythons"
ran=()
skipped=()
for version in $claimed; do
    [[ $version == "$main_python" ]] && continue
    python=$("$find_python" "$version")
    if [[ -z $python ]]; then
        echo "SKIPPED: sanity --python $version: no Python $version on this machine (hack/find-python.sh)"
        skipped+=("$version")
        continue
    fi
    ln -s "$python" "$pythons/python$version"
    echo "==== sanity --python $version ($python)"
    (cd "$tree" && PATH="$pythons:$PATH" ansible-test sanity --python "$version" --test compile --test import --color no)
    ran+=("$version")
done
echo "module-pythons: compile and import ran on ${ran[*]:-no other Python}${skipped[0]:+; skipped (absent): ${skipped[*]}}"
