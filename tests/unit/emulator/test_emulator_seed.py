# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed checks every service shares (codearts_emulator/seed.py): one wording, "<service> seed: <what> ...".

Each service's own seed fields are tested with the service; here: unknown fields, ID shapes and duplicate
IDs across IAM, Build, Check and Pipeline, IAM's and the CodeArts project names' sections, and the helpers.
"""

from __future__ import annotations

import copy
import json

import pytest
from emulator_client import HOUSEKEEPING_PROJECT, PROJECT

from codearts_emulator.seed import ID_PATTERN, TASK_ID_PATTERN, SeedChecker, seconds
from codearts_emulator.server import Emulator
from codearts_emulator.state import load_seed

JOB = {"id": "b1d0000000000000000000000000000a", "job_name": "j", "project_id": PROJECT}
TASK = {"task_id": "task-1", "task_name": "t", "project_id": PROJECT}
PIPELINE = {
    "id": "p1e0000000000000000000000000000a",
    "name": "p",
    "project_id": PROJECT,
    "stages": [{"name": "S", "jobs": [{"name": "j", "steps": [{"name": "b", "task": "official_devcloud_build"}]}]}],
}


def _seed(**sections):
    seed = load_seed(None)
    seed.update(copy.deepcopy(sections))
    return seed


def _iam(**changes):
    return {**load_seed(None)["iam"], **changes}


@pytest.mark.parametrize(
    "seed, message",
    [
        (_seed(build={"jobs": [{**JOB, "colour": "red"}]}), "build seed: job 'j' has unknown fields colour"),
        (
            _seed(build={"jobs": [{**JOB, "id": "B1D"}]}),
            "build seed: job 'j' needs an id of 32 characters [0-9a-z], not 'B1D'",
        ),
        (_seed(build={"jobs": [JOB, JOB]}), "build seed: job id b1d0000000000000000000000000000a appears twice"),
        (_seed(build={"jobs": [JOB], "colour": "red"}), "build seed: section has unknown fields colour"),
        (
            _seed(check={"tasks": [{**TASK, "task_id": "a/b"}]}),
            "check seed: task 't' needs a task_id of 1-32 characters [0-9A-Za-z_-], not 'a/b'",
        ),
        (_seed(check={"tasks": [TASK, TASK]}), "check seed: task id task-1 appears twice"),
        (_seed(check={"tasks": [], "speed": 1}), "check seed: section has unknown fields speed"),
        (
            _seed(pipeline={"pipelines": [{**PIPELINE, "project_id": "short"}]}),
            "pipeline seed: pipeline 'p' needs a project_id of 32 characters",
        ),
        (
            _seed(pipeline={"pipelines": [PIPELINE, PIPELINE]}),
            "pipeline seed: pipeline id p1e0000000000000000000000000000a appears twice",
        ),
        (_seed(pipeline={"pipelines": [], "jobs": []}), "pipeline seed: section has unknown fields jobs"),
        (
            _seed(pipeline={"pipelines": [{**PIPELINE, "created_ago": -1}]}),
            "pipeline seed: created_ago must not be negative",
        ),
        (
            _seed(iam=_iam(domain={"id": "d0a1", "name": "x"})),
            "iam seed: domain needs an id of 32 characters [0-9a-z], not 'd0a1'",
        ),
        (
            _seed(iam=_iam(domain={"id": "d0a1" * 8, "name": "x", "colour": "red"})),
            "iam seed: domain has unknown fields colour",
        ),
        (_seed(iam=_iam(domain=None)), "iam seed: domain is a mapping, not None"),
        (
            _seed(iam=_iam(projects=[{"id": "0123456789abcdef" * 2, "name": "a"}] * 2)),
            "iam seed: project id 0123456789abcdef0123456789abcdef appears twice",
        ),
        (_seed(iam=_iam(projects=[{"id": "x", "name": "a"}])), "iam seed: project 'a' needs an id of 32 characters"),
        (
            _seed(iam=_iam(users=[{"name": "u", "password": "p", "role": "admin"}])),
            "iam seed: user 'u' has unknown fields role",
        ),
        (_seed(iam=_iam(users=[{"name": "u"}])), "iam seed: user 'u' needs a name and a password"),
        (
            _seed(iam=_iam(users=[{"name": "u", "password": "p", "id": "U"}])),
            "iam seed: user 'u' needs an id of 32 characters",
        ),
        (_seed(iam=_iam(users=[{"name": "u", "password": "p"}] * 2)), "iam seed: user name u appears twice"),
        (
            _seed(iam=_iam(users=[{"name": "u", "password": "p", "domain": "elsewhere"}])),
            "iam seed: user 'u' is not in the domain demo-domain",
        ),
        (
            _seed(codearts_projects=[{"id": PROJECT, "name": "a"}] * 2),
            f"codearts_projects seed: project id {PROJECT} appears twice",
        ),
        (
            _seed(codearts_projects=[{"id": "A1", "name": "a"}]),
            "codearts_projects seed: project 'a' needs an id of 32 characters",
        ),
        (
            _seed(codearts_projects=[{"id": PROJECT, "title": "a"}]),
            "codearts_projects seed: project None has unknown fields title",
        ),
    ],
)
def test_every_service_words_its_refusals_alike(seed, message):
    with pytest.raises(ValueError) as raised:
        Emulator(seed=seed)
    assert str(raised.value).startswith(message), str(raised.value)


def test_a_bad_seed_through_the_admin_api_is_400(client):
    body = json.dumps(_seed(build={"jobs": [{"id": "x"}]})).encode()
    response = client.send("POST", "/_emulator/reset", body=body, headers={"Host": client.netloc})
    assert (response.status, response.json()["error_code"]) == (400, "EMULATOR.400")
    assert "build seed: job None needs an id" in response.json()["error_msg"]


def test_codearts_project_names(emulator):
    assert emulator.state.project_name(HOUSEKEEPING_PROJECT) == "housekeeping"
    assert emulator.state.project_name("c0dea77500000000000000000000ffff") == "c0dea77500000000000000000000ffff", (
        "unnamed: its ID"
    )
    assert {"id": PROJECT, "name": "demo"} in emulator.snapshot()["codearts_projects"]


def test_the_helpers():
    assert ID_PATTERN.match("c0dea7750000000000000000000000a3") and not ID_PATTERN.match(
        "C0DEA7750000000000000000000000A3"
    )
    assert TASK_ID_PATTERN.match("Task_1-a") and not TASK_ID_PATTERN.match("x" * 33)
    assert seconds("2.5", "x") == 2.5
    for bad in (True, None, "soon", -1):
        with pytest.raises(ValueError, match="^x "):
            seconds(bad, "x")
    check = SeedChecker("demo")
    assert check.new("thing id", "a") == "a" and check.new("other id", "a") == "a"
    with pytest.raises(ValueError, match="^demo seed: thing id a appears twice$"):
        check.new("thing id", "a")
    with pytest.raises(ValueError, match="^demo seed: entry is a mapping, not 'x'$"):
        check.fields("x", set(), "entry")
    with pytest.raises(ValueError, match="^demo seed: speed must not be negative$"):
        check.seconds(-2, "speed")
