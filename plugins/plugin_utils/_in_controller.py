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
``async``, ``become``, no ``requests`` in the controller's Python, or ``codearts_in_controller: false``) runs
the module, as any action would.

The linear and free strategies load an action plugin's class in the main process before they fork the
workers: the imports at the top of this file and of each action plugin (the module, its module_utils,
``requests``) are paid once per ``ansible-playbook`` run, not once per task.
"""

from __future__ import annotations

import contextlib
import json
import os

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash
from ansible.vars.clean import remove_internal_keys

from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import REQUESTS_IMPORT_ERROR

try:  # ansible-core 2.19 and later: arguments and results cross as the module's serialization profile says
    from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder
except ImportError:  # ansible-core 2.16 to 2.18
    from ansible.module_utils.common.json import AnsibleJSONEncoder
    from ansible.module_utils.common.text.converters import jsonify

    def _as_module_reads(args):
        return json.loads(json.dumps(args, cls=AnsibleJSONEncoder, vault_to_text=True))

    def _as_module_prints(result):
        return jsonify(result)

    def _parse_printed(action, printed):
        return action._parse_returned_data({"stdout": printed, "stderr": "", "rc": 0})
else:
    # A module without metadata has the "legacy" profile (every module of this collection).
    PROFILE = "legacy"
    _ARGS = (get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE), get_module_decoder(PROFILE, Direction.CONTROLLER_TO_MODULE))
    _RESULT = get_module_encoder(PROFILE, Direction.MODULE_TO_CONTROLLER)

    def _as_module_reads(args):
        return json.loads(json.dumps(args, cls=_ARGS[0]), cls=_ARGS[1])

    def _as_module_prints(result):
        return json.dumps(result, cls=_RESULT)

    def _parse_printed(action, printed):
        return action._parse_returned_data({"stdout": printed, "stderr": "", "rc": 0}, PROFILE)

display = Display()

SWITCH_VARIABLE = "codearts_in_controller"
SWITCH_ENVIRONMENT = "HUAWEICLOUD_CODEARTS_IN_CONTROLLER"
LOCAL_TRANSPORTS = ("local", "ansible.builtin.local")


def run_in_controller(module, args, check_mode, module_name):
    """What ``module`` (a CodeArtsModule) prints as a module for the task arguments ``args``: its result as JSON.

    What AnsibleModule does around the logic, in the same order: the arguments arrive as JSON, are checked
    against the argument spec (a refusal has AnsibleModule's wording, ``module_name`` in it), the result carries
    ``invocation.module_args`` and the warnings, and every no_log value (a secret from an option or its
    environment variable) is masked in all of it. The action plugin reads the JSON with the very code that
    reads a module's output.
    """
    args = _as_module_reads(args)
    validation = ArgumentSpecValidator(module.argument_spec, **module.checks).validate(args)
    params = dict(args, **validation.validated_parameters)
    warnings = ["Both option %s and its alias %s are set." % (both["option"], both["alias"]) for both in validation._warnings]
    deprecations = [{"msg": item["msg"], "version": item.get("version"), "date": item.get("date"),
                     "collection_name": item.get("collection_name")} for item in validation._deprecations]
    errors = validation.errors.errors
    if errors:
        message = validation.errors.msg
        if isinstance(errors[0], UnsupportedError):
            message = "Unsupported parameters for (%s) module: %s" % (module_name, message)
        result = {"failed": True, "msg": message}
    else:
        result, logic_warnings = module.run(params, check_mode)
        warnings.extend(logic_warnings)
    result.setdefault("invocation", {"module_args": params})
    if warnings:
        result["warnings"] = warnings
    if deprecations:
        result["deprecations"] = deprecations
    kept = {key: value for key, value in result.items() if value is None or isinstance(value, bool)}
    result = remove_values(result, validation._no_log_values)
    result.update(kept)
    return _as_module_prints(result)


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


class CodeArtsAction(ActionBase):
    """The action plugin of a module; a subclass names it: ``module = <the module's Python module>``."""

    module = None
    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        why_not = self.why_not_in_controller(task_vars or {})
        if why_not:
            display.vvv("%s runs as a module: %s." % (self._task.action, why_not), host=self._play_context.remote_addr)
            return merge_hash(result, self._run_as_module(task_vars))
        environment = {}
        self._compute_environment_string(environment)
        with task_environment(environment):
            printed = run_in_controller(self.module.MODULE, self._task.args, self._task.check_mode, self._task.action)
        # What ActionBase._execute_module does with a module's output.
        module_result = _parse_printed(self, printed)
        remove_internal_keys(module_result)
        return merge_hash(result, module_result)

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

    def _run_as_module(self, task_vars):
        """What ansible.builtin.normal does: run the module on the target."""
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = self._execute_module(task_vars=task_vars, wrap_async=wrap_async)
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
