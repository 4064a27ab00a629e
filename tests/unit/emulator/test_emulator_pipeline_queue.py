# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline run control: RunPipeline and its body, concurrency_control (queued and refused starts), the queue
list and cancel, stops of queued runs, dequeueing, and the seed's queued runs and identifiers.

The seed's run-control project (c0dea775...a4): queue-pipeline (one run building for 2 h, runs queued 90 and 10
minutes ago), abort-pipeline (one run building, ABORT beyond it), vars-pipeline (two stages of two jobs, no runs); its
pipelines with holds (gate-, delay-, suspend- and twin-delay-pipeline) are tested in test_emulator_pipeline_holds.py.
"""

from __future__ import annotations

import json
import re

import pytest
from emulator_client import PROJECT, USER, Client, admin, ok

from codearts_emulator.server import Emulator
from codearts_emulator.services.pipeline import answers
from codearts_emulator.state import load_seed

RUN_CONTROL = "c0dea7750000000000000000000000a4"
QUEUE, ABORT, VARS = (f"p1e0000000000000000000000000a40{n}" for n in range(1, 4))
RUNNING, QUEUED_FIRST, QUEUED_SECOND, ABORT_RUNNING = (f"r000000000000000000000000000a40{n}" for n in range(1, 5))
NIGHTLY = "p1e0000000000000000000000000000b"
HOUSEKEEPING = "c0dea7750000000000000000000000a3"
ONE, TWO, THREE = ("r" + str(n) * 31 for n in range(1, 4))
# The default seed's queued runs (queue-pipeline's two, fz-deploy-pipeline's one): queue records 1 to 3; the next is 4.
SEEDED_RECORDS = 3
MISSING_RUN = "f" * 32
QUEUED_CODE, ABORTED_CODE = "DEVPIPE.00011169", "DEVPIPE.00011104"


def _pipeline_path(pipeline, project=RUN_CONTROL):
    return f"/v5/{project}/api/pipelines/{pipeline}"


def _run(client, pipeline, body=None, project=RUN_CONTROL):
    return client.call("POST", f"{_pipeline_path(pipeline, project)}/run", body=body)


def _detail(client, pipeline, run_id, project=RUN_CONTROL):
    return ok(
        client.call("GET", f"{_pipeline_path(pipeline, project)}/pipeline-runs/detail", {"pipeline_run_id": run_id})
    )


def _queue(client, pipeline=QUEUE, offset=0, limit=10, project=RUN_CONTROL):
    query = {key: value for key, value in (("offset", offset), ("limit", limit)) if value is not None}
    return client.call("GET", f"{_pipeline_path(pipeline, project)}/queued-pipeline", query)


def _queued_runs(client, pipeline=QUEUE):
    return [record["pipeline_run_id"] for record in ok(_queue(client, pipeline))["queuedPipelines"]]


def _cancel(client, run_id, queue_id, pipeline=QUEUE, body=None):
    return client.call("POST", f"{_pipeline_path(pipeline)}/{run_id}/cancel-queuing/{queue_id}", body=body)


def _v3_start(client, pipeline):
    return client.call("POST", f"/v3/pipelines/{pipeline}/start", body={})


def _v3_status(client, pipeline, run_id):
    return ok(client.call("GET", f"/v3/pipelines/{pipeline}/status", {"build_id": run_id}))


def _stop_v5(client, pipeline, run_id):
    return client.call("POST", f"{_pipeline_path(pipeline)}/pipeline-runs/{run_id}/stop")


def _jobs(detail):
    """The run's status, then {job identifier: (stage status, job status)}."""
    return detail["status"], {
        job["identifier"]: (stage["status"], job["status"]) for stage in detail["stages"] for job in stage["jobs"]
    }


def _state_run(emulator, run_id):
    return next(run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id)


def _runs_of(emulator, pipeline):
    return [run["id"] for run in emulator.snapshot()["pipeline"]["runs"] if run["pipeline_id"] == pipeline]


def _statuses(emulator, *run_ids):
    return tuple(_state_run(emulator, run_id)["status"] for run_id in run_ids)


def _step(client, **body):
    return ok(admin(client, "pipeline/step", body))


def _steps(name, duration=3600, review=False):
    step = {"name": name, "task": "official_devcloud_checkpoint" if review else "official_devcloud_build"}
    return [step if review else {**step, "duration": duration}]


def _seed_pipeline(stages, runs, control=None, **options):
    """The default seed with one more pipeline (QUEUE's id, in the demo project) in place of the seed's pipelines that
    have queued runs, so that the queue records it seeds are numbered from 1."""
    seed = load_seed(None)
    pipeline = {"id": QUEUE, "name": "q", "project_id": PROJECT, "stages": stages, "runs": runs, **options}
    if control is not None:
        pipeline["concurrency_control"] = control
    seed["pipeline"]["pipelines"] = [
        entry
        for entry in seed["pipeline"]["pipelines"]
        if entry["id"] != QUEUE and not any(run.get("queued") for run in entry.get("runs") or [])
    ] + [pipeline]
    return seed


FULL = {"enable": True, "concurrency_number": 1, "exceed_action": "QUEUE"}


# RunPipeline (R1) and its body


