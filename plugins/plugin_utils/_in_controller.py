# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run a module inside the controller: the action plugin of every module of this collection.

A module runs in a Python process of its own on the target: ansible-core packs it (AnsiballZ), starts a
Python, which imports ``ansible.module_utils.basic`` and ``requests``, and only then makes its one or two
HTTP calls. Every module here only talks HTTP, so when the target *is* the controller (the ``local``
connection: a play on ``localhost``, ``connection: local`` or ``delegate_to: localhost``) the action plugin of
the same name runs the module's own definition (its ``MODULE``, a CodeArtsModule) in the worker process that
runs the task, with the arguments checked by the same argument spec, and returns the result the module
would have returned (``run_in_controller``). Anything it cannot do the module's way (another connection,
``async``, ``become``, no ``requests`` in the controller's Python, ``codearts_in_controller: false``, or an
ansible-core that lacks what ``_core_api`` guards) runs the module through ansible-core's own ``normal``
action, as any module without an action plugin runs.

Only public ansible-core API is used: the action plugin interface (``ActionBase`` through the ``normal``
action, ``self._task``, ``self._connection``, ``self._play_context``, ``self._templar``), ``Display``,
``boolean`` and ``AnsibleActionFail``; the module_utils names the module itself uses sit in ``_core_api``.

The linear and free strategies load an action plugin's class in the main process before they fork the
workers: the imports at the top of this file and of each action plugin (the module, its module_utils,
``requests``) are paid once per ``ansible-playbook`` run, not once per task.
"""

from __future__ import annotations

import contextlib
import json
import os

from ansible.errors import AnsibleActionFail
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import REQUESTS_IMPORT_ERROR
from ansible_collections.huaweicloud.codearts.plugins.plugin_utils import _core_api

display = Display()

SWITCH_VARIABLE = "codearts_in_controller"
SWITCH_ENVIRONMENT = "HUAWEICLOUD_CODEARTS_IN_CONTROLLER"
LOCAL_TRANSPORTS = ("local", "ansible.builtin.local")


def alias_warnings(argument_spec, args):
    """AnsibleModule's warning for each option given both by its name and by an alias."""
    return [
        "Both option %s and its alias %s are set." % (name, alias)
        for name, option in argument_spec.items()
        for alias in option.get("aliases", ())
        if name in args and alias in args
    ]


def no_log_values(argument_spec, params):
    """The values AnsibleModule masks: those of the no_log options, from the task or their environment variables."""
    return {
        str(params[name])
        for name, option in argument_spec.items()
        if option.get("no_log") and params.get(name) not in (None, "")
    }


NO_LOG_VALUE = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
NO_LOG_PART = "********"


def mask_no_log(value, secrets):
    """``value`` with the no_log ``secrets`` (longest first) masked as AnsibleModule masks a module's result: a string
    that is a secret becomes VALUE_SPECIFIED_IN_NO_LOG_PARAMETER and a secret inside one ********; a number, boolean or
    None whose text holds one becomes VALUE_SPECIFIED_IN_NO_LOG_PARAMETER; dict keys stay as they are."""
    if isinstance(value, dict):
        return {key: mask_no_log(item, secrets) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_no_log(item, secrets) for item in value]
    if isinstance(value, set):
        return {mask_no_log(item, secrets) for item in value}
    if isinstance(value, str):
        if value in secrets:
            return NO_LOG_VALUE
        for secret in secrets:
            value = value.replace(secret, NO_LOG_PART)
        return value
    if value is None or isinstance(value, (bool, int, float)):
        text = str(value)
        return NO_LOG_VALUE if any(secret in text for secret in secrets) else value
    return value


def masked(result, no_log_values):
    """``result`` with every no_log value masked, as AnsibleModule prints it; booleans and None stay as they are.

    The collection's own rule (``mask_no_log``): ansible-core 2.22 deprecates ``remove_values``, and a call to it would
    put a deprecation into the task's result.
    """
    kept = {key: value for key, value in result.items() if value is None or isinstance(value, bool)}
    result = mask_no_log(result, sorted(no_log_values, key=len, reverse=True))
    result.update(kept)
    return result


