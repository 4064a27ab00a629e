# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""`python -m codearts_emulator`: starts on a free port, announces its URL, stops cleanly on SIGTERM/SIGINT."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from emulator_client import NIGHTLY, Client

TESTS_DIR = Path(__file__).resolve().parents[2]


def _start(*args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS_DIR), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen(
        [sys.executable, "-m", "codearts_emulator", "--host", "127.0.0.1", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_until_signalled(tmp_path, stop_signal):
    url_file = tmp_path / "url"
    process = _start("--state", str(TESTS_DIR / "codearts_emulator" / "default_seed.yml"), "--url-file", str(url_file))
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
        assert url_file.read_text(encoding="utf-8") == url
        assert Client(url).call("GET", f"/v1/job/{NIGHTLY}/info").status == 200
        process.send_signal(stop_signal)
        assert process.wait(timeout=10) == 0
        assert process.stderr.read() == ""
    finally:
        process.kill()
        process.communicate()


def test_cli_refuses_a_missing_seed(tmp_path):
    process = _start("--state", str(tmp_path / "absent.yml"))
    stderr = process.communicate(timeout=10)[1]
    assert process.returncode == 2 and "absent.yml" in stderr
