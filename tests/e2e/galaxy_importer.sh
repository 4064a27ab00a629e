#!/usr/bin/env bash
# Usage: tests/e2e/galaxy_importer.sh TREE OUTDIR   (what `make galaxy-importer` runs)
#
# Build the release tarball from TREE (the copied collection tree) into OUTDIR and put it through
# galaxy-importer, the checks Ansible Galaxy runs on an upload (galaxy.yml, docs of every plugin,
# ansible-lint with the production profile, changelog, version >= 1.0.0). Fail unless it imports with
# no error and no warning. galaxy-importer gets a venv of its own in OUTDIR (it pins its own
# ansible-core and ansible-lint: tests/e2e/galaxy-importer-requirements.txt), created again when that file
# changes. PYTHON (default: python3) creates the venv; ansible-galaxy is the one on PATH (.venv's).
set -euo pipefail

tree=$1
out=$2
python=${PYTHON:-python3}
requirements=$PWD/tests/e2e/galaxy-importer-requirements.txt
venv=$out/galaxy-importer-venv
work=$out/galaxy-importer
mkdir -p "$out"

# Microseconds since the epoch, and the seconds (one decimal) since such a time.
now() { echo "${EPOCHREALTIME/./}"; }
elapsed() {
    local tenths=$((($(now) - $1) / 100000))
    echo "$((tenths / 10)).$((tenths % 10))s"
}

start=$(now)
if [[ ! -f $venv/.installed || $requirements -nt $venv/.installed ]]; then
    rm -rf "$venv"
    # uv when .venv has it (seconds instead of most of a minute), else pip.
    if [[ -x .venv/bin/uv ]]; then
        .venv/bin/uv venv --quiet --python "$python" "$venv"
        .venv/bin/uv pip install --quiet --python "$venv/bin/python" -r "$requirements"
    else
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    fi
    touch "$venv/.installed"
    echo "galaxy-importer: venv $venv created in $(elapsed "$start")"
else
    echo "galaxy-importer: venv $venv up to date"
fi

# A fresh directory per run: importer_result.json and the extracted collection land in it.
rm -rf "$work"
mkdir -p "$work/tmp"

start=$(now)
ansible-galaxy collection build --force --output-path "$work" "$tree" >/dev/null
tarball=$(echo "$work"/*.tar.gz)
size=$(stat -c %s "$tarball")
files=$(tar -tzf "$tarball" | grep -vc '/$')
echo "galaxy-importer: built $tarball ($size bytes, $files files) in $(elapsed "$start")"

cat >"$work/galaxy-importer.cfg" <<EOF
[galaxy-importer]
RUN_ANSIBLE_TEST = False
RUN_ANSIBLE_LINT = True
OFFLINE_ANSIBLE_LINT = True
RUN_ANSIBLE_DOC = True
CHECK_REQUIRED_TAGS = True
CHECK_CHANGELOG = True
REQUIRE_V1_OR_GREATER = True
TMP_ROOT_DIR = $work/tmp
ANSIBLE_LOCAL_TMP = $work/tmp/ansible
EOF

# The importer's own ansible-doc and ansible-lint must come first on PATH. It logs every finding as a
# line "WARNING: ..." or "ERROR: ..." (INFO lines have no prefix) and exits 0 unless the import
# itself fails, so the log decides.
start=$(now)
status=0
(cd "$work" && GALAXY_IMPORTER_CONFIG=$work/galaxy-importer.cfg PATH=$venv/bin:$PATH \
    "$venv/bin/python" -m galaxy_importer.main "$tarball") >"$work/importer.log" 2>&1 || status=$?
took=$(elapsed "$start")
cat "$work/importer.log"
errors=$(grep -cE '^(ERROR|CRITICAL):' "$work/importer.log" || true)
warnings=$(grep -cE '^WARNING:' "$work/importer.log" || true)
echo "galaxy-importer: $errors errors, $warnings warnings, exit status $status, in $took;" \
    "$(basename "$tarball"): $size bytes, $files files"
if [[ $status -ne 0 || $errors -ne 0 || $warnings -ne 0 ]] || ! grep -q '^Importer processing completed successfully' "$work/importer.log"; then
    echo "galaxy-importer: FAILED (log: $work/importer.log)" >&2
    exit 1
fi
