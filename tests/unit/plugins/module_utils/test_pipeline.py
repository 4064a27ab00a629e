# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pipeline logic, without AnsibleModule: which calls it makes, and what it returns."""

from __future__ import annotations

import time

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import run_parameters
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import failure_result
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import (
    ensure_manual_review,
    ensure_pipeline_run,
    pipeline_run_info,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._record import TaskRecord

PROJECT, PIPELINE, RUN = (
    "c0dea7750000000000000000000000a1",
    "p1e0000000000000000000000000000a",
    "r0000000000000000000000000000001",
)
NEW_RUN = "new0000000000000000000000000000a"


def _not_found(code, what):
    return CodeArtsError(
        "GET ... failed with HTTP 404 %s: %s does not exist." % (code, what),
        status=404,
        code=code,
        request_id="req-404",
    )


class FakePipelineService:
    """A v3 run whose stop lands after ``stop_after`` status reads, and a v5 run detail; records every call.

    Writes in ``lose`` are applied and then fail ambiguously (their answer lost); those in ``fail`` fail ambiguously
    without being applied. Pipeline PIPELINE only; its latest run is the one started last, else RUN.
    """

    get_if_exists = CodeArtsClient.get_if_exists

    def __init__(self, status="running", outcome=None, stop_after=2, detail=None, lose=(), fail=()):
        self.run = {
            "pipeline_id": PIPELINE,
            "pipeline_name": "release-pipeline",
            "build_id": RUN,
            "status": status,
            "outcome": outcome,
            "start_time": "2026-11-22 10:00:00",
            "end_time": None,
        }
        self.started = None
        self.stop_after = stop_after
        self.stopping = None
        self.detail = detail
        self.calls = []
        self.record = TaskRecord()
        self.lose = list(lose)
        self.fail = list(fail)
        self.now = 0.0
        self.sleeps = []

    def service_now_ms(self):  # the service's clock: this machine's here
        return int(time.time() * 1000)

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def get(self, service, path, path_params=None, query=None):
        assert service == "pipeline"
        self.calls.append(("GET", path, dict(query or {})))
        if path_params["pipeline_id"] != PIPELINE:
            raise _not_found("DEVPIPE.00011401", "The pipeline")
        if path.endswith("/status"):
            if self.stopping is not None:
                self.stopping -= 1
                if self.stopping < 0:
                    self.run.update(status="completed", outcome="aborted")
            build_id = (query or {}).get("build_id")
            if build_id in (None, NEW_RUN) and self.started:
                return dict(self.started)
            if build_id not in (None, RUN):
                raise _not_found("DEVPIPE.00011404", "The run")
            return dict(self.run)
        if self.detail is None:
            raise _not_found("DEVPIPE.00011404", "The run")
        return self.detail

    def post(self, service, path, path_params=None, query=None, body=None):
        self.calls.append(("POST", path, dict(query or {}), body, dict(path_params or {})))
        self.record.writes_sent.append("POST " + path.format(**path_params))
        action = path.rsplit("/", 1)[1]
        if action in self.fail:
            self.fail.remove(action)
            raise CodeArtsError("POST %s failed: no answer came." % path, ambiguous=True)
        answer = {"success": True}
        if action == "start":
            self.started = dict(self.run, build_id=NEW_RUN, status="running", outcome=None)
            answer = {"pipeline_id": PIPELINE, "build_id": NEW_RUN}
        elif action == "stop":
            self.stopping = self.stop_after
        else:
            step = self.detail["stages"][1]["jobs"][0]["steps"][0]
            step["status"] = "COMPLETED" if action == "pass" else "FAILED"
        if action in self.lose:
            self.lose.remove(action)
            raise CodeArtsError("POST %s failed: the connection was lost." % path, ambiguous=True)
        return answer


def _run_params(**options):
    params = {
        "pipeline_id": PIPELINE,
        "pipeline_run_id": RUN,
        "state": "stopped",
        "build_params": None,
        "wait": False,
        "wait_timeout": 60,
    }
    params.update(options)
    return params


def test_stop_a_running_run_is_one_read_and_the_seed_call():
    service = FakePipelineService()
    result = ensure_pipeline_run(_run_params(), service, check_mode=False)
    assert result["changed"] is True
    assert result["diff"] == {
        "before": {"status": "running", "outcome": None},
        "after": {"status": "completed", "outcome": "aborted"},
    }
    assert [call[:2] for call in service.calls] == [
        ("GET", "/v3/pipelines/{pipeline_id}/status"),
        ("POST", "/v3/pipelines/{pipeline_id}/stop"),
    ]
    assert service.calls[1][2] == {"build_id": RUN}


@pytest.mark.parametrize("outcome", ["success", "error", "aborted"])
def test_a_completed_run_is_left_alone(outcome):
    service = FakePipelineService(status="completed", outcome=outcome)
    result = ensure_pipeline_run(_run_params(wait=True), service, check_mode=False)
    assert result["changed"] is False
    assert result["run"]["outcome"] == outcome
    assert [call[0] for call in service.calls] == ["GET"]


def test_check_mode_stops_nothing():
    service = FakePipelineService(status="verifying")
    result = ensure_pipeline_run(_run_params(wait=True), service, check_mode=True)
    assert result["changed"] is True
    assert [call[0] for call in service.calls] == ["GET"]


def test_wait_polls_until_the_asynchronous_stop_lands():
    service = FakePipelineService(stop_after=3)
    result = ensure_pipeline_run(_run_params(wait=True), service, check_mode=False)
    assert result["run"]["status"] == "completed" and result["run"]["outcome"] == "aborted"
    assert result["diff"]["after"] == {"status": "completed", "outcome": "aborted"}
    assert [call[0] for call in service.calls] == ["GET", "POST", "GET", "GET", "GET", "GET"]
    assert service.sleeps == [0.5, 1.0, 2.0]


def test_wait_fails_clearly_on_timeout():
    service = FakePipelineService(stop_after=10**6)
    with pytest.raises(
        CodeArtsError,
        match=r"Pipeline run %s of pipeline %s was asked to stop but did not complete within 20 "
        r"seconds; last seen: pipeline_id=%s, pipeline_name=release-pipeline, build_id=%s, "
        r"status=running, outcome=null, " % (RUN, PIPELINE, PIPELINE, RUN),
    ) as failed:
        ensure_pipeline_run(_run_params(wait=True, wait_timeout=20), service, check_mode=False)
    assert "{" not in str(failed.value), "the last state reads as text, not as a Python dict"
    assert sum(service.sleeps) == pytest.approx(20)


def test_a_stop_then_a_wait_that_times_out_fails_as_changed_saying_what_was_sent():
    service = FakePipelineService(stop_after=10**6)
    with pytest.raises(CodeArtsError) as failed:
        ensure_pipeline_run(_run_params(wait=True, wait_timeout=5), service, check_mode=False)
    result = failure_result(service.record, failed.value)
    assert result["changed"] is True
    assert result["writes_sent"] == ["POST /v3/pipelines/%s/stop" % PIPELINE]
    assert result["msg"].startswith("POST /v3/pipelines/%s/stop was sent; then Pipeline run %s" % (PIPELINE, RUN))
    assert result["failure"]["message"] == failed.value.message
    assert failure_result(FakePipelineService().record, failed.value) == {
        "msg": str(failed.value),
        "failure": failed.value.to_dict(),
    }


def test_a_lost_stop_answer_is_confirmed_by_the_status_read_when_the_run_is_over():
    service = FakePipelineService(stop_after=0, lose=["stop"])
    result = ensure_pipeline_run(_run_params(), service, check_mode=False)
    assert result["changed"] is True
    assert [call[0] for call in service.calls] == ["GET", "POST", "GET"]
    assert "was not sent again" in service.record.answers_lost[0]


def test_a_stop_whose_answer_was_lost_is_sent_again_while_the_run_still_runs():
    service = FakePipelineService(stop_after=3, fail=["stop"])
    result = ensure_pipeline_run(_run_params(), service, check_mode=False)
    assert result["changed"] is True
    assert [call[0] for call in service.calls] == ["GET", "POST", "GET", "POST"]


def test_start_always_changes_and_sends_the_parameters():
    service = FakePipelineService()
    result = ensure_pipeline_run(
        _run_params(state="started", pipeline_run_id=None, build_params={"release": "2026.11"}), service, False
    )
    assert result["changed"] is True
    assert result["run"]["build_id"] == "new0000000000000000000000000000a"
    assert service.calls == [
        ("GET", "/v3/pipelines/{pipeline_id}/status", {}),
        (
            "POST",
            "/v3/pipelines/{pipeline_id}/start",
            {},
            {"build_params": [{"name": "release", "value": "2026.11"}]},
            {"pipeline_id": PIPELINE},
        ),
    ]
    checked = ensure_pipeline_run(_run_params(state="started", pipeline_run_id=None), FakePipelineService(), True)
    assert checked["changed"] is True and checked["run"]["build_id"] is None


@pytest.mark.parametrize("check_mode", [True, False])
def test_starting_a_missing_pipeline_fails_in_check_mode_too(check_mode):
    service = FakePipelineService()
    with pytest.raises(CodeArtsError, match="DEVPIPE.00011401") as failed:
        ensure_pipeline_run(
            _run_params(pipeline_id="nopipeline", state="started", pipeline_run_id=None), service, check_mode
        )
    assert (failed.value.status, failed.value.request_id) == (404, "req-404")
    assert [call[0] for call in service.calls] == ["GET"]


def test_a_start_whose_answer_was_lost_is_found_by_its_new_run_and_not_sent_again():
    service = FakePipelineService(lose=["start"])
    result = ensure_pipeline_run(_run_params(state="started", pipeline_run_id=None), service, False)
    assert result["changed"] is True and result["run"]["build_id"] == NEW_RUN
    assert [call[:2] for call in service.calls] == [
        ("GET", "/v3/pipelines/{pipeline_id}/status"),
        ("POST", "/v3/pipelines/{pipeline_id}/start"),
        ("GET", "/v3/pipelines/{pipeline_id}/status"),
    ]
    assert len(service.record.answers_lost) == 1


def test_a_start_that_did_not_begin_a_run_is_sent_once_more_after_the_read():
    service = FakePipelineService(fail=["start"])
    result = ensure_pipeline_run(_run_params(state="started", pipeline_run_id=None), service, False)
    assert result["run"]["build_id"] == NEW_RUN
    assert [call[0] for call in service.calls] == ["GET", "POST", "GET", "POST"]


def _review_step(status, message=None, step_id="s1", job_id="j1", name="manager-approval"):
    return {
        "id": job_id,
        "name": "approve",
        "status": "PAUSED" if status == "RUNNING" else status,
        "steps": [
            {"id": step_id, "name": name, "task": "official_devcloud_checkpoint", "status": status, "message": message}
        ],
    }


def _detail(*jobs, status="RUNNING"):
    build_step = {"id": "sb", "name": "compile", "task": "official_devcloud_build", "status": "COMPLETED"}
    build = {
        "id": "st1",
        "name": "Build",
        "status": "COMPLETED",
        "jobs": [{"id": "jb", "name": "build", "status": "COMPLETED", "steps": [build_step]}],
    }
    approve = {"id": "st2", "name": "Approve", "status": "RUNNING", "jobs": list(jobs)}
    return {
        "id": RUN,
        "pipeline_id": PIPELINE,
        "name": "release-pipeline",
        "status": status,
        "run_number": 7,
        "stages": [build, approve],
    }


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


@pytest.mark.parametrize(
    "state, action, status", [("rejected", "/refuse", "FAILED"), ("approved", "/pass", "COMPLETED")]
)
def test_the_waiting_review_is_found_and_decided_once(state, action, status):
    service = FakePipelineService(detail=_detail(_review_step("RUNNING")))
    result = ensure_manual_review(_review_params(state=state), service, check_mode=False)
    assert result["changed"] is True
    assert result["review"]["step_run_id"] == "s1" and result["review"]["job_run_id"] == "j1"
    assert result["review"]["status"] == status and result["review"]["decision"] == state
    assert result["diff"]["before"] == {"status": "RUNNING", "decision": None}
    read, write = service.calls
    assert read[:3] == (
        "GET",
        "/v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/detail",
        {"pipeline_run_id": None},
    )
    assert write[1].endswith(action) and write[2] == {"approval_description": "stale"}
    assert write[4] == {
        "project_id": PROJECT,
        "pipeline_id": PIPELINE,
        "pipeline_run_id": RUN,
        "job_run_id": "j1",
        "step_run_id": "s1",
    }


@pytest.mark.parametrize("state, action", [("rejected", "refuse"), ("approved", "pass")])
def test_a_decision_whose_answer_was_lost_is_read_back_and_not_sent_again(state, action):
    service = FakePipelineService(detail=_detail(_review_step("RUNNING")), lose=[action])
    result = ensure_manual_review(_review_params(state=state), service, check_mode=False)
    assert result["changed"] is True and result["review"]["decision"] == state
    assert [call[0] for call in service.calls] == ["GET", "POST", "GET"]
    assert service.calls[2][2] == {"pipeline_run_id": RUN}, "the read names the run that was decided"


def test_a_decision_not_applied_is_sent_once_more_after_the_read():
    service = FakePipelineService(detail=_detail(_review_step("RUNNING")), fail=["refuse"])
    assert ensure_manual_review(_review_params(), service, check_mode=False)["changed"] is True
    assert [call[0] for call in service.calls] == ["GET", "POST", "GET", "POST"]


def test_check_mode_decides_nothing():
    service = FakePipelineService(detail=_detail(_review_step("RUNNING")))
    assert ensure_manual_review(_review_params(), service, check_mode=True)["changed"] is True
    assert [call[0] for call in service.calls] == ["GET"]


@pytest.mark.parametrize("status, state", [("FAILED", "rejected"), ("COMPLETED", "approved")])
def test_a_review_decided_the_same_way_is_ok(status, state):
    service = FakePipelineService(detail=_detail(_review_step(status), status="FAILED"))
    result = ensure_manual_review(_review_params(state=state), service, check_mode=False)
    assert result["changed"] is False and result["review"]["decision"] == state
    assert len(service.calls) == 1


@pytest.mark.parametrize(
    "status, state, decided", [("FAILED", "approved", "rejected"), ("COMPLETED", "rejected", "approved")]
)
def test_a_review_decided_the_other_way_fails(status, state, decided):
    service = FakePipelineService(
        detail=_detail(_review_step(status, "rejected by alice" if status == "FAILED" else None))
    )
    with pytest.raises(CodeArtsError, match="was already %s; it cannot be %s now" % (decided, state)):
        ensure_manual_review(_review_params(state=state), service, check_mode=False)
    assert len(service.calls) == 1


@pytest.mark.parametrize(
    "status, message", [("CANCELED", None), ("FAILED", "Review timed out, rejected automatically")]
)
def test_a_review_that_no_longer_waits_is_ok_to_reject_and_cannot_be_approved(status, message):
    service = FakePipelineService(detail=_detail(_review_step(status, message)))
    result = ensure_manual_review(_review_params(state="rejected"), service, check_mode=False)
    assert result["changed"] is False
    assert "no longer waits (%s)" % (message or "its run was stopped") in result["msg"]
    with pytest.raises(CodeArtsError, match="no longer waits .* so it cannot be approved"):
        ensure_manual_review(_review_params(state="approved"), service, check_mode=False)
    assert [call[0] for call in service.calls] == ["GET", "GET"]


def test_a_timed_out_review_says_so_when_approved():
    service = FakePipelineService(detail=_detail(_review_step("FAILED", "Review timed out, rejected automatically")))
    with pytest.raises(CodeArtsError, match="no longer waits \\(Review timed out"):
        ensure_manual_review(_review_params(state="approved"), service, check_mode=False)


def test_several_waiting_reviews_fail_listing_them():
    service = FakePipelineService(
        detail=_detail(_review_step("RUNNING"), _review_step("RUNNING", step_id="s2", job_id="j2", name="qa"))
    )
    with pytest.raises(
        CodeArtsError, match=r"Several manual-review steps .*step_run_id s1.*step_run_id s2.*Name one with"
    ):
        ensure_manual_review(_review_params(), service, check_mode=False)


def test_a_named_review_is_used_even_among_several():
    service = FakePipelineService(
        detail=_detail(_review_step("RUNNING"), _review_step("RUNNING", step_id="s2", job_id="j2"))
    )
    result = ensure_manual_review(
        _review_params(job_run_id="j2", step_run_id="s2", pipeline_run_id=RUN), service, False
    )
    assert result["review"]["step_run_id"] == "s2"
    assert service.calls[0][2] == {"pipeline_run_id": RUN}


def test_no_review_at_all_fails_clearly():
    service = FakePipelineService(detail=_detail())
    with pytest.raises(CodeArtsError, match="No manual-review step .* Review steps found: none"):
        ensure_manual_review(_review_params(), service, check_mode=False)
    with pytest.raises(CodeArtsError, match="No manual-review step with job_run_id j9 and step_run_id s9"):
        ensure_manual_review(_review_params(job_run_id="j9", step_run_id="s9"), service, check_mode=False)


def test_a_review_not_reached_yet_is_not_decided():
    service = FakePipelineService(detail=_detail(_review_step("INIT")))
    with pytest.raises(CodeArtsError, match="has not been reached yet, so it cannot be rejected"):
        ensure_manual_review(_review_params(job_run_id="j1", step_run_id="s1"), service, check_mode=False)
    assert [call[0] for call in service.calls] == ["GET"]


def test_info_lists_the_waiting_reviews_or_reads_v3():
    service = FakePipelineService(
        detail=_detail(_review_step("RUNNING"), _review_step("COMPLETED", step_id="s2", job_id="j2"))
    )
    info = pipeline_run_info(
        {"project_id": PROJECT, "pipeline_id": PIPELINE, "pipeline_run_id": None, "build_id": None}, service, False
    )
    assert [review["step_run_id"] for review in info["reviews"]] == ["s1"]
    assert info["run"]["stages"][1]["jobs"][0]["steps"][0]["task"] == "official_devcloud_checkpoint"
    v3 = pipeline_run_info(
        {"project_id": None, "pipeline_id": PIPELINE, "pipeline_run_id": None, "build_id": RUN}, service, False
    )
    assert v3["run"]["status"] == "running" and v3["reviews"] == []


@pytest.mark.parametrize(
    "pipeline_id, pipeline_run_id, build_id",
    [
        ("nopipeline", None, None),
        ("nopipeline", None, RUN),
        (PIPELINE, None, "r0000000000000000000000000000009"),
        (PIPELINE, "r0000000000000000000000000000009", None),
    ],
)
def test_info_on_a_missing_pipeline_or_run_is_empty(pipeline_id, pipeline_run_id, build_id):
    service = FakePipelineService(detail=None)
    info = pipeline_run_info(
        {"project_id": PROJECT, "pipeline_id": pipeline_id, "pipeline_run_id": pipeline_run_id, "build_id": build_id},
        service,
        False,
    )
    assert info == {"changed": False, "run": {}, "reviews": []}


def test_info_still_fails_on_other_errors():
    class Denied(FakePipelineService):
        def get(self, service, path, path_params=None, query=None):
            raise CodeArtsError("denied", status=404, code="DEVPIPE.00011412")

    with pytest.raises(CodeArtsError, match="denied"):
        pipeline_run_info(
            {"project_id": PROJECT, "pipeline_id": PIPELINE, "pipeline_run_id": None, "build_id": None}, Denied(), False
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
