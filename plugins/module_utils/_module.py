# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module shares: the common options, the client they give, and the run loop.

A module's logic is a plain function ``logic(params, client, check_mode) -> result``
that raises CodeArtsError; ``CodeArtsModule`` pairs it with the module's options and runs it
through AnsibleModule or inside the controller, so the logic can be unit-tested without either.
"""

from __future__ import annotations

import math
import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import resolve_auth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import BUILD_PARAM_MAX_LENGTH
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import (
    REQUESTS_IMPORT_ERROR,
    CodeArtsClient,
    validate_id,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError


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
        "access_key": {"type": "str", "no_log": False, "fallback": _env("HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK", "HW_ACCESS_KEY")},
        "secret_key": {"type": "str", "no_log": True, "fallback": _env("HUAWEICLOUD_SDK_SK", "CLOUD_SDK_SK", "HW_SECRET_KEY")},
        "security_token": {"type": "str", "no_log": True, "fallback": _env("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN")},
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
    }


def client_from_params(params, host_templates=None):
    """A client for the options of one task; fails before any request if they do not add up.

    ``host_templates`` replace the region's host of some services (see CodeArtsClient).
    """
    if params.get("timeout") is not None and params["timeout"] <= 0:
        raise CodeArtsError("timeout must be a positive number of seconds.")
    if params.get("retries") is not None and params["retries"] < 0:
        raise CodeArtsError("retries must be zero or more.")
    return CodeArtsClient(
        resolve_auth(params),
        region=params.get("region"),
        endpoint_url=params.get("endpoint_url"),
        iam_endpoint=params.get("iam_endpoint"),
        validate_certs=params.get("validate_certs", True),
        ca_path=params.get("ca_path"),
        timeout=params.get("timeout") or 30,
        retries=params.get("retries", 3),
        host_templates=host_templates,
    )


def require_one_of(params, groups):
    """AnsibleModule counts an option given as null in required_one_of; here it counts as not given."""
    for group in groups:
        if all(params.get(name) is None for name in group):
            raise CodeArtsError("one of the following is required: %s." % ", ".join(group))


def validate_ids(params, id_options):
    for name in id_options:
        if params.get(name) is not None:
            validate_id(name, params[name])


class CodeArtsModule:
    """A module: its own options, its logic, and how its arguments are checked.

    The module file defines one and its ``main()`` calls ``main()`` here, through AnsibleModule; the action plugin of
    the same name runs the same definition inside the controller (plugins/plugin_utils/_in_controller.py). Both call
    ``run()``, so a task gets the same result either way.

    ``id_options`` name the options that go into request paths: they are checked before anything is sent.
    ``host_templates(params)`` gives the client's host templates (see client_from_params). ``checks`` are
    AnsibleModule's ``mutually_exclusive``, ``required_one_of``, ``required_together`` and ``required_by``.
    """

    def __init__(self, logic, options, id_options=(), host_templates=None, **checks):
        self.logic = logic
        self.options = options
        self.id_options = tuple(id_options)
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
        client = None
        try:
            require_one_of(params, self.checks.get("required_one_of", ()))
            validate_ids(params, self.id_options)
            client = client_from_params(params, self.host_templates and self.host_templates(params))
            result = task_result(client, self.logic(params, client, check_mode))
        except CodeArtsError as error:
            result = dict(failure_result(client, error), failed=True)
        return result, getattr(client, "warnings", []) + getattr(client, "answers_lost", [])

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


def _writes(client, error=None):
    """The writes that were sent (``client.writes_sent``), less the last one if ``error`` is the API refusing it.

    A refusal is a definite answer to that very write (its message starts with it): a 4xx, or an error in a 200.
    """
    writes = list(getattr(client, "writes_sent", None) or [])
    refused = (error is not None and not error.ambiguous and error.status is not None and error.status < 500
               and writes and error.message.startswith(writes[-1] + " "))
    return writes[:-1] if refused else writes


def task_result(client, result):
    """The logic's result, changed when a write was sent, and with the writes whose answer was lost."""
    result = dict(result)
    if _writes(client):
        result["changed"] = True
    lost = getattr(client, "answers_lost", None)
    if lost:
        result["answers_lost"] = list(lost)
    return result


def failure_result(client, error):
    """What fail_json gets for ``error``: after a write was sent (and not refused), changed and what was sent come first."""
    writes = _writes(client, error)
    if not writes:
        return {"msg": str(error), "failure": error.to_dict()}
    return {"msg": "%s %s sent; then %s" % (", ".join(writes), "was" if len(writes) == 1 else "were", error),
            "changed": True, "writes_sent": writes, "failure": error.to_dict()}


