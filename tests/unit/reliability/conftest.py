# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the real modules in this process against a real emulator, and collect the figures of docs/reliability.md.

A task here runs in both of the ways ansible-playbook runs it (``run_task`` is parametrized by ``MODES``): as a
module, the module's own ``main()`` with AnsibleModule reading its arguments and printing its result, and inside
the controller, what the module's action plugin runs (``run_in_controller``). What is asserted is what
ansible-playbook would get, secrets masked by no_log included. Only the client's
``sleep`` is replaced: waits are recorded instead of slept (the emulator's clock moves on as much), so a matrix of
retries runs in seconds.
ansible-test runs each test in a forked process: "session" fixtures then last one test, and figures are
written to a file as each test ends.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import sys
from pathlib import Path

import pytest
from ansible import constants
from ansible.module_utils import basic

try:  # ansible-core 2.19 and later: module_utils know whether they run in the controller (warnings go to the display)
    from ansible.module_utils import _internal as module_utils_internal
except ImportError:
    module_utils_internal = None

from ansible_collections.huaweicloud.codearts.plugins.module_utils import _module
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient
from ansible_collections.huaweicloud.codearts.plugins.plugin_utils._in_controller import run_in_controller

TESTS = Path(__file__).resolve().parents[2]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position

MODULES = "ansible_collections.huaweicloud.codearts.plugins.modules."
# How a task runs: as a module (in a process of its own on the target), or inside the controller (its action plugin).
MODES = ("module", "controller")
# Figures gathered while a test runs (each test file puts its records under its own key). They are appended
# to one JSON-lines file at the end of each test, because ansible-test runs every test in a forked process
# whose memory dies with it; hack/reliability_report.py adds them up.
FIGURES_FILE = TESTS / "output" / "reliability" / "figures.jsonl"
FIGURES: dict = {}

# Results carry invocation.module_args (the tests read the arguments as the module converted them): always before
# ansible-core 2.21, since then when the INJECT_INVOCATION setting asks for it, as here.
INVOCATION_IS_A_SETTING = "INJECT_INVOCATION" in constants.config.get_configuration_definitions()

# The seed's credentials (tests/codearts_emulator/default_seed.yml), by way of authenticating.
AUTH = {
    "aksk": {
        "access_key": "EMULATORAK0000000001",
        "secret_key": "EMULATORSK00000000000000000000000000000001",
        "iam_project_id": "0123456789abcdef0123456789abcdef",
    },
    "password": {"user_name": "demo-user", "password": "demo-password", "domain_name": "demo-domain"},
}


@contextlib.contextmanager
def _module_args(args):
    """Give AnsibleModule its arguments, the way each supported ansible-core reads them."""
    try:
        from ansible.module_utils.testing import patch_module_args  # ansible-core 2.19 and later
    except ImportError:
        patch_module_args = None
    if patch_module_args is not None:
        with patch_module_args(args):
            yield
        return
    saved = basic._ANSIBLE_ARGS  # pylint: disable=protected-access
    basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()  # pylint: disable=protected-access
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS = saved  # pylint: disable=protected-access


class Task:
    """One run of a module: its printed ``result`` and the waits its client asked for."""

    def __init__(self, result, sleeps):
        self.result = result
        self.sleeps = sleeps

    @property
    def failed(self):
        return bool(self.result.get("failed"))


# Seeded once, in the process that forks the tests: each test then only starts it (about 1 ms, not 50).
_EMULATOR = Emulator()


@pytest.fixture(scope="session")
def emulator():
    """An emulator for the session, or for each test under ansible-test (tests reset it); its clock runs.

    Not stopped at the end: shutting the server down costs a poll interval, and the process ends anyway.
    """
    return _EMULATOR.start()


@pytest.fixture
def run_either(emulator, monkeypatch, tmp_path):  # pylint: disable=redefined-outer-name
    """run_either(mode, module, args, check_mode=False, auth="aksk") -> Task, against ``emulator`` (auth: a key of
    AUTH; mode: one of MODES)."""
    monkeypatch.setenv("HUAWEICLOUD_CODEARTS_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    sleeps = []

    def sleep(seconds):
        # Recorded, not slept; the emulator's clock moves on as much, so a wait for a stop that lands seconds
        # later (a check's or a run's stop_delay) polls as it would in real time, without the real time.
        sleeps.append(seconds)
        emulator.advance_clock(seconds)

    def client(*args, **kwargs):
        kwargs["sleep"] = sleep
        return CodeArtsClient(*args, **kwargs)

    monkeypatch.setattr(_module, "CodeArtsClient", client)

    def run(mode, module, args, check_mode=False, auth="aksk"):
        task_args = {
            "endpoint_url": emulator.url,
            "iam_endpoint": emulator.url,
            "region": "cn-north-4",
            **AUTH[auth],
            **args,
        }
        del sleeps[:]
        if mode == "controller":
            result = run_in_controller(
                importlib.import_module(MODULES + module).MODULE,
                task_args,
                check_mode,
                "huaweicloud.codearts." + module,
                invocation=True,
            )
            return Task(result, list(sleeps))
        task_args.update(
            _ansible_check_mode=check_mode, _ansible_diff=True, _ansible_module_name="huaweicloud.codearts." + module
        )
        if INVOCATION_IS_A_SETTING:
            task_args["_ansible_inject_invocation"] = True
        printed = io.StringIO()
        with monkeypatch.context() as patched:
            if hasattr(
                module_utils_internal, "is_controller"
            ):  # as in a module's own process, whatever this one imported
                patched.setattr(module_utils_internal, "is_controller", False)
            with _module_args(task_args), contextlib.redirect_stdout(printed):
                try:
                    importlib.import_module(MODULES + module).main()
                except SystemExit:
                    pass
        return Task(json.loads(printed.getvalue()), list(sleeps))

    return run


@pytest.fixture(params=MODES)
def run_task(request, run_either):  # pylint: disable=redefined-outer-name
    """run_task(module, args, check_mode=False, auth="aksk") -> Task, once as a module and once inside the controller;
    ``run_task.mode`` says which."""

    def run(module, args, check_mode=False, auth="aksk"):
        return run_either(request.param, module, args, check_mode=check_mode, auth=auth)

    run.mode = request.param
    return run


@pytest.fixture(scope="session")
def figures():
    """This test's figures: a dict that a test file fills under its own key (written when the test ends)."""
    return FIGURES


@pytest.fixture(autouse=True)
def _write_figures():
    """Append this test's figures to FIGURES_FILE (one line, one write: safe with parallel workers)."""
    yield
    if FIGURES:
        FIGURES_FILE.parent.mkdir(parents=True, exist_ok=True)
        line = (json.dumps(FIGURES, sort_keys=True) + "\n").encode("utf-8")
        descriptor = os.open(str(FIGURES_FILE), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)
        FIGURES.clear()