def test_run_records_what_it_was_started_with(client, emulator):
    body = {
        "sources": [
            {
                "type": "code",
                "params": {
                    "git_type": "codehub",
                    "git_url": "https://codehub.example/demo/app.git",
                    "codehub_id": "2111",
                    "default_branch": "master",
                    "build_params": {"build_type": "tag", "tag": "v1.2.0", "event_type": "Manual"},
                },
            }
        ],
        "description": "release candidate 1.2.0",
        "variables": [{"name": "env", "value": "staging"}, {"name": "empty", "value": ""}],
        "sub_hook": False,
    }
    answer = ok(_run(client, VARS, body))
    assert list(answer) == ["pipeline_run_id"] and re.fullmatch("[0-9a-f]{32}", answer["pipeline_run_id"])
    run_id = answer["pipeline_run_id"]
    assert emulator.requests()[-1]["operation"] == "RunPipeline"
    state = _state_run(emulator, run_id)
    assert (state["description"], state["build_params"], state["chosen"], state["trigger_type"], state["executor"]) == (
        "release candidate 1.2.0",
        [{"name": "env", "value": "staging"}, {"name": "empty", "value": ""}],
        {"stages": [], "jobs": []},
        "Manual",
        USER,
    )
    assert state["sources"] == [
        {
            "type": "code",
            "params": {
                "git_type": "codehub",
                "git_url": "https://codehub.example/demo/app.git",
                "alias": None,
                "codehub_id": "2111",
                "default_branch": "master",
                "endpoint_id": None,
                "change_request_ids": [],
                "build_params": {"build_type": "tag", "target_branch": None, "tag": "v1.2.0", "event_type": "Manual"},
            },
        }
    ]
    detail = _detail(client, VARS, run_id)
    assert (detail["description"], detail["status"], detail["run_number"], detail["trigger_type"]) == (
        "release candidate 1.2.0",
        "RUNNING",
        1,
        "Manual",
    )
    (source,) = detail["sources"]
    assert (source["type"], source["params"]["git_url"], source["params"]["ssh_git_url"]) == (
        "code",
        "https://codehub.example/demo/app.git",
        None,
    )
    assert {key: value for key, value in source["params"]["build_params"].items() if value is not None} == {
        "build_type": "tag",
        "tag": "v1.2.0",
        "event_type": "Manual",
    }
    assert len(source["params"]["build_params"]) == 16
    assert _v3_status(client, VARS, run_id)["parameters"] == body["variables"]
    listed = ok(client.call("POST", f"{_pipeline_path(VARS)}/pipeline-runs/list", body={}))["pipeline_runs"][0]
    assert {key: listed["build_params"][key] for key in ("build_type", "tag", "target_branch", "git_url")} == {
        "build_type": "tag",
        "tag": "v1.2.0",
        "target_branch": None,
        "git_url": "https://codehub.example/demo/app.git",
    }


def test_run_with_no_body_runs_everything(client, emulator):
    for response in (_run(client, VARS), _run(client, VARS, {})):
        run_id = ok(response)["pipeline_run_id"]
        detail = _detail(client, VARS, run_id)
        assert _jobs(detail) == (
            "RUNNING",
            {
                "JOB_COMPILE": ("RUNNING", "RUNNING"),
                "JOB_LINT": ("RUNNING", "RUNNING"),
                "JOB_UNIT": ("INIT", "INIT"),
                "JOB_SMOKE": ("INIT", "INIT"),
            },
        )
        assert detail["description"] == "" and detail["sources"] == [], "the pipeline's (empty) description"
        assert [stage["identifier"] for stage in detail["stages"]] == ["STAGE_BUILD", "STAGE_TEST"]
    assert [_state_run(emulator, run_id)["run_number"] for run_id in _runs_of(emulator, VARS)] == [1, 2]


@pytest.mark.parametrize(
    "choice, expected",
    [
        (
            {"choose_jobs": ["JOB_LINT", "JOB_SMOKE"]},
            {
                "JOB_COMPILE": ("RUNNING", "SKIPPED"),
                "JOB_LINT": ("RUNNING", "RUNNING"),
                "JOB_UNIT": ("INIT", "SKIPPED"),
                "JOB_SMOKE": ("INIT", "INIT"),
            },
        ),
        (
            {"choose_jobs": ["JOB_UNIT"]},
            {
                "JOB_COMPILE": ("SKIPPED", "SKIPPED"),
                "JOB_LINT": ("SKIPPED", "SKIPPED"),
                "JOB_UNIT": ("RUNNING", "RUNNING"),
                "JOB_SMOKE": ("RUNNING", "SKIPPED"),
            },
        ),
        (
            {"choose_stages": ["STAGE_TEST"]},
            {
                "JOB_COMPILE": ("SKIPPED", "SKIPPED"),
                "JOB_LINT": ("SKIPPED", "SKIPPED"),
                "JOB_UNIT": ("RUNNING", "RUNNING"),
                "JOB_SMOKE": ("RUNNING", "RUNNING"),
            },
        ),
        (
            # choose_stages wins: JOB_COMPILE's stage is not chosen, so it is ignored; in Test only JOB_UNIT runs.
            {"choose_stages": ["STAGE_TEST"], "choose_jobs": ["JOB_COMPILE", "JOB_UNIT"]},
            {
                "JOB_COMPILE": ("SKIPPED", "SKIPPED"),
                "JOB_LINT": ("SKIPPED", "SKIPPED"),
                "JOB_UNIT": ("RUNNING", "RUNNING"),
                "JOB_SMOKE": ("RUNNING", "SKIPPED"),
            },
        ),
    ],
)
def test_unchosen_stages_and_jobs_are_skipped(client, emulator, choice, expected):
    run_id = ok(_run(client, VARS, choice))["pipeline_run_id"]
    detail = _detail(client, VARS, run_id)
    assert _jobs(detail) == ("RUNNING", expected)
    selected = {job["identifier"]: job["is_select"] for stage in detail["stages"] for job in stage["jobs"]}
    assert selected == {identifier: status != "SKIPPED" for identifier, (_stage, status) in expected.items()}
    assert _state_run(emulator, run_id)["chosen"] == {
        "stages": choice.get("choose_stages", []),
        "jobs": choice.get("choose_jobs", []),
    }
    answer = _step(client, pipeline_run_id=run_id, seconds=600)
    assert answer["runs"] == {run_id: "COMPLETED"}
    done = _jobs(_detail(client, VARS, run_id))[1]
    assert done == {
        identifier: ("SKIPPED", "SKIPPED")
        if stage == "SKIPPED"
        else ("COMPLETED", status if status == "SKIPPED" else "COMPLETED")
        for identifier, (stage, status) in expected.items()
    }
    children = {
        child["name"]: (child["status"], child["outcome"])
        for state in _v3_status(client, VARS, run_id)["states"]
        for child in state["children"]
    }
    assert children == {
        identifier[4:].lower(): ("completed", None if status == "SKIPPED" else "success")
        for identifier, (_stage, status) in expected.items()
    }, "[MODEL] v3: a skipped job reads completed with no outcome"


