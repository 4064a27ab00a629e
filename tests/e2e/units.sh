#!/usr/bin/env bash
# Usage (from the collection root of the copied tree): tests/e2e/units.sh [ansible-test units ARG...]
#
# ansible-test units runs pytest with the collection loader, so tests import
# ansible_collections.huaweicloud.codearts.*; --local runs it on this (the venv's) Python, which
# has the test-only packages (hypothesis, the Huawei SDK).
# HOME is a scratch directory: importing the Huawei SDK writes ~/.huaweicloud/application_id.
# ansible-test counts "no tests collected" as success, so once tests/unit holds test files the
# JUnit report must show that tests ran.
# UNITS_SCOPE (the Makefile sets it by ansible-core): `all` on the main core; `core` runs only the tests that import
# ansible-core or the collection - the emulator's own tests and the SDK conformance suite (the emulator against the
# official SDK, neither of which uses ansible-core) run on the main core; `plugins` (the other cores) also leaves out
# tests/unit/reliability, the fault matrix and the bad-input tests, which run the modules against the emulator both
# ways on the main core (the integration tests run both ways on every integration core).
set -euo pipefail

test_python=${TEST_PYTHON:-3.11}
home=${UNITS_HOME:?set UNITS_HOME to a scratch directory}
junit=tests/output/junit

if ! find tests/unit -name 'test_*.py' 2>/dev/null | grep -q .; then
    echo "SKIPPED: units: no test_*.py under tests/unit yet"
    exit 0
fi

# tests/output/reliability: the figures for docs/reliability.md (hack/reliability_report.py), of this run only.
rm -rf "$home" "$junit" tests/output/reliability
mkdir -p "$home"
targets=()
case ${UNITS_SCOPE:-all} in
    all) ;;
    core)
        targets=(tests/unit/plugins/ tests/unit/reliability/ tests/unit/conformance/test_sdk_witness.py tests/unit/test_*.py)
        echo "units: not tests/unit/emulator and tests/unit/conformance (but test_sdk_witness.py) on this ansible-core: they do not use it and run on the main core" ;;
    plugins)
        targets=(tests/unit/plugins/ tests/unit/conformance/test_sdk_witness.py tests/unit/test_*.py)
        echo "units: not tests/unit/emulator and tests/unit/conformance (but test_sdk_witness.py) on this ansible-core: they do not use it and run on the main core"
        echo "units: not tests/unit/reliability on this ansible-core: it runs on the main core (the integration tests run the modules both ways on every integration core)" ;;
    *) echo "units: UNITS_SCOPE is all, core or plugins, not ${UNITS_SCOPE}" >&2; exit 2 ;;
esac
HOME=$home ansible-test units --python "$test_python" --local --color no "${targets[@]}" "$@"

python3 - "$junit" <<'PY'
import glob
import sys
import xml.etree.ElementTree as ET

suites = [suite for path in glob.glob(sys.argv[1] + '/*-units.xml') for suite in ET.parse(path).getroot().iter('testsuite')]
ran = sum(int(suite.get('tests', 0)) - int(suite.get('skipped', 0)) for suite in suites)
print('units: %d tests ran' % ran)
if not ran:
    sys.exit('units: tests/unit has test files, but no test ran')
PY
