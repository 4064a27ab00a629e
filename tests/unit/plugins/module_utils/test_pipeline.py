# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pipeline logic, without AnsibleModule, against the emulator: which calls it makes, and what it returns.

The pipelines and runs are the seed's (tests/codearts_emulator/default_seed.yml, CodeArts project ``demo``), plus a
few runs whose review was decided, stopped or not reached yet, seeded here. A run moves on the emulator's clock, which
the client's waits move: a stop lands ``stop_delay`` seconds (of pipeline time) after it was asked for. Lost answers
and ambiguous failures are the emulator's faults: a connection dropped after the write was applied, or before it was.
"""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import run_parameters
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import failure_result
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import STEP_PATH, ensure_pipeline
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_review import ensure_manual_review
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_run import (
    ensure_pipeline_run,
    pipeline_run_info,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._record import TaskRecord

PROJECT = "c0dea7750000000000000000000000a1"
# release-pipeline: Build, then the review manager-approval (1-day timeout), then Deploy.
PIPELINE = "p1e0000000000000000000000000000a"
RUN = "r0000000000000000000000000000001"  # its latest run: waiting at manager-approval (v3 "verifying")
TIMED_OUT_RUN = "r0000000000000000000000000000005"  # its first run: the review rejected itself on its timeout
# nightly-pipeline: Build (compile) then Test, no review.
NIGHTLY = "p1e0000000000000000000000000000b"
RUNNING_RUN = "r0000000000000000000000000000002"  # its latest run: compiling, 600 s to go
COMPLETED_RUN = "r0000000000000000000000000000003"
# gated-pipeline: two reviews in parallel jobs, qa-review and ops-review, both waiting in run r…04.
GATED, GATED_RUN = "p1e0000000000000000000000000000c", "r0000000000000000000000000000004"
MISSING_RUN = "r0000000000000000000000000000009"

# Pipelines shaped like release-pipeline (without the timeout), in a CodeArts project of their own, each with one run
# in a state the seed has no example of.
REVIEWS = "c0dea77500000000000000000000d0e1"
STOPPED, REFUSED, APPROVED, EARLY = ("p1e00000000000000000000000000e5%d" % number for number in range(1, 5))
REVIEW_STAGES = [
    {"name": "Build", "jobs": [{"name": "build", "steps": [{"name": "build", "task": "official_devcloud_build"}]}]},
    {
        "name": "Approve",
        "jobs": [{"name": "approve", "steps": [{"name": "manager-approval", "task": "official_devcloud_checkpoint"}]}],
    },
    {"name": "Deploy", "jobs": [{"name": "deploy", "steps": [{"name": "deploy", "task": "official_devcloud_deploy"}]}]},
]
SEEDED_RUNS = {
    STOPPED: {"at": "manager-approval", "end": "canceled"},  # stopped while its review waited
    REFUSED: {"at": "manager-approval", "end": "refused"},
    APPROVED: {"end": "completed"},  # the review on its way was approved
    EARLY: {"at": "build", "remaining": 600},  # building: the review is not reached yet
}
SEEDED_PIPELINES = [
    {
        "id": pipeline_id,
        "name": "review-%d" % number,
        "project_id": REVIEWS,
        "stages": REVIEW_STAGES,
        "runs": [dict(run, id="r0000000000000000000000000000e5%d" % number)],
    }
    for number, (pipeline_id, run) in enumerate(SEEDED_RUNS.items(), start=1)
]


@pytest.fixture(name="seeded_runs")
def seeded_runs_fixture(reseed):
    """The seed plus SEEDED_PIPELINES (project REVIEWS)."""
    reseed(pipelines=SEEDED_PIPELINES)


def _runs(emulator, pipeline_id):
    """The pipeline's runs as the emulator holds them, oldest first."""
    runs = [run for run in emulator.snapshot()["pipeline"]["runs"] if run["pipeline_id"] == pipeline_id]
    return sorted(runs, key=lambda run: run["run_number"])


