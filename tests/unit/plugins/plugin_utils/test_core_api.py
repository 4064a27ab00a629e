# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one guarded place (plugin_utils/_core_api.py): take each ansible-core name away, and the task runs as a module.

Each test removes one name the in-controller path imports, as a future ansible-core release could, and checks that
``load()`` says which, that the action plugin then runs the module (ansible-core's ``normal`` action) with one
warning, and that nothing raises. A name that fails when called does the same, before anything is sent.
"""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest
from ansible import constants
from ansible.module_utils import errors
from ansible.module_utils.common import arg_spec, parameters
from ansible.module_utils.common import json as common_json

from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule
from ansible_collections.huaweicloud.codearts.plugins.modules import codearts_build_job
from ansible_collections.huaweicloud.codearts.plugins.plugin_utils import _core_api, _in_controller

GUARDED = [
    (constants, "config"),
    (arg_spec, "ArgumentSpecValidator"),
    (errors, "UnsupportedError"),
]


def _take_away(monkeypatch, module, name):
    """Remove ``module.name``, also where the module serves it through a module-level ``__getattr__``."""
    if name in vars(module):
        monkeypatch.delattr(module, name)
    served = getattr(module, "__getattr__", None)
    if served is not None:

        def __getattr__(attribute):
            if attribute == name:
                raise AttributeError(attribute)
            return served(attribute)

        monkeypatch.setattr(module, "__getattr__", __getattr__)
    with pytest.raises(ImportError):
        exec("from %s import %s" % (module.__name__, name), {})  # pylint: disable=exec-used


def _take_away_the_argument_encoders(monkeypatch):
    for name in ("get_module_encoder", "AnsibleJSONEncoder"):
        _take_away(monkeypatch, common_json, name)


@pytest.mark.parametrize("module, name", GUARDED, ids=[name for _module, name in GUARDED])
def test_without_a_guarded_name_load_says_which(monkeypatch, module, name):
    _take_away(monkeypatch, module, name)
    core_api, why = _core_api.load()
    assert core_api is None
    assert name in why


def test_without_any_argument_encoder_load_says_so(monkeypatch):
    _take_away_the_argument_encoders(monkeypatch)
    core_api, why = _core_api.load()
    assert core_api is None
    assert why.startswith("this ansible-core has no JSON encoder for module arguments")


def test_each_release_reads_arguments_the_same_way(monkeypatch):
    """ansible-core 2.19 and later encode by profile; without that the older encoder reads the same arguments."""
    args = {"job_id": "b1d0000000000000000000000000000c", "retries": 2, "validate_certs": False, "nothing": None}
    current, _why = _core_api.load()
    _take_away(monkeypatch, common_json, "get_module_encoder")
    older, why = _core_api.load()
    assert why is None
    assert older.module_reads(args) == current.module_reads(args) == args


def _action(monkeypatch, warnings, task_args=None):
    """A CodeArtsAction for a local task whose ``normal`` action (run as a module) only says that it ran."""
    action = object.__new__(_in_controller.CodeArtsAction)
    action.module = codearts_build_job
    action._task = SimpleNamespace(  # pylint: disable=protected-access
        async_val=0,
        action="huaweicloud.codearts.codearts_build_job",
        check_mode=False,
        environment=[],
        args=task_args or {"job_id": "not-an-id"},
    )
    action._connection = SimpleNamespace(transport="local")  # pylint: disable=protected-access
    action._play_context = SimpleNamespace(become=False, remote_addr="localhost")  # pylint: disable=protected-access
    action._templar = SimpleNamespace(template=lambda value: value)  # pylint: disable=protected-access
    monkeypatch.setattr(
        _in_controller.NormalAction, "run", lambda self, tmp=None, task_vars=None: {"ran": "as a module"}
    )
    monkeypatch.setattr(_in_controller.ActionBase, "run", lambda self, tmp=None, task_vars=None: {})
    monkeypatch.setattr(_in_controller.display, "warning", warnings.append)
    monkeypatch.delenv(_in_controller.SWITCH_ENVIRONMENT, raising=False)
    return action


@pytest.mark.parametrize(
    "module, name",
    GUARDED + [(common_json, "the argument encoders")],
    ids=[name for _module, name in GUARDED] + ["encoders"],
)
def test_without_a_guarded_name_the_task_runs_as_a_module_with_one_warning(monkeypatch, module, name):
    if name == "the argument encoders":
        _take_away_the_argument_encoders(monkeypatch)
    else:
        _take_away(monkeypatch, module, name)
    core_api, why = _core_api.load()
    monkeypatch.setattr(_core_api, "CORE_API", core_api)
    monkeypatch.setattr(_core_api, "UNAVAILABLE", why)
    warnings = []
    assert _action(monkeypatch, warnings).run(task_vars={}) == {"ran": "as a module"}
    assert warnings == [
        "huaweicloud.codearts.codearts_build_job runs as a module, not inside the controller: %s." % why
    ]


def test_with_every_name_the_task_runs_inside_the_controller(monkeypatch):
    warnings = []
    result = _action(monkeypatch, warnings).run(task_vars={"ansible_inject_invocation": True})
    assert "ran" not in result and warnings == []
    assert result["failed"] is True, "the module's own failure: no credentials, no valid ID"
    assert result["invocation"]["module_args"]["job_id"] == "not-an-id"


def _recording_module(sent):
    def logic(params, client, check_mode):
        sent.append(params)
        return {"changed": True}

    return CodeArtsModule(logic, {"job_id": {"type": "str"}})


FAILING = {
    "module_reads": "read or check the arguments",
    "validator": "read or check the arguments",
    "config": "read the INJECT_INVOCATION setting",
}


@pytest.mark.parametrize("failing", sorted(FAILING))
def test_a_guarded_name_that_fails_when_called_runs_the_task_as_a_module_and_nothing_is_sent(monkeypatch, failing):
    def broken(*_args, **_kwargs):
        raise TypeError("a signature that changed")

    monkeypatch.setattr(
        _core_api.CORE_API,
        failing,
        SimpleNamespace(get_configuration_definitions=broken, get_config_value=broken)
        if failing == "config"
        else broken,
    )
    sent, warnings = [], []
    action = _action(monkeypatch, warnings, {"job_id": "b1d0000000000000000000000000000c"})
    action.module = SimpleNamespace(MODULE=_recording_module(sent))
    assert action.run(task_vars={}) == {"ran": "as a module"}
    assert sent == []
    assert warnings == [
        "huaweicloud.codearts.codearts_build_job runs as a module, not inside the controller: "
        "ansible-core failed to %s (TypeError: a signature that changed)." % FAILING[failing]
    ]


def test_invocation_is_in_the_result_as_the_release_puts_it_in_a_modules():
    definitions = constants.config.get_configuration_definitions()
    injected = _core_api.CORE_API.invocation_injected({})
    assert injected is ("INJECT_INVOCATION" not in definitions), "always before 2.21; off by default since"
    if "INJECT_INVOCATION" in definitions:
        assert _core_api.CORE_API.invocation_injected({"ansible_inject_invocation": True}) is True


@pytest.mark.parametrize(
    "value",
    [
        {"msg": "the password P4SSW0RD was wrong", "P4SSW0RD": ["P4SSW0RD", 7, None, True, ("x", "P4SSW0RD-2")]},
        ["P4SSW0RD", "nothing secret", {"nested": {"key": "xxP4SSW0RDxx"}}],
        "P4SSW0RD",
        1234,
        {"k23": 123, "x": 5, "P4SSW0RD": None},
    ],
)
def test_the_masking_is_ansible_cores_for_a_modules_result(value):
    """mask_no_log gives what ansible-core's remove_values gives (on the releases that have it undeprecated)."""
    if importlib.util.find_spec("ansible.module_utils.secrets") is not None:
        pytest.skip("ansible-core 2.22 and later deprecate remove_values: nothing to compare with")
    secrets = ["P4SSW0RD", "23"]
    assert _in_controller.mask_no_log(value, sorted(secrets, key=len, reverse=True)) == parameters.remove_values(
        value, secrets
    )