def missing(client, message):
    """The CodeArtsError for a resource that the logic needs but the API says is absent, with the API's answer.

    ``client.last_absence`` is the error that ``get_if_exists`` turned into None (status, code, request ID).
    """
    absence = getattr(client, "last_absence", None)
    if absence is None:
        return CodeArtsError(message)
    return CodeArtsError("%s %s" % (message, absence.message), status=absence.status, code=absence.code,
                         request_id=absence.request_id, hint=absence.hint)


def run_parameters(values, option="build_params"):
    """Run parameters (of a pipeline run or a build) as the APIs take them: names and string values of at most 8192
    characters [SDK].

    Numbers and booleans are written as YAML users expect (``true``, ``2``); anything else fails before any request.
    """
    parameters = {}
    for name, value in (values or {}).items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (int, float)) and math.isfinite(value):
            value = str(value)
        if not name or not isinstance(value, str):
            raise CodeArtsError("%s must map names to strings, numbers or booleans; %r: %r is not one." % (option, name, value))
        if len(value) > BUILD_PARAM_MAX_LENGTH:
            raise CodeArtsError("%s: the value of %r is longer than %d characters." % (option, name, BUILD_PARAM_MAX_LENGTH))
        parameters[name] = value
    return parameters


def statuses_under_way(statuses, under_way, what):
    """The statuses a ``running_longer_than`` filter looks at: those of ``statuses`` (all of ``under_way`` when none is
    given) that mean the ``what`` is under way; none of them fails before any request."""
    kept = [status for status in statuses or under_way if status in under_way]
    if not kept:
        raise CodeArtsError("running_longer_than finds %s under way (%s); status %s has none of them."
                            % (what, ", ".join(under_way), ", ".join(statuses)))
    return kept


def named(items, name):
    """The items (dicts with a ``name``) called ``name``; all of them when no name is given."""
    return [item for item in items if name is None or item["name"] == name]


def find_named(items, name, what, project_id, id_option, required=True):
    """The one ``what`` (a build job, a check task, a pipeline) of a project called ``name``.

    Several fail with their IDs, so the task can name one with ``id_option``; none fails too, unless not ``required``
    (then None).
    """
    matches = named(items, name)
    if len(matches) > 1:
        raise CodeArtsError("%d %ss are named %r in project %s (IDs %s): name the one you mean with %s."
                            % (len(matches), what, name, project_id, ", ".join(item["id"] for item in matches), id_option))
    if not matches and required:
        raise CodeArtsError("No %s is named %r in project %s." % (what, name, project_id))
    return matches[0] if matches else None


def write_then_confirm(client, send, took_effect):
    """Send one write; when its answer is lost (an ambiguous failure), read the state before anything else.

    ``took_effect()`` reads whether the write was applied (for a start or a run: whether a new one began since
    the state read before). If it was, the answer's loss is recorded in ``client.answers_lost`` (the task
    warns with it) and None is returned; if not, the write is sent once more, and only once: a write is never
    sent again without that read, so a delete, a start or a review decision is not applied twice.
    Returns what ``send()`` returned.
    """
    try:
        return send()
    except CodeArtsError as error:
        if not error.ambiguous:
            raise
        lost = error
    if took_effect():
        note = "%s A read shows that the write took effect, so it was not sent again." % lost
        if getattr(client, "answers_lost", None) is None:
            client.answers_lost = []
        client.answers_lost.append(note)
        return None
    return send()


def readable(state, prefix=""):
    """A state as a person reads it: ``status=running, progress.ratio=40%`` rather than a Python dict."""
    if not isinstance(state, dict):
        return "null" if state is None else str(state)
    parts = []
    for key, value in state.items():
        if isinstance(value, dict):
            parts.append(readable(value, "%s%s." % (prefix, key)))
        elif not isinstance(value, list):
            parts.append("%s%s=%s" % (prefix, key, "null" if value is None else value))
    return ", ".join(part for part in parts if part)


def wait_until(client, read, is_done, timeout, describe):
    """Poll ``read()`` until ``is_done`` says so; fail after ``timeout`` seconds with what was last seen.

    The interval starts short (asynchronous stops often land within a second) and backs off to 5 s.
    """
    deadline = client.monotonic() + timeout
    interval = 0.5
    while True:
        current = read()
        if is_done(current):
            return current
        remaining = deadline - client.monotonic()
        if remaining <= 0:
            raise CodeArtsError("%s within %s seconds; last seen: %s." % (describe, timeout, readable(current)))
        client.sleep(min(interval, remaining))
        interval = min(interval * 2, 5.0)


def change_result(key, value, before, after):
    """A module's result: ``value`` under ``key``, changed when ``before`` differs from ``after``, and the diff Ansible shows."""
    return {"changed": before != after, key: value, "diff": {"before": before or {}, "after": after or {}}}


def state_result(key, before, after):
    """change_result for a resource that is its own state: reported as it is after, or as it was if removed."""
    return change_result(key, after or before or {}, before, after)
