# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AWX credential type injects what the modules read, for every way to authenticate.

The injectors are rendered by tests/e2e/awx_credential.py, which does what AWX's CredentialType.inject_credential
does; the environment it gives is then read through the modules' own argument spec.
"""

from __future__ import annotations

import importlib.util
import os

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import AkSkAuth, PasswordAuth, TokenAuth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import (
    client_from_params,
    codearts_argument_spec,
)

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
_SPEC = importlib.util.spec_from_file_location(
    "awx_credential", os.path.join(ROOT, "tests", "e2e", "awx_credential.py")
)
awx = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(awx)

CREDENTIAL_TYPE = awx.load()
FIELDS = {field["id"]: field for field in CREDENTIAL_TYPE["inputs"]["fields"]}
SPEC = codearts_argument_spec()
CONNECTION = {
    "region": "cn-north-4",
    "endpoint_url": "https://codearts.example.com",
    "iam_endpoint": "https://iam.example.com",
}
WAYS = {
    "aksk": ({"access_key": "AK0000000001", "secret_key": "SK-secret-0001"}, AkSkAuth),
    "temporary_aksk": (
        {"access_key": "AK0000000002", "secret_key": "SK-secret-0002", "security_token": "ST-secret"},
        AkSkAuth,
    ),
    "token": ({"auth_token": "TOKEN-secret"}, TokenAuth),
    "password": ({"user_name": "demo-user", "password": "PW-secret", "domain_name": "demo-domain"}, PasswordAuth),
}


def _environment_names():
    return {name for option in SPEC.values() if option.get("fallback") for name in option["fallback"][1]}


def _params_from(env, monkeypatch):
    """The options a module gets from this environment and no task arguments."""
    for name in _environment_names():
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = ArgumentSpecValidator(SPEC).validate({})
    assert not result.error_messages
    return result.validated_parameters


def test_awx_would_accept_the_credential_type():
    assert set(CREDENTIAL_TYPE) == {"name", "description", "kind", "inputs", "injectors"}
    assert CREDENTIAL_TYPE["kind"] == "cloud"
    assert set(CREDENTIAL_TYPE["injectors"]) == {"env"}
    assert awx.validate(CREDENTIAL_TYPE) == []


def test_each_injector_sets_the_first_variable_of_the_option_of_its_field():
    injected = {}
    for name, template in CREDENTIAL_TYPE["injectors"]["env"].items():
        field = template.strip("{} ")
        assert template == "{{ %s }}" % field
        assert SPEC[field]["fallback"][1][0] == name, field
        injected[field] = name
    assert set(injected) == set(FIELDS) == {option for option, spec in SPEC.items() if spec.get("fallback")}


def test_secret_fields_are_the_no_log_options():
    assert {name for name, field in FIELDS.items() if field.get("secret")} == {
        name for name, option in SPEC.items() if option.get("no_log")
    }


@pytest.mark.parametrize("way", sorted(WAYS))
def test_each_way_reaches_the_modules_as_that_way_alone(way, monkeypatch):
    inputs, auth_class = WAYS[way]
    env, safe_env = awx.inject(CREDENTIAL_TYPE, dict(inputs, **CONNECTION))
    # AWX sets the variables of the fields left empty too, to ''.
    assert env.keys() == CREDENTIAL_TYPE["injectors"]["env"].keys()
    assert "" in env.values()
    params = _params_from(env, monkeypatch)
    assert {name: params[name] for name in inputs} == inputs
    assert all(params[name] is None for name in FIELDS if name not in inputs and name not in CONNECTION)
    client = client_from_params(params)
    assert isinstance(client.auth, auth_class)
    assert (client.region, client.endpoint_url, client.iam_endpoint) == tuple(CONNECTION.values())
    if way == "aksk":
        assert client.auth.security_token is None
    secrets = [value for name, value in inputs.items() if FIELDS[name].get("secret")]
    assert secrets and not [value for value in secrets if value in str(safe_env)]


def test_an_empty_field_leaves_an_alias_from_the_execution_environment_in_force(monkeypatch):
    env = awx.inject(CREDENTIAL_TYPE, WAYS["aksk"][0])[0]
    params = _params_from(dict(env, HW_REGION_NAME="cn-south-1"), monkeypatch)
    assert params["region"] == "cn-south-1"


def test_fields_of_two_ways_fail_before_any_request(monkeypatch):
    env = awx.inject(CREDENTIAL_TYPE, dict(WAYS["aksk"][0], user_name="demo-user", **CONNECTION))[0]
    with pytest.raises(
        CodeArtsError, match=r"several ways to authenticate are set \(access_key, secret_key; user_name\)"
    ):
        client_from_params(_params_from(env, monkeypatch))
