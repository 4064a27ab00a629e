# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The module runtime: the common options, the client they give, and the run that turns a module's logic into its result.

A module's logic is a plain function ``logic(params, client, check_mode) -> result`` (in a service file, built from
_logic.py) that raises CodeArtsError; ``CodeArtsModule`` pairs it with the module's options and runs it through
AnsibleModule or inside the controller, so the logic can be unit-tested without either. Each run has a TaskRecord
(what the task sent), from which ``changed``, ``writes_sent``, ``answers_lost`` and the warnings come.
"""

from __future__ import annotations

import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import resolve_auth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import (
    READ_CONCURRENCY,
    REQUESTS_IMPORT_ERROR,
    CodeArtsClient,
    validate_id,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import ID_SHAPES
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._record import TaskRecord


def _nonempty_env_fallback(*names):
    """Like env_fallback, but an empty variable counts as unset and the next name is read.

    AWX sets every environment variable of a credential type's injectors, as an empty string for a field
    left empty: that must not hide an alias, nor count as a second way to authenticate.
    """
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    raise AnsibleFallbackNotFound


def _env(*names):
    return (_nonempty_env_fallback, list(names))


def codearts_argument_spec():
    """The connection and authentication options (documented in the huaweicloud.codearts.common fragment)."""
    return {
        "region": {"type": "str", "fallback": _env("HUAWEICLOUD_REGION", "HW_REGION_NAME")},
        "access_key": {
            "type": "str",
            "no_log": False,
            "fallback": _env("HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK", "HW_ACCESS_KEY"),
        },
        "secret_key": {
            "type": "str",
            "no_log": True,
            "fallback": _env("HUAWEICLOUD_SDK_SK", "CLOUD_SDK_SK", "HW_SECRET_KEY"),
        },
        "security_token": {
            "type": "str",
            "no_log": True,
            "fallback": _env("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"),
        },
        "iam_project_id": {"type": "str", "fallback": _env("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID")},
        "auth_token": {"type": "str", "no_log": True, "fallback": _env("HUAWEICLOUD_AUTH_TOKEN")},
        "user_name": {"type": "str", "fallback": _env("HW_USER_NAME")},
        "password": {"type": "str", "no_log": True, "fallback": _env("HW_PASSWORD")},
        "domain_name": {"type": "str", "fallback": _env("HW_DOMAIN_NAME")},
        "endpoint_url": {"type": "str", "fallback": _env("HUAWEICLOUD_CODEARTS_ENDPOINT")},
        "iam_endpoint": {"type": "str", "fallback": _env("HUAWEICLOUD_SDK_IAM_ENDPOINT")},
        "validate_certs": {"type": "bool", "default": True},
        "ca_path": {"type": "path"},
        "timeout": {"type": "float", "default": 30},
        "retries": {"type": "int", "default": 3},
        "read_concurrency": {"type": "int", "default": READ_CONCURRENCY},
    }


def _positive(value):
    return value > 0  # False for NaN too


def _zero_or_more(value):
    return value >= 0


# Every number option of the modules, checked before any request (what it must be, and the test).
NUMBER_OPTIONS = {
    "timeout": ("a positive number of seconds", _positive),
    "retries": ("zero or more", _zero_or_more),
    "read_concurrency": ("1 or more (1: one read at a time)", _positive),
    "wait_timeout": ("a positive number of seconds", _positive),
    "build_number": ("a build number, 1 or more", _positive),
}
ENDPOINT_OPTIONS = ("endpoint_url", "iam_endpoint")


def check_connection_options(params):
    """Refuse, before any request, a number out of range, an endpoint without its scheme, or a CA bundle that is not there."""
    for name, (what, holds) in NUMBER_OPTIONS.items():
        if params.get(name) is not None and not holds(params[name]):
            raise CodeArtsError("%s must be %s, not %r." % (name, what, params[name]))
    for name in ENDPOINT_OPTIONS:
        value = params.get(name)
        if value and not value.lower().startswith(("https://", "http://")):
            raise CodeArtsError(
                "%s must start with https:// or http://, as in https://%s; got %r." % (name, value, value)
            )
    if params.get("ca_path") and not os.path.exists(params["ca_path"]):
        raise CodeArtsError(
            "ca_path must name a CA bundle file (or a directory of CA certificates); %r does not exist."
            % params["ca_path"]
        )


def client_from_params(params, host_templates=None, record=None):
    """A client for the options of one task; fails before any request if they do not add up.

    ``host_templates`` replace the region's host of some services (see CodeArtsClient); ``record`` is the task's
    TaskRecord (a new one when not given).
    """
    check_connection_options(params)
    return CodeArtsClient(
        resolve_auth(params),
        region=params.get("region"),
        endpoint_url=params.get("endpoint_url"),
        iam_endpoint=params.get("iam_endpoint"),
        validate_certs=params.get("validate_certs", True),
        ca_path=params.get("ca_path"),
        timeout=params.get("timeout") or 30,
        retries=params.get("retries", 3),
        read_concurrency=params.get("read_concurrency") or READ_CONCURRENCY,
        host_templates=host_templates,
        record=record,
    )


def require_one_of(params, groups):
    """AnsibleModule counts an option given as null in required_one_of; here it counts as not given."""
    for group in groups:
        if all(params.get(name) is None for name in group):
            raise CodeArtsError("one of the following is required: %s." % ", ".join(group))


def validate_ids(params, id_options):
    """Refuse, before any request, an ID option that is not of its documented shape (ID_SHAPES), naming the option."""
    for name in tuple(id_options) + ("iam_project_id",):
        value = params.get(name)
        if value is None:
            continue
        validate_id(name, value)
        if name in ID_SHAPES and not ID_SHAPES[name][0].match(value):
            raise CodeArtsError(
                "%s must be %s; got %r (%d characters)." % (name, ID_SHAPES[name][1], value, len(value))
            )


def choices_any_case(params, choices):
    """``params`` with each option of ``choices`` (option -> its values) spelt as in its values, whatever case it was
    given in; a value that is none of them fails before any request, naming the option and its values."""
    canonical = dict(params)
    for name, values in choices.items():
        given = params.get(name)
        if given is None:
            continue
        spelling = {value.lower(): value for value in values}
        wrong = [value for value in given if str(value).lower() not in spelling]
        if wrong:
            raise CodeArtsError(
                "%s must be one or more of %s (in any case); got %s."
                % (name, ", ".join(value.lower() for value in values), ", ".join(repr(value) for value in wrong))
            )
        canonical[name] = [spelling[str(value).lower()] for value in given]
    return canonical


def options_ignored(params, state_options, options):
    """Warnings for the options given with a ``state`` they do not apply to (``state_options``: option -> its states).

    An option at its default does not count, so ``module_defaults`` that set one for every task warn nowhere. A
    warning, not a refusal: playbooks that pass the same options to a start and a stop keep working.
    """
    warnings = []
    for name, states in state_options.items():
        value = params.get(name)
        if value is None or value == options[name].get("default") or params.get("state") in states:
            continue
        warnings.append(
            "%s applies only to %s; it was ignored (this task has state=%s)."
            % (name, " or ".join("state=%s" % state for state in states), params.get("state"))
        )
    return warnings


class CodeArtsModule:
    """A module: its own options, its logic, and how its arguments are checked.

    The module file defines one and its ``main()`` calls ``main()`` here, through AnsibleModule; the action plugin of
    the same name runs the same definition inside the controller (plugins/plugin_utils/_in_controller.py). Both call
    ``run()``, so a task gets the same result either way.

    ``id_options`` name the options that go into request paths: they are checked before anything is sent.
    ``state_options`` name the options that apply to some states only (option -> tuple of states): given with another
    state, the task warns that they were ignored. ``choices_any_case`` name the list options whose values may be given
    in any case (option -> its values, as the API spells them): the logic gets the API's spelling.
    ``host_templates(params)`` gives the client's host templates (see client_from_params). ``checks`` are
    AnsibleModule's ``mutually_exclusive``, ``required_one_of``, ``required_together`` and ``required_by``.
    """

    def __init__(
        self, logic, options, id_options=(), state_options=None, choices_any_case=None, host_templates=None, **checks
    ):
        self.logic = logic
        self.options = options
        self.id_options = tuple(id_options)
        self.state_options = state_options or {}
        self.choices_any_case = choices_any_case or {}
        self.host_templates = host_templates
        self.checks = checks

    @property
    def argument_spec(self):
        """The module's options with the connection and authentication options (a new dict each time)."""
        spec = codearts_argument_spec()
        spec.update(self.options)
        return spec

    def run(self, params, check_mode):
        """Run the logic for validated ``params``: ``(result, warnings)``.

        The result is what exit_json gets, or, with ``failed: True``, what fail_json gets. A task that sent a write
        reports ``changed``, whether it failed afterwards or not, and its failure says which writes were sent
        (``writes_sent``).
        """
        record = TaskRecord()
        record.warnings.extend(options_ignored(params, self.state_options, self.options))
        try:
            require_one_of(params, self.checks.get("required_one_of", ()))
            validate_ids(params, self.id_options)
            params = choices_any_case(params, self.choices_any_case)
            client = client_from_params(params, self.host_templates and self.host_templates(params), record)
            result = task_result(record, self.logic(params, client, check_mode))
        except CodeArtsError as error:
            result = dict(failure_result(record, error), failed=True)
        return result, record.warnings + record.answers_lost

    def main(self):
        """Run as a module: AnsibleModule reads and checks the arguments and reports the result."""
        module = AnsibleModule(argument_spec=self.argument_spec, supports_check_mode=True, **self.checks)
        if REQUESTS_IMPORT_ERROR:
            module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        result, warnings = self.run(module.params, module.check_mode)
        for warning in warnings:
            module.warn(warning)
        if result.pop("failed", False):
            module.fail_json(**result)
        module.exit_json(**result)


def task_result(record, result):
    """The logic's result, changed when a write was sent, and with the writes whose answer was lost."""
    result = dict(result)
    if record.writes_applied():
        result["changed"] = True
    if record.answers_lost:
        result["answers_lost"] = list(record.answers_lost)
    return result


def failure_result(record, error):
    """What fail_json gets for ``error``: after a write was sent (and not refused), changed and what was sent; and what
    the logic had to report when it failed (``error.partial_result``)."""
    result = dict(error.partial_result or {}, failure=error.to_dict())
    writes = record.writes_applied(error)
    if not writes:
        return dict(result, msg=str(error))
    return dict(
        result,
        msg="%s %s sent; then %s" % (", ".join(writes), "was" if len(writes) == 1 else "were", error),
        changed=True,
        writes_sent=writes,
    )
