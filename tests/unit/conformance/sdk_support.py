# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Calling the emulator through the official SDK, and judging the answers by the SDK's own models.

The SDK's deserialiser is lenient: it drops fields its model does not know and converts what it can
(`str(5)`, `int(5.9)`), so "the SDK parsed it" proves little. `type_problems` therefore reads the raw
JSON against the model's `attribute_map` and `openapi_types`: every field must be one the SDK knows,
with the JSON type the SDK declares.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Optional

from emulator_client import AK, IAM_PROJECT_ID, REGION, SECURITY_TOKEN, SK, TMP_AK, TMP_SK
from sdk_operations import SDKS, Model, SdkOperation

CORE_MODULES = {
    "BasicCredentials": "huaweicloudsdkcore.auth.credentials",
    "HttpConfig": "huaweicloudsdkcore.http.http_config",
    "HttpHandler": "huaweicloudsdkcore.http.http_handler",
    "Region": "huaweicloudsdkcore.region.region",
    "SdkRequest": "huaweicloudsdkcore.sdk_request",
    "Signer": "huaweicloudsdkcore.signer.signer",
    "IamHelper": "huaweicloudsdkcore.auth.internal",
    "ClientRequestException": "huaweicloudsdkcore.exceptions.exceptions",
    "ServerResponseException": "huaweicloudsdkcore.exceptions.exceptions",
    "SdkException": "huaweicloudsdkcore.exceptions.exceptions",
}
# JSON types by the SDK's primitive type names (bool is not an int here, although Python says so).
JSON_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "object": (object,)}
PYTHON_TYPES = {"str": (str,), "int": (int,), "float": (float,), "bool": (bool,), "object": (object,)}
CREDENTIAL_KINDS = ("aksk", "temporary_aksk")


def load_sdk(home: Path) -> SimpleNamespace:
    """The SDK's classes and service modules; call with HOME pointing at `home` (the SDK writes its application ID there)."""
    names = {name: getattr(importlib.import_module(module), name) for name, module in CORE_MODULES.items()}
    # The user-agent module writes ~/.huaweicloud/application_id when it is first imported: do that now, under `home`.
    importlib.import_module("huaweicloudsdkcore.http.user_agent")
    modules = {key: importlib.import_module(sdk.module) for key, sdk in SDKS.items() if key != "iam"}

    def forget_project_ids() -> None:
        """BasicCredentials caches looked-up project IDs per AK and region for the whole process."""
        names["BasicCredentials"]._CACHE.clear()  # pylint: disable=protected-access

    return SimpleNamespace(home=home, modules=modules, forget_project_ids=forget_project_ids, **names, **modules)


def credentials(
    sdk: SimpleNamespace,
    kind: str = "aksk",
    secret_key: Optional[str] = None,
    project_id: Optional[str] = IAM_PROJECT_ID,
):
    """BasicCredentials with the demo's permanent AK/SK, or (kind temporary_aksk) its temporary AK/SK and security token."""
    if kind == "aksk":
        return sdk.BasicCredentials(AK, secret_key or SK, project_id)
    if kind == "temporary_aksk":
        return sdk.BasicCredentials(TMP_AK, secret_key or TMP_SK, project_id).with_security_token(SECURITY_TOKEN)
    raise ValueError(f"unknown credential kind {kind!r}")


def make_client(
    sdk: SimpleNamespace,
    key: str,
    url: str,
    creds: Any,
    retry_times: int = 0,
    http_handler: Any = None,
    region: bool = False,
) -> Any:
    """The SDK client `key` of SDKS, pointed at the emulator with `with_endpoints` (or a Region, which looks the project up)."""
    config = sdk.HttpConfig.get_default_config()
    config.retry_times = retry_times
    builder = getattr(sdk.modules[key], SDKS[key].client).new_builder().with_http_config(config).with_credentials(creds)
    if http_handler is not None:
        builder = builder.with_http_handler(http_handler)
    builder = builder.with_region(sdk.Region(REGION, url)) if region else builder.with_endpoints([url])
    return builder.build()


def _build(value: Any, module: Any) -> Any:
    if isinstance(value, Model):
        return getattr(module, value.name)(**_build(value.values, module))
    if isinstance(value, dict):
        return {name: _build(item, module) for name, item in value.items()}
    if isinstance(value, list):
        return [_build(item, module) for item in value]
    return value


def params(operation: SdkOperation, emulator: Any, **overrides: Any) -> dict:
    """The row's request parameters against the emulator's current state, with `overrides`."""
    values = operation.params(emulator) if callable(operation.params) else dict(operation.params or {})
    return {**values, **overrides}


def sdk_request(sdk: SimpleNamespace, operation: SdkOperation, emulator: Any, **overrides: Any) -> Any:
    """The row's SDK request object, e.g. ShowJobInfoRequest(job_id=...)."""
    module = sdk.modules[operation.sdk]
    return getattr(module, operation.operation + "Request")(**_build(params(operation, emulator, **overrides), module))


def sdk_http_info(sdk: SimpleNamespace, key: str, operation: str) -> dict:
    """What the SDK client `key` would send for `operation` (method, resource_path, response_type, ...), without sending it.

    Current clients build it in a class method, the legacy codecheck client inside the call; both end in
    do_http_request, which is replaced here by one that returns its arguments.
    """
    module = sdk.modules[key]
    client = getattr(module, SDKS[key].client)()
    client.do_http_request = lambda **kwargs: kwargs
    method = re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()
    return getattr(client, method)(getattr(module, operation + "Request")())