@pytest.mark.parametrize(
    "body",
    [
        [1],
        "run",
        {"description": 5},
        {"description": "x" * 1025},
        {"variables": {"env": "x"}},
        {"variables": [{"name": "env"}]},
        {"variables": [{"value": "x"}]},
        {"variables": [{"name": "env", "value": 1}]},
        {"variables": [{"name": "env", "value": "x" * 8193}]},
        {"variables": ["env=x"]},
        {"sources": {"type": "code"}},
        {"sources": [{"params": {"git_type": "codehub", "git_url": "https://x"}}]},
        {"sources": [{"type": "svn", "params": {"git_type": "codehub", "git_url": "https://x"}}]},
        {"sources": [{"type": "code", "params": {"git_url": "https://x"}}]},
        {"sources": [{"type": "code", "params": {"git_type": "bitbucket", "git_url": "https://x"}}]},
        {"sources": [{"type": "code", "params": {"git_type": "codehub"}}]},
        {"sources": [{"type": "code", "params": "x"}]},
        {"sources": [{"type": "code", "params": {"git_type": "codehub", "git_url": "https://x", "build_params": {}}}]},
        {
            "sources": [
                {
                    "type": "code",
                    "params": {"git_type": "codehub", "git_url": "https://x", "build_params": {"build_type": "commit"}},
                }
            ]
        },
        {
            "sources": [
                {
                    "type": "code",
                    "params": {
                        "git_type": "codehub",
                        "git_url": "https://x",
                        "build_params": {"build_type": "branch", "event_type": "Cron"},
                    },
                }
            ]
        },
        {
            "sources": [
                {
                    "type": "code",
                    "params": {
                        "git_type": "codehub",
                        "git_url": "https://x",
                        "build_params": {"build_type": "branch", "target_branch": 1},
                    },
                }
            ]
        },
        {"sources": [{"type": "code", "params": {"git_type": "codehub", "git_url": "https://x", "alias": 3}}]},
        {"sources": [{"type": "code", "params": {"git_type": "codehub", "git_url": "x", "change_request_ids": [1]}}]},
        {"choose_jobs": ["JOB_NOPE"]},
        {"choose_jobs": "JOB_LINT"},
        {"choose_stages": ["STAGE_BUILD", "STAGE_DEPLOY"]},
        {"choose_stages": ["JOB_LINT"]},
        {"choose_jobs": [5]},
    ],
)
def test_bad_run_bodies_are_400(client, emulator, body):
    response = _run(client, VARS, body)
    assert (response.status, response.json()["error_code"]) == (400, "DEVPIPE.00011001"), response.body
    assert _runs_of(emulator, VARS) == [], "no run"


def test_a_body_that_is_not_json_is_400(client):
    headers = client.signed_headers("POST", f"{_pipeline_path(VARS)}/run", "", b"{oops")
    response = client.send("POST", f"{_pipeline_path(VARS)}/run", body=b"{oops", headers=headers)
    assert (response.status, response.json()["error_code"]) == (400, "DEVPIPE.00011001")


def test_an_artifact_source_and_a_branch(client, emulator):
    body = {
        "sources": [
            {"type": "artifact"},
            {
                "type": "code",
                "params": {
                    "git_type": "github",
                    "git_url": "https://github.com/demo/app.git",
                    "change_request_ids": ["cr-1"],
                    "build_params": {"build_type": "branch", "target_branch": "release/1.x"},
                },
            },
        ]
    }
    run_id = ok(_run(client, VARS, body))["pipeline_run_id"]
    sources = _state_run(emulator, run_id)["sources"]
    assert sources[0] == {"type": "artifact", "params": None}
    assert sources[1]["params"]["build_params"] == {
        "build_type": "branch",
        "target_branch": "release/1.x",
        "tag": None,
        "event_type": None,
    }
    assert _detail(client, VARS, run_id)["sources"][0] == {"type": "artifact", "params": None}
    listed = ok(client.call("POST", f"{_pipeline_path(VARS)}/pipeline-runs/list", body={}))["pipeline_runs"][0]
    assert (listed["build_params"]["target_branch"], listed["build_params"]["event_type"]) == ("release/1.x", "Manual")


def test_run_of_a_banned_pipeline_is_400(client, emulator):
    assert client.call("PUT", f"{_pipeline_path(VARS)}/ban").status == 200
    response = _run(client, VARS, {"description": "x"})
    assert (response.status, response.json()["error_code"]) == (400, "DEVPIPE.99990002")
    assert _runs_of(emulator, VARS) == []
    client.call("PUT", f"{_pipeline_path(VARS)}/unban")
    assert ok(_run(client, VARS))["pipeline_run_id"]


def test_run_of_a_missing_pipeline_or_in_another_project_is_404(client):
    missing = _run(client, "p1e00000000000000000000000000999")
    assert (missing.status, missing.json()["error_code"]) == (404, "DEVPIPE.00011401")
    elsewhere = _run(client, VARS, project=PROJECT)
    assert (elsewhere.status, elsewhere.json()["error_code"]) == (404, "DEVPIPE.00011412")


