# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the README says of secrets on an ad-hoc command: a literal after -a shows in ansible-core's own error header
(2.19 and later), a variable or an environment variable does not."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from ansible.release import __version__ as ANSIBLE_CORE

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SECRET = "S3CR3T"  # short: the header is cut at a fixed width


def _adhoc(args, *extra, env=None):
    command = [
        os.path.join(os.path.dirname(sys.executable), "ansible"),
        "localhost",
        "-vvvv",
        "-m",
        "huaweicloud.codearts.codearts_build_job_info",
        "-a",
        args,
        *extra,
    ]
    environment = dict(
        os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(ROOT))), **(env or {})
    )
    environment.pop("HUAWEICLOUD_SDK_SK", None)
    environment.update(env or {})
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=False)
    return done.stdout + done.stderr


@pytest.mark.skipif(
    tuple(int(part) for part in ANSIBLE_CORE.split(".")[:2]) < (2, 19),
    reason="ansible-core before 2.19 prints no Origin header with the task's arguments",
)
def test_a_literal_secret_after_dash_a_is_echoed_by_ansible_core_itself():
    assert SECRET in _adhoc("colour=x secret_key=%s" % SECRET), "what the README warns of"


def test_a_secret_as_a_variable_or_in_the_environment_is_not_shown():
    assert SECRET not in _adhoc("colour=x secret_key={{ sk }}", "-e", "sk=%s" % SECRET)
    assert SECRET not in _adhoc("colour=x", env={"HUAWEICLOUD_SDK_SK": SECRET})
