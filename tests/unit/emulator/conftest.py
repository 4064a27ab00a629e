# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for the emulator's own tests: a running emulator and a signing client.

They need no Huawei SDK; the tests that check the emulator against it are in tests/unit/conformance.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# `tests/` holds the codearts_emulator package; this directory holds the test client module.
for _path in (Path(__file__).resolve().parents[2], Path(__file__).resolve().parent):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from emulator_client import Client  # noqa: E402  pylint: disable=wrong-import-position

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def emulator():
    """An emulator on a free port, seeded with the default demo data."""
    with Emulator() as emu:
        yield emu


@pytest.fixture
def client(emulator):  # pylint: disable=redefined-outer-name
    """A client of `emulator` that signs with the demo's permanent AK/SK unless told otherwise."""
    return Client(emulator.url)