def test_identifiers_derived_from_names(client):
    detail = _detail(client, QUEUE, RUNNING)
    assert [(stage["identifier"], [job["identifier"] for job in stage["jobs"]]) for stage in detail["stages"]] == [
        ("STAGE_Build", ["JOB_build"]),
        ("STAGE_Test", ["JOB_test"]),
    ]
    nightly = ok(client.call("GET", f"{_pipeline_path(NIGHTLY, PROJECT)}/pipeline-runs/detail"))
    assert [job["identifier"] for stage in nightly["stages"] for job in stage["jobs"]] == [
        "JOB_build",
        "JOB_unit_tests",
    ]
    stages = [
        {"name": "Build it", "jobs": [{"name": "b", "steps": _steps("b1")}, {"name": "b", "steps": _steps("b2")}]},
        {"name": "Build-it", "jobs": [{"name": "b", "identifier": "JOB_b_2", "steps": _steps("b3")}]},
    ]
    with Emulator(_seed_pipeline(stages, [{"id": ONE, "at": "b1"}])) as emulator:
        detail = ok(Client(emulator.url).call("GET", f"{_pipeline_path(QUEUE, PROJECT)}/pipeline-runs/detail"))
        assert [(stage["identifier"], [job["identifier"] for job in stage["jobs"]]) for stage in detail["stages"]] == [
            ("STAGE_Build_it", ["JOB_b", "JOB_b_3"]),
            ("STAGE_Build_it_2", ["JOB_b_2"]),
        ], "the seed's own identifiers are taken first"


# concurrency_control


def test_show_pipeline_detail_has_concurrency_control(client):
    detail = ok(client.call("GET", _pipeline_path(QUEUE)))
    control = detail["concurrency_control"]
    assert {key: control[key] for key in ("pipeline_id", "enable", "concurrency_number", "exceed_action")} == {
        "pipeline_id": QUEUE,
        "enable": True,
        "concurrency_number": 1,
        "exceed_action": "QUEUE",
    }
    assert control["create_time"] == control["update_time"] == detail["create_time"]
    assert ok(client.call("GET", _pipeline_path(ABORT)))["concurrency_control"]["exceed_action"] == "ABORT"
    default = ok(client.call("GET", _pipeline_path(NIGHTLY, PROJECT)))["concurrency_control"]
    assert (default["enable"], default["concurrency_number"], default["exceed_action"]) == (False, 1, "QUEUE")


def test_run_that_must_wait_is_queued(client, emulator):
    response = _run(client, QUEUE, {"description": "third in line"})
    answer = ok(response)
    run_id = answer["error"]["pipeline_run_id"]
    assert answer == {
        "error_code": QUEUED_CODE,
        "error_msg": f"The pipeline {QUEUE} already has 1 run(s) under way, its limit: the run is queued.",
        "error": {"pipeline_run_id": run_id, "queue_id": SEEDED_RECORDS + 1},
    }
    assert emulator.requests()[-1]["error_code"] == QUEUED_CODE
    detail = _detail(client, QUEUE, run_id)
    assert (detail["status"], detail["run_number"], detail["start_time"], detail["end_time"]) == ("INIT", 4, None, None)
    assert _jobs(detail)[1] == {"JOB_build": ("QUEUED", "INIT"), "JOB_test": ("QUEUED", "INIT")}
    assert [step["status"] for stage in detail["stages"] for job in stage["jobs"] for step in job["steps"]] == [
        "INIT",
        "INIT",
    ]
    status = _v3_status(client, QUEUE, run_id)
    assert (status["status"], status["outcome"], status["start_time"], status["elapsed_time"]) == (
        "waiting",
        None,
        None,
        None,
    )
    assert [state["status"] for state in status["states"]] == ["waiting", "waiting"]
    assert _queued_runs(client) == [QUEUED_FIRST, QUEUED_SECOND, run_id]
    record = ok(_queue(client))["queuedPipelines"][2]
    now = emulator.state.clock.now_ms()
    assert abs(record["enqueue_time"] - now) < 2000
    assert (record["id"], record["region"], record["creator_name"], record["trigger_type"], record["status"]) == (
        SEEDED_RECORDS + 1,
        "cn-north-4",
        USER,
        "Manual",
        "QUEUED",
    )
    latest = ok(client.call("POST", f"/v5/{RUN_CONTROL}/api/pipelines/list", body={"name": "queue"}))["pipelines"][0]
    assert (latest["latest_run"]["pipeline_run_id"], latest["latest_run"]["status"]) == (run_id, "INIT")
    assert _step(client, seconds=86400)["runs"][run_id] == "INIT", "a queued run does not move"


def test_v3_start_queues_too_but_answers_as_usual(client, emulator):
    answer = ok(_v3_start(client, QUEUE))
    assert list(answer) == ["pipeline_id", "build_id"] and answer["pipeline_id"] == QUEUE
    assert _state_run(emulator, answer["build_id"])["status"] == "INIT"
    assert _queued_runs(client)[-1] == answer["build_id"]
    assert _v3_status(client, QUEUE, answer["build_id"])["status"] == "waiting"


def test_abort_answers_an_error_and_creates_no_run(client, emulator):
    before = _runs_of(emulator, ABORT)
    for response in (_run(client, ABORT, {"description": "x"}), _v3_start(client, ABORT)):
        assert ok(response) == {
            "error_code": ABORTED_CODE,
            "error_msg": f"The pipeline {ABORT} already has 1 run(s) under way, its limit, "
            "and its exceed_action is ABORT: the run was not started.",
        }
    assert _runs_of(emulator, ABORT) == before == [ABORT_RUNNING]
    assert ok(_queue(client, ABORT)) == {"offset": 0, "limit": 10, "total": 0, "queuedPipelines": []}
    assert _stop_v5(client, ABORT, ABORT_RUNNING).status == 200
    _step(client, pipeline_run_id=ABORT_RUNNING)
    assert ok(_run(client, ABORT))["pipeline_run_id"], "a free slot takes a run again"


def test_a_disabled_limit_never_queues(client, emulator):
    runs = [ok(_run(client, VARS))["pipeline_run_id"] for _attempt in range(3)]
    assert _statuses(emulator, *runs) == ("RUNNING",) * 3


def _retry_seed(action="QUEUE"):
    stages = [
        {"name": "Build", "jobs": [{"name": "build", "steps": _steps("build", 60)}]},
        {"name": "Test", "jobs": [{"name": "test", "steps": _steps("test", 60)}]},
    ]
    runs = [{"id": ONE, "at": "test", "end": "failed"}, {"id": TWO, "at": "build", "remaining": 864000}]
    return _seed_pipeline(stages, runs, {**FULL, "exceed_action": action})