def look_up_project(sdk: SimpleNamespace, emulator: Any, creds: Any) -> Any:
    """KeystoneListProjects as the SDK does it: credentials without a project ID, a client built for a region."""
    creds.project_id = None
    make_client(sdk, "build", emulator.url, creds.with_iam_endpoint(emulator.url), region=True)
    return creds


def call(
    sdk: SimpleNamespace,
    operation: SdkOperation,
    emulator: Any,
    creds: Any,
    overrides: Optional[dict] = None,
    **client_options: Any,
) -> Any:
    """Call the row's operation through the SDK; returns the SDK's response object (the credentials for the IAM look-up)."""
    if operation.sdk == "iam":
        return look_up_project(sdk, emulator, creds)
    client = make_client(sdk, operation.sdk, emulator.url, creds, **client_options)
    return getattr(client, operation.method)(sdk_request(sdk, operation, emulator, **(overrides or {})))


def token_handler(sdk: SimpleNamespace, token: str) -> Any:
    """An SDK HttpHandler that sends `token` as X-Auth-Token instead of the AK/SK signature the client made.

    The SDK's clients have no token credentials; its request hook runs just before the request is sent,
    so everything else (path, query, body, answer, errors) stays the SDK's own.
    """

    def use_token(**kwargs: Any) -> None:
        headers = kwargs["request"].header_params
        for name in ("Authorization", "X-Sdk-Date", "X-Security-Token"):
            headers.pop(name, None)
        headers["X-Auth-Token"] = token

    return sdk.HttpHandler().add_request_handler(use_token)


def type_problems(value: Any, type_name: str, module: Any, where: str = "") -> list[str]:
    """How the raw JSON `value` departs from the SDK type `type_name` (a model name, list[...], dict(str, ...) or a primitive)."""
    where = where or type_name
    if value is None:
        return []
    if type_name.startswith("list["):
        if not isinstance(value, list):
            return [f"{where}: {value!r} is not a list ({type_name})"]
        return [
            problem
            for index, item in enumerate(value)
            for problem in type_problems(item, type_name[5:-1], module, f"{where}[{index}]")
        ]
    if type_name.startswith("dict("):
        item_type = re.match(r"dict\(([^,]*), (.*)\)", type_name).group(2)
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not an object ({type_name})"]
        return [
            problem
            for name, item in value.items()
            for problem in type_problems(item, item_type, module, f"{where}.{name}")
        ]
    if type_name in JSON_TYPES:
        if isinstance(value, JSON_TYPES[type_name]) and not (type_name in ("int", "float") and isinstance(value, bool)):
            return []
        return [f"{where}: {value!r} is a JSON {type(value).__name__}, the SDK declares {type_name}"]
    model = getattr(module, type_name)
    if not model.openapi_types:  # an enumeration
        return [] if isinstance(value, (str, int)) else [f"{where}: {value!r} is not a {type_name} value"]
    if set(model.openapi_types) == {"body"} and type_name.endswith("Response"):
        # A response that is a bare JSON value (an array, say): the SDK holds it as the model's body.
        return type_problems(value, model.openapi_types["body"], module, f"{where}.body")
    if not isinstance(value, dict):
        return [f"{where}: {value!r} is not an object ({type_name})"]
    attributes = {json_name: attribute for attribute, json_name in model.attribute_map.items()}
    problems = [
        f"{where}.{name}: the SDK model {type_name} has no such field" for name in value if name not in attributes
    ]
    for name, item in value.items():
        if name in attributes:
            problems.extend(type_problems(item, model.openapi_types[attributes[name]], module, f"{where}.{name}"))
    return problems


def field_value(obj: Any, path: str) -> Any:
    """`a.b[0].c` of an SDK model (or dict)."""
    for name, index in re.findall(r"(\w+)(?:\[(\d+)\])?", path):
        obj = obj[name] if isinstance(obj, dict) else getattr(obj, name)
        if index:
            obj = obj[int(index)]
    return obj


def declared_type(model: Any, path: str) -> str:
    """The SDK's type name of `path` in a model instance (the last attribute's openapi type, list element types unwrapped)."""
    parent_path, _sep, last = path.rpartition(".")
    parent = field_value(model, parent_path) if parent_path else model
    name = re.match(r"\w+", last).group(0)
    type_name = type(parent).openapi_types[name]
    return type_name[5:-1] if "[" in last and type_name.startswith("list[") else type_name


def field_problems(response: Any, fields: tuple, module: Any) -> list[str]:
    """The documented `fields` that the parsed SDK response lacks, or holds with another Python type than the SDK declares."""
    problems = []
    for path in fields:
        try:
            value = field_value(response, path)
        except (AttributeError, IndexError, KeyError, TypeError) as exc:
            problems.append(f"{path}: not in the answer ({exc!r})")
            continue
        if value is None:
            problems.append(f"{path}: not set")
            continue
        type_name = declared_type(response, path)
        containers = {"list[": (list,), "dict(": (dict,)}
        expected = containers.get(type_name[:5]) or PYTHON_TYPES.get(type_name) or (getattr(module, type_name),)
        if not isinstance(value, expected) or (type_name in ("int", "float") and isinstance(value, bool)):
            problems.append(f"{path}: {value!r} is a {type(value).__name__}, the SDK declares {type_name}")
    return problems
