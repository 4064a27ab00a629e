#!/usr/bin/env bash
# Usage: hack/find-python.sh X.Y   -> prints the path of a working Python X.Y, or nothing (exit 0) when there is none
#
# The real interpreter, never a pyenv shim or a venv's python: pyenv's shims exit 127 for a version that is not
# selected, and a venv made from a venv's python breaks when that venv goes. Looked for in pyenv's versions (the
# newest X.Y.* first), then on PATH (e.g. Debian's python3.13); each candidate must run and be X.Y.
set -uo pipefail

version=${1:?usage: hack/find-python.sh X.Y}
candidates=()
if command -v pyenv >/dev/null 2>&1; then
    # pyenv's root: PYENV_ROOT, else where the pyenv found on PATH lives (not ~/.pyenv: HOME may be a scratch folder).
    root=${PYENV_ROOT:-$(cd "$(dirname "$(readlink -f "$(command -v pyenv)")")/.." && pwd)}
    while read -r installed; do
        candidates+=("$root/versions/$installed/bin/python$version")
    done < <(PYENV_ROOT=$root pyenv versions --bare --skip-aliases 2>/dev/null | grep -E "^${version//./\\.}(\.[0-9]+)?$" | sort -t. -k3,3nr)
fi
candidates+=("$(command -v "python$version" 2>/dev/null)")

for python in "${candidates[@]}"; do
    [[ -n $python && -x $python ]] || continue
    "$python" - "$version" 2>/dev/null <<'PY' && exit 0
import os
import sys

if "%d.%d" % sys.version_info[:2] != sys.argv[1]:
    sys.exit(1)
print(os.path.join(sys.base_prefix, "bin", "python" + sys.argv[1]))
PY
done
exit 0