def test_retry_that_must_wait_is_queued_with_only_a_queue_id():
    with Emulator(_retry_seed()) as emulator:
        client = Client(emulator.url)
        started = _state_run(emulator, ONE)["start_time"]
        answer = ok(client.call("PUT", f"{_pipeline_path(QUEUE, PROJECT)}/pipeline-runs/{ONE}/retry"))
        assert answer == {
            "error_code": QUEUED_CODE,
            "error_msg": f"The pipeline {QUEUE} already has 1 run(s) under way, its limit: the run is queued.",
            "error": {"queue_id": 1},
        }
        detail = _detail(client, QUEUE, ONE, PROJECT)
        assert (detail["status"], detail["run_number"], detail["end_time"]) == ("INIT", 1, None)
        assert _jobs(detail)[1] == {"JOB_build": ("COMPLETED", "COMPLETED"), "JOB_test": ("QUEUED", "INIT")}
        records = ok(_queue(client, QUEUE, project=PROJECT))["queuedPipelines"]
        assert [(record["id"], record["pipeline_run_id"]) for record in records] == [(1, ONE)]
        # The running run is stopped: the retried run leaves the queue and runs its failed stage again.
        assert client.call("POST", f"{_pipeline_path(QUEUE, PROJECT)}/pipeline-runs/{TWO}/stop").status == 200
        _step(client, pipeline_run_id=TWO)
        assert _statuses(emulator, TWO, ONE) == ("CANCELED", "RUNNING")
        detail = _detail(client, QUEUE, ONE, PROJECT)
        assert _jobs(detail)[1] == {"JOB_build": ("COMPLETED", "COMPLETED"), "JOB_test": ("RUNNING", "RUNNING")}
        assert detail["start_time"] == started, "a retried run keeps its start"
        assert _step(client, pipeline_run_id=ONE)["runs"] == {ONE: "COMPLETED"}


def test_retry_refused_by_abort_leaves_the_run_failed():
    with Emulator(_retry_seed("ABORT")) as emulator:
        client = Client(emulator.url)
        answer = ok(client.call("PUT", f"{_pipeline_path(QUEUE, PROJECT)}/pipeline-runs/{ONE}/retry"))
        assert answer["error_code"] == ABORTED_CODE and "error" not in answer
        assert _statuses(emulator, ONE) == ("FAILED",)


# ListPipelineQueue (R4)


def test_the_seeded_queue(client, emulator):
    answer = ok(_queue(client))
    assert (answer["offset"], answer["limit"], answer["total"]) == (0, 10, 2)
    first, second = answer["queuedPipelines"]
    now = emulator.state.clock.now_ms()
    assert [
        (record["id"], record["pipeline_run_id"], round((now - record["enqueue_time"]) / 60000))
        for record in (first, second)
    ] == [
        (1, QUEUED_FIRST, 90),
        (2, QUEUED_SECOND, 10),
    ]
    executor_id = ok(client.call("POST", f"{_pipeline_path(QUEUE)}/pipeline-runs/list", body={}))["pipeline_runs"][0][
        "executor_id"
    ]
    assert first == {
        "id": 1,
        "pipeline_id": QUEUE,
        "pipeline_run_id": QUEUED_FIRST,
        "region": "cn-north-4",
        "enqueue_time": first["enqueue_time"],
        "trigger_type": "Manual",
        "creator_id": executor_id,
        "creator_name": USER,
        "status": "QUEUED",
    }
    assert emulator.requests()[0]["operation"] == "ListPipelineQueue" and not emulator.requests()[0]["write"]
    detail = _detail(client, QUEUE, QUEUED_FIRST)
    assert (detail["status"], detail["run_number"], detail["start_time"]) == ("INIT", 2, None)
    runs = ok(client.call("POST", f"{_pipeline_path(QUEUE)}/pipeline-runs/list", body={}))["pipeline_runs"]
    assert [(run["pipeline_run_id"], run["status"], run["start_time"]) for run in runs] == [
        (QUEUED_SECOND, "INIT", None),
        (QUEUED_FIRST, "INIT", None),
        (RUNNING, "RUNNING", runs[2]["start_time"]),
    ], "newest first, a queued run by when it entered the queue"
    assert round((now - runs[2]["start_time"]) / 3600_000, 2) == 2.0
    only_queued = ok(client.call("POST", f"{_pipeline_path(QUEUE)}/pipeline-runs/list", body={"status": ["INIT"]}))
    assert only_queued["total"] == 2


@pytest.mark.parametrize(
    "offset, limit, expected",
    [(0, 1, [QUEUED_FIRST]), (1, 10, [QUEUED_SECOND]), (2, 10, []), (0, 0, []), (5, 5, [])],
)
def test_queue_paging(client, offset, limit, expected):
    answer = ok(_queue(client, offset=offset, limit=limit))
    assert (answer["offset"], answer["limit"], answer["total"]) == (offset, limit, 2)
    assert [record["pipeline_run_id"] for record in answer["queuedPipelines"]] == expected


@pytest.mark.parametrize(
    "offset, limit", [(None, 10), (0, None), (None, None), (-1, 10), (0, -1), ("x", 10), (0, "1.5"), ("", 1)]
)
def test_queue_paging_needs_offset_and_limit(client, offset, limit):
    response = _queue(client, offset=offset, limit=limit)
    assert (response.status, response.json()["error_code"]) == (400, "DEVPIPE.00011001")


def test_queue_of_a_missing_pipeline_or_in_another_project(client):
    assert _queue(client, "p1e00000000000000000000000000999").json()["error_code"] == "DEVPIPE.00011401"
    assert _queue(client, QUEUE, project=PROJECT).json()["error_code"] == "DEVPIPE.00011412"


# CancelPipelineQueue (R5) and stops of queued runs


