# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module shares: the common options, the client they give, and the run loop.

A module's logic is a plain function ``logic(params, client, check_mode) -> result``
that raises CodeArtsError; ``run_module`` wires it to AnsibleModule, so the logic
can be unit-tested (and later run in the controller) without AnsibleModule.
"""

from __future__ import annotations

import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import resolve_auth
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


def client_from_params(params):
    """A client for the options of one task; fails before any request if they do not add up."""
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
        check_host=params.get("check_host"),
    )


def validate_ids(params, id_options):
    for name in id_options:
        if params.get(name) is not None:
            validate_id(name, params[name])


def run_module(argument_spec, logic, id_options=(), **module_kwargs):
    """Build the AnsibleModule, run ``logic`` and report its result or its CodeArtsError.

    ``id_options`` name the options that go into request paths: they are
    checked before anything is sent.
    """
    spec = codearts_argument_spec()
    spec.update(argument_spec)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **module_kwargs)
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    try:
        validate_ids(module.params, id_options)
        result = logic(module.params, client_from_params(module.params), module.check_mode)
    except CodeArtsError as error:
        module.fail_json(msg=str(error), failure=error.to_dict())
    module.exit_json(**result)


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
            raise CodeArtsError("%s within %s seconds; last seen: %s." % (describe, timeout, current))
        client.sleep(min(interval, remaining))
        interval = min(interval * 2, 5.0)


def change_result(key, value, before, after):
    """A module's result: ``value`` under ``key``, changed when ``before`` differs from ``after``, and the diff Ansible shows."""
    return {"changed": before != after, key: value, "diff": {"before": before or {}, "after": after or {}}}


def state_result(key, before, after):
    """change_result for a resource that is its own state: reported as it is after, or as it was if removed."""
    return change_result(key, after or before or {}, before, after)
