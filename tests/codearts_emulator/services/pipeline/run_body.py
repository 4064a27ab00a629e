# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""RunPipeline's body (the SDK's RunPipelineDTO, codearts-api-run-control.md 7.1.2): what a run is started with.

Every field is optional; within an entry the SDK's required fields are required. [MODEL] choices, each refused with
400 DEVPIPE.00011001 when malformed: a `sources[]` entry needs `type` (code or artifact); its `params` (optional, as in
the SDK) need `git_type` and `git_url` (for either type, as the docs' table says); `params.build_params`, when given,
needs `build_type` (branch or tag); `target_branch`, `tag`, `alias`, `codehub_id`, `default_branch` and `endpoint_id`
are strings, `event_type` one of the documented triggers, `change_request_ids` a list of strings. `description` is a
string of at most 1024 characters; `variables[]` are {name, value} strings (the name not empty, the value at most 8192
characters); `choose_stages[]`/`choose_jobs[]` are identifiers of the pipeline's stages/jobs. null is the same as
absent; other keys (`sub_hook`, `execution_plan_id`, and keys of no model) are ignored.
"""

from __future__ import annotations

from typing import Any, Optional

from ...api import Request
from .answers import invalid_param
from .listing import list_body

SOURCE_TYPES = ("code", "artifact")
GIT_TYPES = ("codehub", "gitee", "github", "gitcode", "gitlab")
BUILD_TYPES = ("branch", "tag")
EVENT_TYPES = ("Manual", "Scheduler", "MR", "Push", "CreateTag", "Issue", "Note")
OPTIONAL_SOURCE_TEXTS = ("alias", "codehub_id", "default_branch", "endpoint_id")
MAX_DESCRIPTION = 1024
MAX_VARIABLE_VALUE = 8192


def run_body(request: Request, pipeline: dict) -> dict:
    """The checked body: {sources, description, variables, choose_stages, choose_jobs} (absent lists are [])."""
    body = list_body(request)
    return {
        "sources": [_source(entry, f"sources[{n}]") for n, entry in enumerate(_list(body, "sources"))],
        "description": _text(body, "description", "description", MAX_DESCRIPTION),
        "variables": [_variable(entry, f"variables[{n}]") for n, entry in enumerate(_list(body, "variables"))],
        "choose_stages": _chosen(body, "choose_stages", [stage["identifier"] for stage in pipeline["stages"]]),
        "choose_jobs": _chosen(
            body, "choose_jobs", [job["identifier"] for stage in pipeline["stages"] for job in stage["jobs"]]
        ),
    }


def _list(body: dict, key: str) -> list:
    value = body.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise invalid_param(f"{key} is a list, not {value!r}")
    return value


def _text(body: dict, key: str, what: str, limit: Optional[int] = None) -> Optional[str]:
    """body[key], a string (of at most `limit` characters), or None when absent."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid_param(f"{what} is a string, not {value!r}")
    if limit is not None and len(value) > limit:
        raise invalid_param(f"{what} has at most {limit} characters, not {len(value)}")
    return value


def _one_of(body: dict, key: str, what: str, allowed: tuple[str, ...], required: bool) -> Optional[str]:
    value = body.get(key)
    if value is None and not required:
        return None
    if value not in allowed:
        raise invalid_param(f"{what} is one of {', '.join(allowed)}, not {value!r}")
    return value


def _mapping(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise invalid_param(f"{what} is an object, not {value!r}")
    return value


def _source(entry: Any, what: str) -> dict:
    """A code or artifact source: {type, params: {git_type, git_url, the optional texts, change_request_ids, build_params}}
    (params null when not given)."""
    entry = _mapping(entry, what)
    kind = _one_of(entry, "type", f"{what}.type", SOURCE_TYPES, required=True)
    if entry.get("params") is None:
        return {"type": kind, "params": None}
    params = _mapping(entry["params"], f"{what}.params")
    git_url = _text(params, "git_url", f"{what}.params.git_url")
    if not git_url:
        raise invalid_param(f"{what}.params.git_url is required")
    requests = _list(params, "change_request_ids")
    if not all(isinstance(request_id, str) for request_id in requests):
        raise invalid_param(f"{what}.params.change_request_ids is a list of strings")
    build = params.get("build_params")
    return {
        "type": kind,
        "params": {
            "git_type": _one_of(params, "git_type", f"{what}.params.git_type", GIT_TYPES, required=True),
            "git_url": git_url,
            **{key: _text(params, key, f"{what}.params.{key}") for key in OPTIONAL_SOURCE_TEXTS},
            "change_request_ids": list(requests),
            "build_params": None if build is None else _build_params(build, f"{what}.params.build_params"),
        },
    }


def _build_params(build: Any, what: str) -> dict:
    """Where the source runs: {build_type branch|tag, target_branch, tag, event_type}."""
    build = _mapping(build, what)
    return {
        "build_type": _one_of(build, "build_type", f"{what}.build_type", BUILD_TYPES, required=True),
        "target_branch": _text(build, "target_branch", f"{what}.target_branch"),
        "tag": _text(build, "tag", f"{what}.tag"),
        "event_type": _one_of(build, "event_type", f"{what}.event_type", EVENT_TYPES, required=False),
    }


def _variable(entry: Any, what: str) -> dict:
    """A run-time variable {name, value}: both strings and required, the name not empty."""
    entry = _mapping(entry, what)
    name = _text(entry, "name", f"{what}.name")
    if not name:
        raise invalid_param(f"{what}.name is required")
    value = _text(entry, "value", f"{what}.value", MAX_VARIABLE_VALUE)
    if value is None:
        raise invalid_param(f"{what}.value is required")
    return {"name": name, "value": value}


def _chosen(body: dict, key: str, identifiers: list[str]) -> list[str]:
    """choose_stages or choose_jobs: identifiers the pipeline has (an unknown one is refused)."""
    chosen = _list(body, key)
    unknown = [identifier for identifier in chosen if identifier not in identifiers]
    if unknown:
        raise invalid_param(f"{key} names identifiers the pipeline does not have: {unknown!r}")
    return list(chosen)