@pytest.mark.parametrize("body", [{}, None])
def test_cancel_queuing(client, emulator, body):
    response = _cancel(client, QUEUED_FIRST, 1, body=body)
    assert (response.status, response.json()) == (200, {"pipeline_run_id": QUEUED_FIRST})
    assert emulator.requests()[-1]["operation"] == "CancelPipelineQueue"
    detail = _detail(client, QUEUE, QUEUED_FIRST)
    assert _jobs(detail) == ("CANCELED", {"JOB_build": ("CANCELED", "CANCELED"), "JOB_test": ("CANCELED", "CANCELED")})
    assert abs(detail["end_time"] - emulator.state.clock.now_ms()) < 2000 and detail["start_time"] is None
    assert all(stage["end_time"] == detail["end_time"] for stage in detail["stages"])
    assert _v3_status(client, QUEUE, QUEUED_FIRST)["outcome"] == "aborted"
    assert _queued_runs(client) == [QUEUED_SECOND]
    assert _state_run(emulator, QUEUED_FIRST)["queue"] is None
    again = _cancel(client, QUEUED_FIRST, 1)
    assert (again.status, again.json()["error_code"]) == (400, "DEVPIPE.99990001")
    assert _statuses(emulator, RUNNING, QUEUED_SECOND) == ("RUNNING", "INIT"), "a cancel frees no slot"


@pytest.mark.parametrize(
    "run_id, queue_id",
    [(QUEUED_FIRST, 2), (QUEUED_SECOND, 1), (QUEUED_FIRST, 99), (RUNNING, 1)],
)
def test_cancel_queuing_of_another_record_is_400(client, emulator, run_id, queue_id):
    response = _cancel(client, run_id, queue_id)
    assert (response.status, response.json()["error_code"]) == (400, "DEVPIPE.99990001")
    assert response.json()["error_msg"].endswith(
        f"cancelling the queue record {queue_id} is not allowed in this state."
    )
    assert _queued_runs(client) == [QUEUED_FIRST, QUEUED_SECOND]


def test_cancel_queuing_with_a_bad_id_or_run(client):
    bad = _cancel(client, QUEUED_FIRST, "one")
    assert (bad.status, bad.json()["error_code"]) == (400, "DEVPIPE.00011001")
    missing = _cancel(client, MISSING_RUN, 1)
    assert (missing.status, missing.json()["error_code"]) == (404, "DEVPIPE.00011404")
    elsewhere = client.call("POST", f"{_pipeline_path(QUEUE, PROJECT)}/{QUEUED_FIRST}/cancel-queuing/1", body={})
    assert (elsewhere.status, elsewhere.json()["error_code"]) == (404, "DEVPIPE.00011412")


def test_stop_of_a_queued_run_is_400(client, emulator):
    for response in (
        _stop_v5(client, QUEUE, QUEUED_FIRST),
        client.call("POST", f"/v3/pipelines/{QUEUE}/stop", {"build_id": QUEUED_SECOND}),
    ):
        assert response.status == 400 and response.json()["error_code"] == "DEVPIPE.99990001"
        assert "cancel-queuing" in response.json()["error_msg"]
    assert _statuses(emulator, QUEUED_FIRST, QUEUED_SECOND) == ("INIT", "INIT")
    retry = client.call("PUT", f"{_pipeline_path(QUEUE)}/pipeline-runs/{QUEUED_FIRST}/retry")
    assert (retry.status, retry.json()["error_code"]) == (400, "DEVPIPE.99990001")


# Dequeueing


def test_a_stop_frees_the_slot_for_the_oldest_queued_run(client, emulator):
    assert _stop_v5(client, QUEUE, RUNNING).status == 200
    assert _statuses(emulator, RUNNING, QUEUED_FIRST) == ("RUNNING", "INIT"), "until the stop lands"
    answer = _step(client, pipeline_run_id=RUNNING)
    assert answer == {"events": 1, "runs": {RUNNING: "CANCELED"}}
    now = emulator.state.clock.now_ms()
    assert _statuses(emulator, QUEUED_FIRST, QUEUED_SECOND) == ("RUNNING", "INIT")
    assert _queued_runs(client) == [QUEUED_SECOND]
    detail = _detail(client, QUEUE, QUEUED_FIRST)
    assert _jobs(detail)[1] == {"JOB_build": ("RUNNING", "RUNNING"), "JOB_test": ("INIT", "INIT")}
    assert abs(detail["start_time"] - now) < 2000, "it starts at the sync that found the slot free"
    assert _v3_status(client, QUEUE, QUEUED_FIRST)["status"] == "running"
    # It then runs as any run: its steps take their hour each, and its end lets the next one in.
    assert _step(client, pipeline_run_id=QUEUED_FIRST, seconds=3599)["events"] == 0
    assert _step(client, pipeline_run_id=QUEUED_FIRST, seconds=1)["events"] == 1
    assert _jobs(_detail(client, QUEUE, QUEUED_FIRST))[1]["JOB_test"] == ("RUNNING", "RUNNING")
    assert _step(client, pipeline_run_id=QUEUED_FIRST, seconds=3600) == {
        "events": 1,
        "runs": {QUEUED_FIRST: "COMPLETED"},
    }
    assert _statuses(emulator, QUEUED_SECOND) == ("RUNNING",)
    assert ok(_queue(client))["total"] == 0
    third = ok(_run(client, QUEUE))["error"]["queue_id"]
    assert third == SEEDED_RECORDS + 1, "queue ids keep growing"


