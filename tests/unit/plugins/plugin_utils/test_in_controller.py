# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""When the action plugin runs a task inside the controller and when as a module, and the task's environment.

That the two ways give the same results is tested in tests/unit/reliability/test_both_ways.py and by the
codearts_in_controller integration target.
"""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.huaweicloud.codearts.plugins.modules import codearts_build_job
from ansible_collections.huaweicloud.codearts.plugins.plugin_utils import _in_controller
from ansible_collections.huaweicloud.codearts.plugins.plugin_utils._in_controller import (
    CodeArtsAction,
    run_in_controller,
    task_environment,
)


def _action(transport="local", async_val=0, become=False):
    action = object.__new__(CodeArtsAction)
    action._task = SimpleNamespace(async_val=async_val)  # pylint: disable=protected-access
    action._connection = SimpleNamespace(transport=transport)  # pylint: disable=protected-access
    action._play_context = SimpleNamespace(become=become)  # pylint: disable=protected-access
    action._templar = SimpleNamespace(template=lambda value: value)  # pylint: disable=protected-access
    return action


@pytest.fixture(autouse=True)
def _no_switch_in_environment(monkeypatch):
    monkeypatch.delenv(_in_controller.SWITCH_ENVIRONMENT, raising=False)


@pytest.mark.parametrize("transport", ["local", "ansible.builtin.local"])
def test_a_local_task_runs_in_the_controller(transport):
    assert _action(transport).why_not_in_controller({}) is None


@pytest.mark.parametrize(
    "action, task_vars, reason",
    [
        (_action("ssh"), {}, "the task runs through the ssh connection, not the local one"),
        (_action(async_val=30), {}, "the task is async"),
        (_action(become=True), {}, "the task uses become"),
        (_action(), {"codearts_in_controller": False}, "variable codearts_in_controller is false"),
        (_action(), {"codearts_in_controller": "no"}, "variable codearts_in_controller is false"),
    ],
)
def test_what_runs_as_a_module(action, task_vars, reason):
    assert action.why_not_in_controller(task_vars) == reason


def test_the_variable_beats_the_controllers_environment(monkeypatch):
    monkeypatch.setenv(_in_controller.SWITCH_ENVIRONMENT, "false")
    assert _action().why_not_in_controller({}) == "environment variable HUAWEICLOUD_CODEARTS_IN_CONTROLLER is false"
    assert _action().why_not_in_controller({"codearts_in_controller": True}) is None
    monkeypatch.setenv(_in_controller.SWITCH_ENVIRONMENT, "")
    assert _action().why_not_in_controller({}) is None, "an empty variable is not set"


def test_a_switch_that_is_not_a_boolean_fails_the_task():
    with pytest.raises(AnsibleActionFail, match="codearts_in_controller must be true or false"):
        _action().why_not_in_controller({"codearts_in_controller": "sometimes"})


def test_without_requests_in_the_controller_the_module_runs(monkeypatch):
    monkeypatch.setattr(_in_controller, "REQUESTS_IMPORT_ERROR", "ImportError: No module named 'requests'")
    assert _action().why_not_in_controller({}) == "the controller's Python has no requests library"


def test_the_task_environment_is_set_while_the_task_runs_and_put_back(monkeypatch):
    monkeypatch.setenv("HW_REGION_NAME", "cn-south-1")
    monkeypatch.delenv("HW_PASSWORD", raising=False)
    with task_environment({"HW_REGION_NAME": "cn-north-4", "HW_PASSWORD": 1234}):
        assert os.environ["HW_REGION_NAME"] == "cn-north-4"
        assert os.environ["HW_PASSWORD"] == "1234", "values are strings, as in a module's environment"
    assert os.environ["HW_REGION_NAME"] == "cn-south-1"
    assert "HW_PASSWORD" not in os.environ


def test_a_refusal_names_the_module_as_the_task_does():
    printed = run_in_controller(
        codearts_build_job.MODULE, {"job_id": "j1", "colour": "blue"}, False, "codearts_build_job"
    )
    assert printed["failed"] is True
    assert printed["msg"].startswith("Unsupported parameters for (codearts_build_job) module: colour.")
    assert printed["invocation"]["module_args"]["colour"] == "blue"


def test_secrets_are_masked_in_everything_printed(monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "S3CR3T-FROM-THE-ENVIRONMENT")
    printed = json.dumps(
        run_in_controller(
            codearts_build_job.MODULE,
            {"job_id": "../x", "access_key": "AK", "password": "P4SSW0RD"},
            False,
            "codearts_build_job",
        )
    )
    assert "S3CR3T-FROM-THE-ENVIRONMENT" not in printed and "P4SSW0RD" not in printed
    assert json.loads(printed)["invocation"]["module_args"]["secret_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
