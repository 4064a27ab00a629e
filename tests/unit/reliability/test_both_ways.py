# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each task gives the same result inside the controller as it does as a module, and sends the same requests.

For every module, each of its bases (the valid argument sets of test_bad_input.MODULES), in check mode and not, and
the same with arguments that AnsibleModule refuses, run once each way on the same fresh seed: the printed results
must be equal (request IDs aside) and the emulator must have seen the same requests (the writes in the same order).
"""

from __future__ import annotations

import json
import os
import re
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # ansible-test's pytest does not put it there
from test_bad_input import MODULES  # noqa: E402  pylint: disable=wrong-import-position

# What differs between two runs on the same seed: IDs the emulator generates, and times of its running clock.
REQUEST_IDS = re.compile(r"(request ID )[0-9a-f]{32}")
GENERATED = ("request_id", "exec_id")
# An ID the emulator made (a new run's, a UUID's hex) rather than one of the seed's, which are mostly zeros.
MADE_ID = re.compile(r"\A(?!.*0{10})[0-9a-f]{32}\Z")


def _steady(value, key=""):
    """``value`` with what varies from run to run replaced by "-"."""
    if isinstance(value, dict):
        return {name: _steady(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_steady(item, key) for item in value]
    if isinstance(value, str):
        return "-" if key in GENERATED or MADE_ID.match(value) else REQUEST_IDS.sub(r"\1-", value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and (key.endswith("_seconds") or value > 10**12):
        return "-"
    return value


REFUSALS = {
    "an unknown option": {"colour": "blue"},
    "a wrong type": {"timeout": "soon"},
    "a wrong choice of a connection option": {"validate_certs": "maybe"},
}


def _cases():
    for name in sorted(MODULES):
        for number, base in enumerate(MODULES[name].bases):
            for check_mode in (True, False):
                yield pytest.param(
                    name, base, check_mode, id="%s-base%d-%s" % (name, number, "check" if check_mode else "apply")
                )
            for refusal, extra in REFUSALS.items():
                yield pytest.param(
                    name, dict(base, **extra), False, id="%s-base%d-%s" % (name, number, refusal.replace(" ", "-"))
                )


def _seen(emulator):
    """The requests the emulator saw: all of them, in any order (a task may read several things side by side), and
    the writes in the order they came."""
    seen = [
        (entry["method"], entry["path"], json.dumps(entry.get("query"), sort_keys=True), entry["write"])
        for entry in emulator.requests()
    ]
    return sorted(seen), [request for request in seen if request[3]]


@pytest.mark.parametrize("name, args, check_mode", list(_cases()))
def test_the_same_result_both_ways(name, args, check_mode, emulator, run_either):
    emulator.reset()
    as_module = run_either("module", name, args, check_mode=check_mode).result
    module_requests = _seen(emulator)
    emulator.reset()
    in_controller = run_either("controller", name, args, check_mode=check_mode).result
    assert _seen(emulator) == module_requests
    assert json.dumps(_steady(in_controller), sort_keys=True) == json.dumps(_steady(as_module), sort_keys=True)
    assert "invocation" in in_controller