def run_in_controller(module, args, check_mode, module_name, core_api=None, invocation=True):
    """What ``module`` (a CodeArtsModule) returns as a module for the task arguments ``args``: its result.

    What AnsibleModule does around the logic, in the same order: the arguments arrive as a module reads them, are
    checked against the argument spec (a refusal has AnsibleModule's wording, ``module_name`` in it), the result
    carries the warnings and, with ``invocation``, ``invocation.module_args``, and every no_log value (a secret from an option or its
    environment variable) is masked in all of it. The result is what the module's printed JSON reads back as.
    ``core_api`` is ``_core_api.CORE_API`` unless given; a CoreApiFailure means that nothing was sent.
    """
    core_api = core_api or _core_api.CORE_API
    argument_spec = module.argument_spec
    args, params, refusal = core_api.arguments(argument_spec, module.checks, args, module_name)
    warnings = alias_warnings(argument_spec, args)
    if refusal:
        result = {"failed": True, "msg": refusal}
    else:
        result, logic_warnings = module.run(params, check_mode)
        warnings.extend(logic_warnings)
    if invocation:
        result.setdefault("invocation", {"module_args": params})
    else:
        result.pop("invocation", None)
    if warnings:
        result["warnings"] = warnings
    return json.loads(json.dumps(masked(result, no_log_values(argument_spec, params))))


@contextlib.contextmanager
def task_environment(environment):
    """The task's ``environment:`` in os.environ while the task runs, as the module's process would have it.

    The worker process runs one task, so nothing leaks to another task; the old values come back anyway.
    """
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update({name: str(value) for name, value in environment.items()})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class CodeArtsAction(NormalAction):
    """The action plugin of a module; a subclass names it: ``module = <the module's Python module>``.

    It is ansible-core's ``normal`` action (run the module on the target) that runs the module's definition in
    the controller instead when the target is the controller.
    """

    module = None

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        why_not = self.why_not_in_controller(task_vars)
        if why_not:
            display.vvv("%s runs as a module: %s." % (self._task.action, why_not), host=self._play_context.remote_addr)
            return super().run(tmp, task_vars)
        if _core_api.UNAVAILABLE:
            return self.run_as_module_because(_core_api.UNAVAILABLE, tmp, task_vars)
        result = ActionBase.run(self, tmp, task_vars)
        try:
            invocation = _core_api.CORE_API.invocation_injected(task_vars)
            with task_environment(self.environment()):
                return dict(
                    result,
                    **run_in_controller(
                        self.module.MODULE,
                        self._task.args,
                        self._task.check_mode,
                        self._task.action,
                        invocation=invocation,
                    ),
                )
        except _core_api.CoreApiFailure as failure:
            return self.run_as_module_because(str(failure), tmp, task_vars)

    def run_as_module_because(self, why, tmp, task_vars):
        """Run the task as a module after telling the user why it cannot run inside the controller."""
        display.warning("%s runs as a module, not inside the controller: %s." % (self._task.action, why))
        return super().run(tmp, task_vars)

    def environment(self):
        """The task's ``environment:`` as a dict (later entries win), templated, as ansible-core gives it to a module."""
        environment = {}
        entries = self._task.environment or []
        for entry in entries if isinstance(entries, list) else [entries]:
            if not entry:
                continue
            entry = self._templar.template(entry)
            if not isinstance(entry, dict):
                raise AnsibleActionFail("environment must be a dictionary, received %s (%s)" % (entry, type(entry)))
            environment.update(entry)
        return environment

    def why_not_in_controller(self, task_vars):
        """Why this task must run as a module, or None when it runs in the controller."""
        switch = task_vars.get(SWITCH_VARIABLE)
        where = "variable %s" % SWITCH_VARIABLE
        if switch is None:
            switch, where = os.environ.get(SWITCH_ENVIRONMENT) or True, "environment variable %s" % SWITCH_ENVIRONMENT
        try:
            if not boolean(self._templar.template(switch), strict=True):
                return "%s is false" % where
        except TypeError as error:
            raise AnsibleActionFail("%s must be true or false: %s" % (where, error)) from error
        transport = getattr(self._connection, "transport", None)
        if transport not in LOCAL_TRANSPORTS:
            return "the task runs through the %s connection, not the local one" % transport
        if self._task.async_val:
            return "the task is async"
        if self._play_context.become:
            return "the task uses become"
        if REQUESTS_IMPORT_ERROR:
            return "the controller's Python has no requests library"
        return None
