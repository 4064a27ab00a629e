# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What running a module inside the controller takes from ansible-core: the one guarded place.

Only public module_utils API is used, the names a module itself uses through AnsibleModule: the argument
checker (``ArgumentSpecValidator``), the error a refused
option raises (``UnsupportedError``), and the JSON encoding that turns a task's arguments into what a module
reads; and the configuration (``ansible.constants.config``, as ansible-core's own action plugins read it). Two
things differ between releases: ansible-core 2.19 and later encode arguments by the module's serialization
profile (``get_module_encoder``, ``get_module_decoder``, ``Direction``), 2.16 to 2.18 with
``AnsibleJSONEncoder``; and a module's result carries ``invocation`` always before 2.21, since then only when
the ``INJECT_INVOCATION`` setting is on (its default is off).

``load()`` imports them and says why not when one is missing; ``CORE_API`` is what it gave when this file was
imported, ``UNAVAILABLE`` the reason or None. The action plugin (``_in_controller.py``) then runs the task as a
module, with one warning; it never raises. tests/unit/plugins/plugin_utils/test_core_api.py takes each name away.
"""

from __future__ import annotations

import json

# The serialization profile of a module that declares none: every module of this collection.
PROFILE = "legacy"


class CoreApiFailure(Exception):
    """A guarded name failed before the module's logic ran: the task can still run as a module."""


class CoreApi:
    """The ansible-core names the in-controller path uses, bound once by ``load()``.

    A failure of one of them before the module's logic runs is a CoreApiFailure (the task then runs as a module).
    """

    def __init__(self, validator, unsupported_error, module_reads, config):
        self.validator = validator
        self.unsupported_error = unsupported_error
        self.module_reads = module_reads
        self.config = config

    def invocation_injected(self, task_vars):
        """Whether a module's result carries ``invocation`` for this task, as ansible-core tells the module."""
        try:
            if "INJECT_INVOCATION" not in self.config.get_configuration_definitions():
                return True
            return bool(self.config.get_config_value("INJECT_INVOCATION", variables=task_vars))
        except Exception as error:  # pylint: disable=broad-exception-caught  # any failure means: run as a module
            raise CoreApiFailure(
                "ansible-core failed to read the INJECT_INVOCATION setting (%s: %s)" % (type(error).__name__, error)
            ) from error

    def arguments(self, argument_spec, checks, args, module_name):
        """``(args, params, message)``: the task's arguments as a module reads them, as AnsibleModule checks them,
        and why it refuses them (None when they pass; else AnsibleModule's own wording, ``module_name`` in it)."""
        try:
            args = self.module_reads(args)
            return (args,) + self._check(argument_spec, checks, args, module_name)
        except Exception as error:  # pylint: disable=broad-exception-caught  # any failure means: run as a module
            raise CoreApiFailure(
                "ansible-core failed to read or check the arguments (%s: %s)" % (type(error).__name__, error)
            ) from error

    def _check(self, argument_spec, checks, args, module_name):
        validation = self.validator(argument_spec, **checks).validate(args)
        params = dict(args, **validation.validated_parameters)
        if not validation.error_messages:
            return params, None
        errors = validation.errors
        message = errors.msg
        if isinstance(errors[0], self.unsupported_error):
            message = "Unsupported parameters for (%s) module: %s" % (module_name, message)
        return params, message


def _module_reads_since_2_19():
    from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder

    encoder = get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)
    decoder = get_module_decoder(PROFILE, Direction.CONTROLLER_TO_MODULE)

    def module_reads(args):
        return json.loads(json.dumps(args, cls=encoder), cls=decoder)

    return module_reads


def _module_reads_before_2_19():
    from ansible.module_utils.common.json import AnsibleJSONEncoder

    def module_reads(args):
        return json.loads(json.dumps(args, cls=AnsibleJSONEncoder, vault_to_text=True))

    return module_reads


def load():
    """``(CoreApi, None)``, or ``(None, why)`` when this ansible-core lacks a name the in-controller path needs."""
    try:
        from ansible.constants import config
        from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
        from ansible.module_utils.errors import UnsupportedError
    except ImportError as error:
        return None, "this ansible-core does not have what it needs (%s)" % error
    try:
        module_reads = _module_reads_since_2_19()
    except ImportError as newer:
        try:
            module_reads = _module_reads_before_2_19()
        except ImportError as older:
            return None, "this ansible-core has no JSON encoder for module arguments (%s; %s)" % (newer, older)
    return CoreApi(ArgumentSpecValidator, UnsupportedError, module_reads, config), None


CORE_API, UNAVAILABLE = load()
