# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every operation the emulator serves, called through the official SDK's own client.

For each row of sdk_operations.OPERATIONS, with permanent and with temporary AK/SK (security token):
the emulator accepts the SDK's signature (the request log shows who called and a 2xx), its SDK witness
reproduces that signature, and the answer is what the SDK's response model describes: every field
known to the model with the declared type, and the documented fields set.
"""

from __future__ import annotations

import re

import pytest
from emulator_client import AK, IAM_PROJECT_ID, NIGHTLY, REGION, TMP_AK
from sdk_operations import NOT_EMULATED, NOT_EXERCISED, OPERATIONS, SDKS
from sdk_support import (
    CREDENTIAL_KINDS,
    call,
    credentials,
    field_problems,
    field_value,
    make_client,
    sdk_http_info,
    type_problems,
)

from codearts_emulator.server import Emulator

ACCESS_KEYS = {"aksk": AK, "temporary_aksk": TMP_AK}
SDK_OPERATIONS = [operation for operation in OPERATIONS if operation.sdk != "iam"]


def _template(path):
    """A path template with its parameter names left out: /v3/jobs/{job_id}/recover -> /v3/jobs/{}/recover."""
    return re.sub(r"\{\w+\}", "{}", path)


def _routes():
    return {route.operation: (service, route) for service, route in Emulator().routes()}


@pytest.mark.parametrize("kind", CREDENTIAL_KINDS)
@pytest.mark.parametrize("operation", SDK_OPERATIONS, ids=lambda operation: operation.key)
def test_the_sdk_calls_every_operation(sdk, emulator, operation, kind):
    module = sdk.modules[operation.sdk]
    response = call(sdk, operation, emulator, credentials(sdk, kind))
    assert isinstance(response, getattr(module, operation.operation + "Response"))
    (entry,) = emulator.requests()
    assert (entry["service"], entry["operation"], entry["auth"], entry["access_key"]) == (
        operation.service,
        operation.operation,
        kind,
        ACCESS_KEYS[kind],
    )
    assert 200 <= entry["status"] < 300 and response.status_code == entry["status"], entry
    assert (entry["project_header"], entry["error_code"], entry["sdk_signature"]) == (IAM_PROJECT_ID, None, "match")
    raw = response.to_json_object()
    assert type_problems(raw, type(response).__name__, module) == []
    assert field_problems(response, operation.fields, module) == []
    assert {path: field_value(response, path) for path, _value in operation.expect} == dict(operation.expect)
    if not operation.fields:  # StopTaskById answers an empty body, and its model has no fields
        assert raw is None and not type(response).openapi_types


@pytest.mark.parametrize("kind", CREDENTIAL_KINDS)
def test_the_sdk_looks_the_iam_project_up(sdk, emulator, kind):
    """KeystoneListProjects: BasicCredentials without a project ID ask IAM (GET /v3/projects?name=region) themselves."""
    creds = call(sdk, OPERATIONS[0], emulator, credentials(sdk, kind, project_id=None))
    assert creds.project_id == IAM_PROJECT_ID
    (entry,) = emulator.requests()
    assert (entry["service"], entry["operation"], entry["method"], entry["path"], entry["query"]) == (
        "iam",
        "KeystoneListProjects",
        "GET",
        "/v3/projects",
        {"name": REGION},
    )
    assert (entry["auth"], entry["access_key"], entry["status"], entry["project_header"], entry["sdk_signature"]) == (
        kind,
        ACCESS_KEYS[kind],
        200,
        None,
        "match",
    )
    # The project ID found is what the SDK then sends, and caches per AK and region: no second look-up.
    client = make_client(sdk, "build", emulator.url, creds, region=True)
    assert client.show_job_info(sdk.build.ShowJobInfoRequest(job_id=NIGHTLY)).result.id == NIGHTLY
    lookup, job_call = emulator.requests()
    assert (lookup["operation"], job_call["operation"], job_call["project_header"]) == (
        "KeystoneListProjects",
        "ShowJobInfo",
        IAM_PROJECT_ID,
    )


def test_the_table_covers_every_route_the_emulator_serves():
    routes = _routes()
    rows = {operation.operation for operation in OPERATIONS}
    assert not rows - routes.keys(), "rows for operations the emulator does not serve"
    assert routes.keys() - rows == NOT_EXERCISED.keys(), (
        "routes that no row calls through the SDK (add a row to sdk_operations.py)"
    )
    assert all(routes[operation.operation][0] == operation.service for operation in OPERATIONS)
    assert {operation.sdk for operation in OPERATIONS} == SDKS.keys()


@pytest.mark.parametrize("operation", SDK_OPERATIONS, ids=lambda operation: operation.key)
def test_the_emulator_serves_the_sdks_method_and_path(sdk, operation):
    info = sdk_http_info(sdk, operation.sdk, operation.operation)
    route = _routes()[operation.operation][1]
    assert (info["method"], _template(info["resource_path"])) == (route.method, _template(route.template))
    assert info["response_type"] == operation.operation + "Response"


def test_the_iam_look_up_is_the_route_the_emulator_serves(sdk):
    request = sdk.IamHelper.get_keystone_list_projects_request(
        sdk.HttpConfig.get_default_config(), "https://iam.example", REGION
    )
    route = _routes()["KeystoneListProjects"][1]
    assert (request.method, request.resource_path, request.query_params) == (
        route.method,
        route.template,
        [("name", REGION)],
    )


@pytest.mark.parametrize("known", NOT_EMULATED, ids=lambda known: known.operation)
def test_the_operations_listed_as_not_emulated_are_the_sdks(sdk, known):
    info = sdk_http_info(sdk, known.sdk, known.operation)
    assert (info["method"], info["resource_path"]) == (known.method, known.path)
    assert not any(
        route.method == known.method and route.match(known.path) is not None for _service, route in Emulator().routes()
    )