def test_a_dequeued_run_can_be_stopped_and_reviewed():
    stages = [
        {"name": "Build", "jobs": [{"name": "build", "steps": _steps("build", 10)}]},
        {"name": "Approve", "jobs": [{"name": "approve", "steps": _steps("approval", review=True)}]},
    ]
    runs = [
        {"id": ONE, "at": "approval", "waited": 60},
        {"id": TWO, "queued": True, "waited": 30},
        {"id": THREE, "queued": True},
    ]
    with Emulator(_seed_pipeline(stages, runs, FULL)) as emulator:
        client = Client(emulator.url)
        base = f"{_pipeline_path(QUEUE, PROJECT)}/pipeline-runs"

        def review(run_id, action):
            detail = _detail(client, QUEUE, run_id, PROJECT)
            job = detail["stages"][1]["jobs"][0]
            return client.call("POST", f"{base}/{run_id}/jobs/{job['id']}/steps/{job['steps'][0]['id']}/{action}")

        assert review(TWO, "pass").json()["error_code"] == "DEVPIPE.00011302", "a queued run has no review waiting"
        assert review(ONE, "refuse").status == 200
        assert _statuses(emulator, ONE, TWO, THREE) == ("FAILED", "RUNNING", "INIT"), "the next read dequeues"
        assert _step(client, pipeline_run_id=TWO)["events"] == 1
        assert _v3_status(client, QUEUE, TWO)["status"] == "verifying"
        assert review(TWO, "pass").status == 200
        assert _statuses(emulator, TWO, THREE) == ("COMPLETED", "RUNNING")
        assert client.call("POST", f"{base}/{THREE}/stop").status == 200
        emulator.advance_clock(2)
        assert _statuses(emulator, THREE) == ("CANCELED",)


def test_dequeue_with_the_clock():
    stages = [{"name": "Build", "jobs": [{"name": "build", "steps": _steps("build", 5)}]}]
    runs = [{"id": ONE, "at": "build", "waited": 2}, {"id": TWO, "queued": True, "waited": 1}]
    with Emulator(_seed_pipeline(stages, runs, FULL)) as emulator:
        client = Client(emulator.url)
        emulator.advance_clock(2)
        assert _statuses(emulator, ONE, TWO) == ("RUNNING", "INIT")
        emulator.advance_clock(1)
        now = emulator.state.clock.now_ms()
        assert _statuses(emulator, ONE, TWO) == ("COMPLETED", "RUNNING")
        started = _detail(client, QUEUE, TWO, PROJECT)["start_time"]
        assert abs(started - now) < 1000, "[MODEL] the dequeued run starts at the sync, not when the slot freed"
        emulator.advance_clock(5)
        assert _statuses(emulator, TWO) == ("COMPLETED",)


def test_two_slots():
    stages = [{"name": "Build", "jobs": [{"name": "build", "steps": _steps("build", 60)}]}]
    runs = [
        {"id": ONE, "at": "build", "remaining": 864000},
        {"id": TWO, "at": "build", "remaining": 10},
        {"id": THREE, "queued": True},
    ]
    seed = _seed_pipeline(stages, runs, {"enable": True, "concurrency_number": 2})
    seed["pipeline"]["speed"] = 0
    with Emulator(seed) as emulator:
        client = Client(emulator.url)
        assert ok(_run(client, QUEUE, project=PROJECT))["error"]["queue_id"] == 2
        assert _step(client, seconds=10)["runs"][TWO] == "COMPLETED"
        assert _statuses(emulator, ONE, THREE) == ("RUNNING", "RUNNING")
        assert ok(_queue(client, QUEUE, project=PROJECT))["total"] == 1


# Seeding


def test_seeded_queued_runs_and_their_numbers(emulator):
    state = {run["id"]: run for run in emulator.snapshot()["pipeline"]["runs"]}
    assert [
        (state[run_id]["run_number"], state[run_id]["status"]) for run_id in (RUNNING, QUEUED_FIRST, QUEUED_SECOND)
    ] == [
        (1, "RUNNING"),
        (2, "INIT"),
        (3, "INIT"),
    ]
    assert [stage["status"] for stage in state[QUEUED_FIRST]["stages"]] == ["QUEUED", "QUEUED"]
    assert state[QUEUED_FIRST]["queued_time"] == state[QUEUED_FIRST]["queue"]["enqueue_time"]


def test_seeded_records_are_numbered_oldest_first():
    stages = [{"name": "Build", "jobs": [{"name": "build", "steps": _steps("build")}]}]
    runs = [
        {"id": ONE, "at": "build"},
        {"id": TWO, "queued": True, "waited": 60, "executor": "someone"},
        {"id": THREE, "queued": True, "waited": 120, "trigger_type": "Scheduler"},
    ]
    with Emulator(_seed_pipeline(stages, runs, FULL)) as emulator:
        records = ok(_queue(Client(emulator.url), QUEUE, project=PROJECT))["queuedPipelines"]
        assert [(record["id"], record["pipeline_run_id"]) for record in records] == [(1, THREE), (2, TWO)]
        assert (records[0]["trigger_type"], records[1]["creator_name"]) == ("Scheduler", "someone")


@pytest.mark.parametrize(
    "control, runs, match",
    [
        (
            None,
            [{"id": ONE, "at": "build"}, {"id": TWO, "queued": True}],
            "is not {enable: true, exceed_action: QUEUE}",
        ),
        (
            {**FULL, "exceed_action": "ABORT"},
            [{"id": ONE, "at": "build"}, {"id": TWO, "queued": True}],
            "is not {enable: true, exceed_action: QUEUE}",
        ),
        (FULL, [{"id": TWO, "queued": True}], "only 0 run"),
        (FULL, [{"id": ONE, "end": "completed"}, {"id": TWO, "queued": True}], "only 0 run"),
        (
            {**FULL, "concurrency_number": 2},
            [{"id": ONE, "at": "build"}, {"id": TWO, "queued": True}],
            "concurrency_number is 2",
        ),
        (FULL, [{"id": ONE, "at": "build"}, {"id": TWO, "queued": True, "at": "build"}], "cannot have at"),
        (FULL, [{"id": ONE, "at": "build"}, {"id": TWO, "queued": True, "end": "completed"}], "cannot have end"),
        (FULL, [{"id": ONE, "at": "build"}, {"id": TWO, "queued": "yes"}], "queued is true or absent"),
        (FULL, [{"id": ONE, "at": "build"}, {"id": TWO, "queued": True, "waited": -5}], "negative"),
        ({"enable": "yes"}, [], "malformed concurrency_control"),
        ({"concurrency_number": 0}, [], "malformed concurrency_control"),
        ({"concurrency_number": True}, [], "malformed concurrency_control"),
        ({"exceed_action": "queue"}, [], "malformed concurrency_control"),
        ({"limit": 3}, [], "unknown fields limit"),
        ("on", [], "is a mapping"),
    ],
)
def test_seed_checks_queued_runs_and_concurrency(control, runs, match):
    stages = [{"name": "Build", "jobs": [{"name": "build", "steps": _steps("build")}]}]
    with pytest.raises(ValueError, match=f"^pipeline seed: .*{re.escape(match)}"):
        Emulator(_seed_pipeline(stages, runs, control))


