# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures of the conformance suite: the official Huawei Cloud SDK, and an emulator with its SDK witness on.

The SDK is the suite's independent witness of the real API; it is imported with HOME pointed at a
temporary directory, because it writes ~/.huaweicloud/application_id when it loads.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# `tests/` holds codearts_emulator; tests/unit/emulator the demo values (emulator_client); this directory the suite's modules.
HERE = Path(__file__).resolve().parent
for _path in (HERE.parents[1], HERE.parent / "emulator", HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from sdk_support import load_sdk  # noqa: E402  pylint: disable=wrong-import-position

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position


def _import_sdk():
    """Import the SDK once, at collection, with HOME in a temporary directory; None when it is not installed.

    At collection, because ansible-test runs every test in a fork of the process that collected it: what
    is imported here is imported once, not once per test (a quarter of a second each).
    """
    home = tempfile.mkdtemp(prefix="codearts-sdk-home-")
    atexit.register(shutil.rmtree, home, True)
    saved = os.environ.get("HOME")
    os.environ["HOME"] = home
    try:
        return load_sdk(Path(home))
    except ImportError:
        return None
    finally:
        if saved is None:
            del os.environ["HOME"]
        else:
            os.environ["HOME"] = saved


SDK = _import_sdk()


@pytest.fixture(scope="session")
def sdk():
    """The official SDK's modules (see sdk_support.load_sdk); skips the test when the SDK is not installed."""
    if SDK is None:
        pytest.skip("the official Huawei Cloud SDK is not installed (tests/requirements.txt)")
    return SDK


@pytest.fixture(scope="module")
def emulator(sdk):  # pylint: disable=unused-argument
    """One emulator per test module (fast), with the SDK witness on; the `fresh` fixture resets it for every test."""
    with Emulator(sdk_witness=True) as emu:
        yield emu


@pytest.fixture(autouse=True)
def fresh(request):
    """Every test starts from the default seed, an empty log and no cached IAM project IDs in the SDK."""
    if "emulator" in request.fixturenames:
        request.getfixturevalue("emulator").reset()
    if "sdk" in request.fixturenames:
        request.getfixturevalue("sdk").forget_project_ids()
