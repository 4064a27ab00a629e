#!/usr/bin/env bash
# Usage: tests/e2e/with-emulator.sh LOGFILE COMMAND [ARG...]
#
# Run COMMAND against a fresh CodeArts emulator, from the collection root (the copied tree):
# start tests/codearts_emulator on a free loopback port, export CODEARTS_EMULATOR_URL and the
# values of tests/e2e/emulator.env, run COMMAND, then stop the emulator whatever happened.
# The emulator's output goes to LOGFILE, which is printed when COMMAND (or the start) fails.
# PYTHON (default: python3) is the interpreter that runs the emulator.
# The emulator runs with its SDK witness (--sdk-witness: every AK/SK request re-signed by the official
# Huawei SDK, which PYTHON must have; tests/e2e/sdk_witness.py reads the verdict) unless SDK_WITNESS=off.
# Its HOME is a scratch directory, so nothing the SDK might write lands in the user's home.
# EMULATOR_MAX_SKEW (seconds, default 900 as the cloud) is how far X-Sdk-Date may be from the emulator's clock: a test
# that moves that clock by hours allows as much.
set -euo pipefail

log=$1
shift
python=${PYTHON:-python3}
start_timeout=30

set -a
# shellcheck source=tests/e2e/emulator.env
. tests/e2e/emulator.env
set +a

mkdir -p "$(dirname "$log")"
url_file=$(mktemp)
emulator_home=$(mktemp -d)
emulator_pid=
export SDK_WITNESS=${SDK_WITNESS:-on}
witness=()
if [[ $SDK_WITNESS != off ]]; then
    witness=(--sdk-witness)
fi

show_log() {
    echo "---- emulator log ($log), last 200 lines ----" >&2
    tail -n 200 "$log" >&2 || true
    echo "---- end of emulator log ----" >&2
}

stop_emulator() {
    local status=$?
    if [[ -n $emulator_pid ]] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill -TERM "$emulator_pid" 2>/dev/null || true
        # Give it a moment to shut down cleanly, then make sure it is gone.
        for _ in $(seq 50); do
            kill -0 "$emulator_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    rm -f "$url_file"
    rm -rf "$emulator_home"
    if [[ $status -ne 0 ]]; then
        show_log
    fi
    exit "$status"
}
trap stop_emulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

HOME=$emulator_home PYTHONPATH=tests${PYTHONPATH:+:$PYTHONPATH} "$python" -m codearts_emulator \
    --host 127.0.0.1 --port 0 \
    --state tests/codearts_emulator/default_seed.yml \
    --max-skew "${EMULATOR_MAX_SKEW:-900}" --url-file "$url_file" "${witness[@]}" >"$log" 2>&1 &
emulator_pid=$!

# The emulator writes its base URL to the URL file once it is listening.
for _ in $(seq $((start_timeout * 10))); do
    [[ -s $url_file ]] && break
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        echo "with-emulator: the emulator exited before it was ready" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ ! -s $url_file ]]; then
    echo "with-emulator: the emulator did not write its URL within ${start_timeout}s" >&2
    exit 1
fi
CODEARTS_EMULATOR_URL=$(head -n 1 "$url_file")
export CODEARTS_EMULATOR_URL
echo "with-emulator: emulator (pid $emulator_pid) at $CODEARTS_EMULATOR_URL, log in $log, sdk witness $SDK_WITNESS"

"$@"