def test_seed_refusal_wording():
    stages = [{"name": "Build", "jobs": [{"name": "build", "steps": _steps("build")}]}]
    with pytest.raises(ValueError) as refused:
        Emulator(_seed_pipeline(stages, [{"id": TWO, "queued": True}], {**FULL, "concurrency_number": 1}))
    assert str(refused.value) == (
        f"pipeline seed: run {TWO} is queued, but only 0 run(s) of its pipeline are under way and its "
        "concurrency_number is 1: a run queues only when every slot is taken"
    )


@pytest.mark.parametrize(
    "stages, match",
    [
        ([{"name": "B", "identifier": "has space", "jobs": [{"name": "b", "steps": _steps("b")}]}], "is not 1-64"),
        ([{"name": "B", "identifier": 5, "jobs": [{"name": "b", "steps": _steps("b")}]}], "is not 1-64"),
        (
            [
                {"name": "B", "identifier": "S", "jobs": [{"name": "b", "steps": _steps("b")}]},
                {"name": "C", "identifier": "S", "jobs": [{"name": "c", "steps": _steps("c")}]},
            ],
            "stage identifiers are not unique",
        ),
        (
            [
                {"name": "B", "jobs": [{"name": "b", "identifier": "J", "steps": _steps("b")}]},
                {"name": "C", "jobs": [{"name": "c", "identifier": "J", "steps": _steps("c")}]},
            ],
            "job identifiers are not unique",
        ),
    ],
)
def test_seed_checks_identifiers(stages, match):
    with pytest.raises(ValueError, match=f"^pipeline seed: .*{match}"):
        Emulator(_seed_pipeline(stages, []))


def test_the_run_control_project_is_named(client):
    listed = ok(client.call("POST", f"/v5/{RUN_CONTROL}/api/pipelines/list", body={"sort_dir": "asc"}))
    assert [(item["name"], item["project_name"]) for item in listed["pipelines"]] == [
        ("queue-pipeline", "run-control"),
        ("abort-pipeline", "run-control"),
        ("vars-pipeline", "run-control"),
        ("gate-pipeline", "run-control"),
        ("delay-pipeline", "run-control"),
        ("suspend-pipeline", "run-control"),
        ("twin-delay-pipeline", "run-control"),
    ]
    assert [item["latest_run"] and item["latest_run"]["status"] for item in listed["pipelines"]] == [
        "INIT",
        "RUNNING",
        None,
        "RUNNING",
        "RUNNING",
        "SUSPEND",
        "RUNNING",
    ], "the latest runs: queued, building, none, at a stage entry, at a delay, suspended, at two delays"


def test_the_pipeline_detail_has_its_sources_variables_and_definition(client):
    release = ok(client.call("GET", _pipeline_path("p1e0000000000000000000000000000a", PROJECT)))
    (source,) = release["sources"]
    assert source["type"] == "code"
    assert source["params"]["git_type"] == "codehub"
    assert source["params"]["git_url"] == f"https://codehub.example.com/{PROJECT}/release-pipeline.git"
    assert [(item["name"], item["is_runtime"]) for item in release["variables"]] == [
        ("release_version", True),
        ("dry_run", True),
        ("target_region", False),
    ]
    vars_pipeline = ok(client.call("GET", _pipeline_path(VARS)))
    assert vars_pipeline["sources"] == []
    assert json.loads(vars_pipeline["definition"])["stages"] == [
        {
            "name": "Build",
            "identifier": "STAGE_BUILD",
            "jobs": [{"name": "compile", "identifier": "JOB_COMPILE"}, {"name": "lint", "identifier": "JOB_LINT"}],
        },
        {
            "name": "Test",
            "identifier": "STAGE_TEST",
            "jobs": [{"name": "unit", "identifier": "JOB_UNIT"}, {"name": "smoke", "identifier": "JOB_SMOKE"}],
        },
    ]


def test_a_secret_variable_is_not_shown():
    seed = load_seed(None)
    release = seed["pipeline"]["pipelines"][0]
    release["variables"] = [{"name": "token", "value": "s3cret", "is_secret": True}]
    pipeline = Emulator(seed).state.services["pipeline"].pipelines[release["id"]]
    (shown,) = answers.pipeline_detail(pipeline, "demo")["variables"]
    assert (shown["name"], shown["value"], shown["latest_value"]) == ("token", "******", "******")
    assert "s3cret" not in json.dumps(answers.pipeline_detail(pipeline, "demo"))


@pytest.mark.parametrize(
    "field, value, match",
    [
        ("sources", [{"git_url": "http://plain.example.com/x.git"}], "without an https:// git_url"),
        ("sources", [{"git_url": "https://x.example.com/x.git", "branch": "main"}], "unknown fields branch"),
        ("sources", "https://x.example.com/x.git", "sources that are not a list"),
        ("variables", [{"value": "1"}], "a variable without a name"),
        ("variables", [{"name": "v", "secret": True}], "unknown fields secret"),
    ],
)
def test_seed_checks_sources_and_variables(field, value, match):
    stages = [{"name": "Build", "jobs": [{"name": "build", "steps": _steps("build")}]}]
    seed = _seed_pipeline(stages, [])
    seed["pipeline"]["pipelines"][0][field] = value
    with pytest.raises(ValueError, match=f"^pipeline seed: .*{re.escape(match)}"):
        Emulator(seed)