def _review(emulator, run_id, step_name):
    """(job_run_id, step_run_id) of a step of a run: the emulator makes these IDs up when it loads its seed."""
    (run,) = [run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id]
    (ids,) = [
        (job["id"], step["id"])
        for stage in run["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
        if step["name"] == step_name
    ]
    return ids


def _stop_delay(emulator, pipeline_id, seconds):
    """How long (in pipeline seconds, which run at the emulator's clock) the stops asked for from now on take."""
    emulator.service_action("pipeline", "configure", {"pipeline_id": pipeline_id, "stop_delay": seconds})


def _run_params(**options):
    params = {
        "pipeline_id": NIGHTLY,
        "pipeline_run_id": RUNNING_RUN,
        "state": "stopped",
        "build_params": None,
        "wait": False,
        "wait_timeout": 60,
    }
    params.update(options)
    return params


def test_stop_a_running_run_is_one_read_and_the_seed_call(client, calls, emulator):
    result = ensure_pipeline_run(_run_params(), client, check_mode=False)
    assert result["changed"] is True
    assert result["diff"] == {
        "before": {"status": "running", "outcome": None},
        "after": {"status": "completed", "outcome": "aborted"},
    }
    assert [call[:2] for call in calls()] == [
        ("GET", "/v3/pipelines/%s/status" % NIGHTLY),
        ("POST", "/v3/pipelines/%s/stop" % NIGHTLY),
    ]
    assert calls()[1].query == {"build_id": RUNNING_RUN}
    assert _runs(emulator, NIGHTLY)[-1]["stop"] is not None, "the stop was asked for (it lands 2 s later)"


@pytest.mark.parametrize(
    "pipeline_id, run_id, outcome",
    [
        (NIGHTLY, COMPLETED_RUN, "success"),
        (PIPELINE, TIMED_OUT_RUN, "error"),  # its review rejected itself
        (STOPPED, "r0000000000000000000000000000e51", "aborted"),
    ],
)
@pytest.mark.usefixtures("seeded_runs")
def test_a_completed_run_is_left_alone(client, calls, pipeline_id, run_id, outcome):
    result = ensure_pipeline_run(_run_params(pipeline_id=pipeline_id, pipeline_run_id=run_id, wait=True), client, False)
    assert result["changed"] is False
    assert result["run"]["outcome"] == outcome
    assert [call.method for call in calls()] == ["GET"]


def test_check_mode_stops_nothing(client, calls, emulator):
    result = ensure_pipeline_run(_run_params(pipeline_id=PIPELINE, pipeline_run_id=RUN, wait=True), client, True)
    assert result["changed"] is True and result["run"]["status"] == "verifying"
    assert [call.method for call in calls()] == ["GET"]
    assert _runs(emulator, PIPELINE)[-1]["stop"] is None


def test_wait_polls_until_the_asynchronous_stop_lands(client, calls, clock, emulator):
    # The stop lands 3 s after it was asked for: after the reads at 0, 0.5 and 1.5 s, before the one at 3.5 s.
    _stop_delay(emulator, NIGHTLY, 3)
    result = ensure_pipeline_run(_run_params(wait=True), client, check_mode=False)
    assert result["run"]["status"] == "completed" and result["run"]["outcome"] == "aborted"
    assert result["diff"]["after"] == {"status": "completed", "outcome": "aborted"}
    assert [call.method for call in calls()] == ["GET", "POST", "GET", "GET", "GET", "GET"]
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_wait_fails_clearly_on_timeout(client, clock, emulator):
    _stop_delay(emulator, NIGHTLY, 3600)  # the stop does not land within the wait
    with pytest.raises(
        CodeArtsError,
        match=r"Pipeline run %s of pipeline %s was asked to stop but did not complete within 20 "
        r"seconds; last seen: pipeline_id=%s, pipeline_name=nightly-pipeline, build_id=%s, "
        r"status=running, outcome=null, " % (RUNNING_RUN, NIGHTLY, NIGHTLY, RUNNING_RUN),
    ) as failed:
        ensure_pipeline_run(_run_params(wait=True, wait_timeout=20), client, check_mode=False)
    assert "{" not in str(failed.value), "the last state reads as text, not as a Python dict"
    assert sum(clock.sleeps) == pytest.approx(20)


def test_a_stop_then_a_wait_that_times_out_fails_as_changed_saying_what_was_sent(client, emulator):
    _stop_delay(emulator, NIGHTLY, 3600)
    with pytest.raises(CodeArtsError) as failed:
        ensure_pipeline_run(_run_params(wait=True, wait_timeout=5), client, check_mode=False)
    result = failure_result(client.record, failed.value)
    assert result["changed"] is True
    assert result["writes_sent"] == ["POST /v3/pipelines/%s/stop" % NIGHTLY]
    assert result["msg"].startswith(
        "POST /v3/pipelines/%s/stop was sent; then Pipeline run %s" % (NIGHTLY, RUNNING_RUN)
    )
    assert result["failure"]["message"] == failed.value.message
    assert failure_result(TaskRecord(), failed.value) == {"msg": str(failed.value), "failure": failed.value.to_dict()}


def test_a_lost_stop_answer_is_confirmed_by_the_status_read_when_the_run_is_over(client, calls, emulator):
    _stop_delay(emulator, NIGHTLY, 0)  # the run reads canceled at once
    emulator.add_fault(method="POST", path="/stop$", apply=True, drop=True)
    result = ensure_pipeline_run(_run_params(), client, check_mode=False)
    assert result["changed"] is True
    assert [call.method for call in calls()] == ["GET", "POST", "GET"]
    assert "was not sent again" in client.record.answers_lost[0]


# Not applied, the run still runs; applied, the stop is pending (2 s) and the run reads as running: sent again either
# way, which for a run being stopped changes nothing [MODEL].
@pytest.mark.parametrize("applied", [False, True], ids=["not-applied", "applied"])
def test_a_stop_whose_answer_was_lost_is_sent_again_while_the_run_still_runs(client, calls, emulator, applied):
    emulator.add_fault(method="POST", path="/stop$", apply=applied, drop=True)
    result = ensure_pipeline_run(_run_params(), client, check_mode=False)
    assert result["changed"] is True
    assert [call.method for call in calls()] == ["GET", "POST", "GET", "POST"]


def test_start_always_changes_and_sends_the_parameters(client, calls, emulator):
    params = _run_params(
        pipeline_id=PIPELINE, state="started", pipeline_run_id=None, build_params={"release": "2026.11"}
    )
    result = ensure_pipeline_run(params, client, False)
    assert result["changed"] is True
    new_run = _runs(emulator, PIPELINE)[-1]
    assert new_run["id"] not in (RUN, TIMED_OUT_RUN) and result["run"]["build_id"] == new_run["id"]
    assert calls() == [
        ("GET", "/v3/pipelines/%s/status" % PIPELINE, {}, None),
        ("POST", "/v3/pipelines/%s/start" % PIPELINE, {}, {"build_params": [{"name": "release", "value": "2026.11"}]}),
    ]
    params = _run_params(pipeline_id=PIPELINE, state="started", pipeline_run_id=None)
    checked = ensure_pipeline_run(params, client, True)
    assert checked["changed"] is True and checked["run"]["build_id"] is None


@pytest.mark.parametrize("check_mode", [True, False])
def test_starting_a_missing_pipeline_fails_in_check_mode_too(client, calls, emulator, check_mode):
    with pytest.raises(CodeArtsError, match="DEVPIPE.00011401") as failed:
        ensure_pipeline_run(
            _run_params(pipeline_id="nopipeline", state="started", pipeline_run_id=None), client, check_mode
        )
    (read,) = emulator.requests()
    assert (failed.value.status, failed.value.request_id) == (404, read["request_id"])
    assert [call.method for call in calls()] == ["GET"]


def test_a_start_whose_answer_was_lost_is_found_by_its_new_run_and_not_sent_again(client, calls, emulator):
    emulator.add_fault(method="POST", path="/start$", apply=True, drop=True)
    result = ensure_pipeline_run(
        _run_params(pipeline_id=PIPELINE, state="started", pipeline_run_id=None), client, False
    )
    new_runs = _runs(emulator, PIPELINE)[2:]
    assert len(new_runs) == 1, "one run was started"
    assert result["changed"] is True and result["run"]["build_id"] == new_runs[0]["id"]
    assert [call[:2] for call in calls()] == [
        ("GET", "/v3/pipelines/%s/status" % PIPELINE),
        ("POST", "/v3/pipelines/%s/start" % PIPELINE),
        ("GET", "/v3/pipelines/%s/status" % PIPELINE),
    ]
    assert len(client.record.answers_lost) == 1


def test_a_start_that_did_not_begin_a_run_is_sent_once_more_after_the_read(client, calls, emulator):
    emulator.add_fault(method="POST", path="/start$", drop=True)
    result = ensure_pipeline_run(
        _run_params(pipeline_id=PIPELINE, state="started", pipeline_run_id=None), client, False
    )
    new_runs = _runs(emulator, PIPELINE)[2:]
    assert len(new_runs) == 1, "one run was started"
    assert result["run"]["build_id"] == new_runs[0]["id"]
    assert [call.method for call in calls()] == ["GET", "POST", "GET", "POST"]


def _review_params(**options):
    params = {
        "project_id": PROJECT,
        "pipeline_id": PIPELINE,
        "pipeline_run_id": None,
        "job_run_id": None,
        "step_run_id": None,
        "state": "rejected",
        "comment": "stale",
    }
    params.update(options)
    return params


def _step_path(run_id, job_run_id, step_run_id, project_id=PROJECT, pipeline_id=PIPELINE):
    return STEP_PATH.format(
        project_id=project_id,
        pipeline_id=pipeline_id,
        pipeline_run_id=run_id,
        job_run_id=job_run_id,
        step_run_id=step_run_id,
    )


@pytest.mark.parametrize(
    "state, action, status", [("rejected", "/refuse", "FAILED"), ("approved", "/pass", "COMPLETED")]
)
def test_the_waiting_review_is_found_and_decided_once(client, calls, emulator, state, action, status):
    job_run_id, step_run_id = _review(emulator, RUN, "manager-approval")
    result = ensure_manual_review(_review_params(state=state), client, check_mode=False)
    assert result["changed"] is True
    assert result["review"]["step_run_id"] == step_run_id and result["review"]["job_run_id"] == job_run_id
    assert result["review"]["status"] == status and result["review"]["decision"] == state
    assert result["diff"]["before"] == {"status": "RUNNING", "decision": None}
    read, write = calls()
    # No run named: the latest.
    assert read[:3] == ("GET", "/v5/%s/api/pipelines/%s/pipeline-runs/detail" % (PROJECT, PIPELINE), {})
    assert write.path.endswith(action) and write.query == {"approval_description": "stale"}
    assert write.path == _step_path(RUN, job_run_id, step_run_id) + action


@pytest.mark.parametrize("state, action", [("rejected", "refuse"), ("approved", "pass")])
def test_a_decision_whose_answer_was_lost_is_read_back_and_not_sent_again(client, calls, emulator, state, action):
    emulator.add_fault(method="POST", path="/%s$" % action, apply=True, drop=True)
    result = ensure_manual_review(_review_params(state=state), client, check_mode=False)
    assert result["changed"] is True and result["review"]["decision"] == state
    assert [call.method for call in calls()] == ["GET", "POST", "GET"]
    assert calls()[2].query == {"pipeline_run_id": RUN}, "the read names the run that was decided"


def test_a_decision_not_applied_is_sent_once_more_after_the_read(client, calls, emulator):
    emulator.add_fault(method="POST", path="/refuse$", drop=True)
    assert ensure_manual_review(_review_params(), client, check_mode=False)["changed"] is True
    assert [call.method for call in calls()] == ["GET", "POST", "GET", "POST"]


def test_check_mode_decides_nothing(client, calls, emulator):
    assert ensure_manual_review(_review_params(), client, check_mode=True)["changed"] is True
    assert [call.method for call in calls()] == ["GET"]
    assert _runs(emulator, PIPELINE)[-1]["status"] == "RUNNING", "the review still waits"


@pytest.mark.parametrize("pipeline_id, state", [(REFUSED, "rejected"), (APPROVED, "approved")])
@pytest.mark.usefixtures("seeded_runs")
def test_a_review_decided_the_same_way_is_ok(client, calls, pipeline_id, state):
    result = ensure_manual_review(
        _review_params(project_id=REVIEWS, pipeline_id=pipeline_id, state=state), client, check_mode=False
    )
    assert result["changed"] is False and result["review"]["decision"] == state
    assert len(calls()) == 1


@pytest.mark.parametrize(
    "pipeline_id, state, decided", [(REFUSED, "approved", "rejected"), (APPROVED, "rejected", "approved")]
)
@pytest.mark.usefixtures("seeded_runs")
def test_a_review_decided_the_other_way_fails(client, calls, pipeline_id, state, decided):
    with pytest.raises(CodeArtsError, match="was already %s; it cannot be %s now" % (decided, state)):
        ensure_manual_review(
            _review_params(project_id=REVIEWS, pipeline_id=pipeline_id, state=state), client, check_mode=False
        )
    assert len(calls()) == 1


@pytest.mark.parametrize(
    "project_id, pipeline_id, run_id, reason",
    [
        (REVIEWS, STOPPED, None, "its run was stopped"),
        (
            PROJECT,
            PIPELINE,
            TIMED_OUT_RUN,
            "The manual review timed out after 86400 s and was rejected (timeout_strategy: reject).",
        ),
    ],
    ids=["stopped", "timed-out"],
)
@pytest.mark.usefixtures("seeded_runs")
def test_a_review_that_no_longer_waits_is_ok_to_reject_and_cannot_be_approved(
    client, calls, project_id, pipeline_id, run_id, reason
):
    params = _review_params(project_id=project_id, pipeline_id=pipeline_id, pipeline_run_id=run_id)
    result = ensure_manual_review(params, client, check_mode=False)
    assert result["changed"] is False
    assert "no longer waits (%s)" % reason in result["msg"]
    with pytest.raises(CodeArtsError, match="no longer waits .* so it cannot be approved"):
        ensure_manual_review(dict(params, state="approved"), client, check_mode=False)
    assert [call.method for call in calls()] == ["GET", "GET"]


def test_a_timed_out_review_says_so_when_approved(client):
    with pytest.raises(CodeArtsError, match="no longer waits \\(The manual review timed out"):
        ensure_manual_review(_review_params(pipeline_run_id=TIMED_OUT_RUN, state="approved"), client, check_mode=False)


def test_several_waiting_reviews_fail_listing_them(client, emulator):
    qa_review, ops_review = _review(emulator, GATED_RUN, "qa-review"), _review(emulator, GATED_RUN, "ops-review")
    with pytest.raises(
        CodeArtsError,
        match=r"Several manual-review steps .*step_run_id %s.*step_run_id %s.*Name one with"
        % (qa_review[1], ops_review[1]),
    ):
        ensure_manual_review(_review_params(pipeline_id=GATED), client, check_mode=False)


def test_a_named_review_is_used_even_among_several(client, calls, emulator):
    job_run_id, step_run_id = _review(emulator, GATED_RUN, "ops-review")
    result = ensure_manual_review(
        _review_params(pipeline_id=GATED, job_run_id=job_run_id, step_run_id=step_run_id, pipeline_run_id=GATED_RUN),
        client,
        False,
    )
    assert result["review"]["step_run_id"] == step_run_id
    assert calls()[0].query == {"pipeline_run_id": GATED_RUN}


def test_no_review_at_all_fails_clearly(client):
    with pytest.raises(CodeArtsError, match="No manual-review step .* Review steps found: none"):
        ensure_manual_review(_review_params(pipeline_id=NIGHTLY), client, check_mode=False)
    with pytest.raises(CodeArtsError, match="No manual-review step with job_run_id j9 and step_run_id s9"):
        ensure_manual_review(
            _review_params(pipeline_id=NIGHTLY, job_run_id="j9", step_run_id="s9"), client, check_mode=False
        )


@pytest.mark.usefixtures("seeded_runs")
def test_a_review_not_reached_yet_is_not_decided(client, calls, emulator):
    job_run_id, step_run_id = _review(emulator, "r0000000000000000000000000000e54", "manager-approval")
    with pytest.raises(CodeArtsError, match="has not been reached yet, so it cannot be rejected"):
        ensure_manual_review(
            _review_params(project_id=REVIEWS, pipeline_id=EARLY, job_run_id=job_run_id, step_run_id=step_run_id),
            client,
            check_mode=False,
        )
    assert [call.method for call in calls()] == ["GET"]


def test_info_lists_the_waiting_reviews_or_reads_v3(client, emulator):
    # One of the two reviews of the gated run is approved first: only the other one still waits.
    qa_review, ops_review = _review(emulator, GATED_RUN, "qa-review"), _review(emulator, GATED_RUN, "ops-review")
    client.post("pipeline", _step_path(GATED_RUN, *qa_review, pipeline_id=GATED) + "/pass")
    info = pipeline_run_info(
        {"project_id": PROJECT, "pipeline_id": GATED, "pipeline_run_id": None, "build_id": None}, client, False
    )
    assert [review["step_run_id"] for review in info["reviews"]] == [ops_review[1]]
    assert info["run"]["stages"][1]["jobs"][0]["steps"][0]["task"] == "official_devcloud_checkpoint"
    v3 = pipeline_run_info(
        {"project_id": None, "pipeline_id": NIGHTLY, "pipeline_run_id": None, "build_id": RUNNING_RUN}, client, False
    )
    assert v3["run"]["status"] == "running" and v3["reviews"] == []


@pytest.mark.parametrize(
    "pipeline_id, pipeline_run_id, build_id",
    [
        ("nopipeline", None, None),
        ("nopipeline", None, RUN),
        (PIPELINE, None, MISSING_RUN),
        (PIPELINE, MISSING_RUN, None),
    ],
)
def test_info_on_a_missing_pipeline_or_run_is_empty(client, pipeline_id, pipeline_run_id, build_id):
    info = pipeline_run_info(
        {"project_id": PROJECT, "pipeline_id": pipeline_id, "pipeline_run_id": pipeline_run_id, "build_id": build_id},
        client,
        False,
    )
    assert info == {"changed": False, "run": {}, "reviews": []}


def test_info_still_fails_on_other_errors(client):
    # The housekeeping project does not hold release-pipeline: 404 DEVPIPE.00011412, not an absence.
    with pytest.raises(CodeArtsError, match="DEVPIPE.00011412"):
        pipeline_run_info(
            {
                "project_id": "c0dea7750000000000000000000000a3",
                "pipeline_id": PIPELINE,
                "pipeline_run_id": None,
                "build_id": None,
            },
            client,
            False,
        )


def test_run_parameters_are_names_and_strings():
    assert run_parameters({"branch": "main", "debug": True, "retries": 2, "ratio": 0.5}) == {
        "branch": "main",
        "debug": "true",
        "retries": "2",
        "ratio": "0.5",
    }
    assert run_parameters(None) == {}
    for bad in ({"list": [1]}, {"nested": {"a": 1}}, {"null": None}, {"nan": float("nan")}, {"": "x"}):
        with pytest.raises(CodeArtsError, match="build_params must map names to strings, numbers or booleans"):
            run_parameters(bad)
    with pytest.raises(CodeArtsError, match="longer than 8192 characters"):
        run_parameters({"long": "x" * 8193})


def _banned(emulator, pipeline_id):
    return next(item for item in emulator.snapshot()["pipeline"]["pipelines"] if item["id"] == pipeline_id)["banned"]


def test_disable_then_enable_a_pipeline_by_id_reads_first_and_writes_once(client, calls, emulator):
    params = {"project_id": PROJECT, "pipeline_id": NIGHTLY, "name": None, "state": "disabled"}
    result = ensure_pipeline(params, client, check_mode=False)
    assert result["changed"] is True and result["pipeline"]["disabled"] is True
    assert [call[:2] for call in calls()] == [
        ("GET", "/v5/%s/api/pipelines/%s" % (PROJECT, NIGHTLY)),
        ("PUT", "/v5/%s/api/pipelines/%s/ban" % (PROJECT, NIGHTLY)),
    ]
    assert _banned(emulator, NIGHTLY) is True
    assert ensure_pipeline(params, client, check_mode=False)["changed"] is False
    result = ensure_pipeline(dict(params, state="enabled"), client, check_mode=True)
    assert result["changed"] is True and _banned(emulator, NIGHTLY) is True, "check mode writes nothing"
    assert ensure_pipeline(dict(params, state="enabled"), client, check_mode=False)["changed"] is True
    assert _banned(emulator, NIGHTLY) is False


def test_a_ban_answered_with_anything_but_true_fails_as_sent(client, emulator):
    emulator.add_fault(method="PUT", path="/ban$", status=200, body=False)
    params = {"project_id": PROJECT, "pipeline_id": NIGHTLY, "name": None, "state": "disabled"}
    with pytest.raises(CodeArtsError, match="The ban of pipeline %s answered False, not true" % NIGHTLY) as failed:
        ensure_pipeline(params, client, check_mode=False)
    failure = failure_result(client.record, failed.value)
    assert failure["changed"] is True and failure["writes_sent"] == [
        "PUT /v5/%s/api/pipelines/%s/ban" % (PROJECT, NIGHTLY)
    ]


def _retry_params(**options):
    return _run_params(
        **dict(
            {"project_id": PROJECT, "pipeline_id": PIPELINE, "pipeline_run_id": TIMED_OUT_RUN, "state": "retried"},
            **options,
        )
    )


def test_retry_of_a_failed_run_reads_then_retries_it_once(client, calls, emulator):
    result = ensure_pipeline_run(_retry_params(), client, check_mode=False)
    assert result["changed"] is True
    assert result["diff"] == {
        "before": {"status": "completed", "outcome": "error"},
        "after": {"status": "running", "outcome": None},
    }
    assert [call[:2] for call in calls()] == [
        ("GET", "/v3/pipelines/%s/status" % PIPELINE),
        ("PUT", "/v5/%s/api/pipelines/%s/pipeline-runs/%s/retry" % (PROJECT, PIPELINE, TIMED_OUT_RUN)),
    ]
    again = ensure_pipeline_run(_retry_params(), client, check_mode=False)
    # Retried already: its review waits again (v3 "verifying"), and the run is left alone.
    assert again["changed"] is False and again["run"]["status"] == "verifying"
    assert [call[0] for call in calls()[2:]] == ["GET"]


@pytest.mark.parametrize("run_id", [COMPLETED_RUN, RUNNING_RUN])
def test_a_run_that_did_not_fail_is_not_retried(client, calls, run_id):
    result = ensure_pipeline_run(_retry_params(pipeline_id=NIGHTLY, pipeline_run_id=run_id), client, check_mode=False)
    assert result["changed"] is False and [call[0] for call in calls()] == ["GET"]


def test_retry_in_check_mode_says_it_would_and_sends_nothing(client, calls, emulator):
    result = ensure_pipeline_run(_retry_params(), client, check_mode=True)
    assert result["changed"] is True and [call[0] for call in calls()] == ["GET"]
    assert _runs(emulator, PIPELINE)[0]["status"] == "FAILED"


@pytest.mark.parametrize("applied", [False, True], ids=["not-applied", "applied"])
def test_a_retry_whose_answer_was_lost_is_read_back_before_it_is_sent_again(client, calls, emulator, applied):
    emulator.add_fault(method="PUT", path="/retry$", apply=applied, drop=True)
    result = ensure_pipeline_run(_retry_params(), client, check_mode=False)
    assert result["changed"] is True
    assert [call.method for call in calls()] == ["GET", "PUT", "GET"] + ([] if applied else ["PUT"])
    assert bool(client.record.answers_lost) is applied


def test_a_listing_reads_no_pipeline_that_never_ran_and_reviews_only_when_asked(client, calls, reseed):
    """The housekeeping project with a pipeline that never ran: its run list is not read. Its runs under way for over
    an hour come with the reviews they wait for (a detail read each), or without them and those reads."""
    housekeeping = "c0dea7750000000000000000000000a3"
    reseed(
        pipelines=[
            {
                "id": "p1e00000000000000000000000000a3f",
                "name": "hk-never-ran",
                "project_id": housekeeping,
                "stages": [{"name": "Build", "jobs": [{"name": "b", "steps": [{"name": "b", "task": "t"}]}]}],
            }
        ]
    )
    params = {"project_id": housekeeping, "running_longer_than": "90m", "include_reviews": True}
    with_reviews = pipeline_run_info(params, client, False)["runs"]
    read = [call.path for call in calls()]
    assert not [path for path in read if "p1e00000000000000000000000000a3f" in path], "a pipeline that never ran"
    listed = [path for path in read if path.endswith("/pipeline-runs/list")]
    details = [path for path in read if path.endswith("/detail")]
    assert len(details) == len(with_reviews) and all("reviews" in run for run in with_reviews)
    before = len(read)
    without = pipeline_run_info(dict(params, include_reviews=False), client, False)["runs"]
    again = [call.path for call in calls()][before:]
    assert [run["id"] for run in without] == [run["id"] for run in with_reviews]
    assert not any("reviews" in run for run in without)
    assert sorted(again) == sorted(read[:1] + listed), "the list and the run lists again, no detail"


def test_named_runs_are_read_by_one_batch_for_the_latest_and_a_detail_for_the_others(client, calls):
    """release-pipeline's run 2 and nightly's run 2 are their pipelines' latest: one BatchShowPipelinesLatestStatus;
    release-pipeline's run 1 is not: one detail read; a run that does not exist is left out (its detail read 404)."""
    named = [
        {"pipeline_id": PIPELINE, "id": RUN, "pipeline_name": "release-pipeline"},
        {"pipeline_id": NIGHTLY, "pipeline_run_id": RUNNING_RUN},
        {"pipeline_id": PIPELINE, "id": TIMED_OUT_RUN},
        {"pipeline_id": PIPELINE, "id": MISSING_RUN},
        {"pipeline_id": PIPELINE, "id": RUN},  # named twice: read and returned once
    ]
    runs = pipeline_run_info({"project_id": PROJECT, "pipeline_runs": named}, client, False)["runs"]
    assert [(run["id"], run["status"], run["pipeline_name"]) for run in runs] == [
        (RUN, "RUNNING", "release-pipeline"),
        (RUNNING_RUN, "RUNNING", None),  # the batch answer does not name the pipeline, nor did the task
        (TIMED_OUT_RUN, "FAILED", "release-pipeline"),
    ]
    sent = sorted((call.method, call.path.rsplit("/", 1)[-1], call.query.get("pipeline_run_id")) for call in calls())
    assert sent == sorted(
        [
            ("GET", "detail", MISSING_RUN),
            ("GET", "detail", TIMED_OUT_RUN),
            ("POST", "status", None),
        ]
    )
    assert [call.body for call in calls() if call.path.endswith("/status")] == [[PIPELINE, NIGHTLY]]


@pytest.mark.parametrize(
    "named, message",
    [
        ([{"id": RUN}], r"pipeline_runs\[0\] must be a run with pipeline_id and id"),
        (["r1"], r"pipeline_runs\[0\] must be a run"),
        ([{"pipeline_id": "../x", "id": RUN}], r"pipeline_runs\[0\].pipeline_id must hold only"),
        ([{"pipeline_id": PIPELINE, "id": "a b"}], r"pipeline_runs\[0\].id must hold only"),
    ],
)
def test_named_runs_are_checked_before_any_request(client, calls, named, message):
    with pytest.raises(CodeArtsError, match=message):
        pipeline_run_info({"project_id": PROJECT, "pipeline_runs": named}, client, False)
    with pytest.raises(CodeArtsError, match="pipeline_runs needs project_id"):
        pipeline_run_info({"project_id": None, "pipeline_runs": named}, client, False)
    assert calls() == []
