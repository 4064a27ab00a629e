# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The build job logic, without AnsibleModule: which calls it makes, and what it returns."""

from __future__ import annotations

import time

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import build_job_info, ensure_build_job
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._record import TaskRecord

PROJECT = "c0dea7750000000000000000000000a1"


class FakeBuildService:
    """Answers the Build calls the logic makes from a dict of jobs, and records them."""

    get_all = CodeArtsClient.get_all  # the real paging and not-found handling, over the fake get
    get_if_exists = CodeArtsClient.get_if_exists

    def __init__(self, *jobs, lose=(), fail=()):
        self.jobs = {job["id"]: dict(job, project_id=PROJECT) for job in jobs}
        self.calls = []
        self.record = TaskRecord()
        self.lose = list(lose)  # writes (paths) applied whose answer is lost: an ambiguous failure
        self.fail = list(fail)  # writes that fail ambiguously without being applied

    def service_now_ms(self):  # the service's clock: this machine's here
        return int(time.time() * 1000)

    def get(self, service, path, path_params=None, query=None):
        self.calls.append(("GET", path, dict(path_params or {}), dict(query or {})))
        assert service == "build"
        if path == "/v1/job/{job_id}/info":
            job = self.jobs.get(path_params["job_id"])
            if job is None:
                raise CodeArtsError(
                    "GET /v1/job/gone/info failed with HTTP 422 DEVCB.00031006: job not found.",
                    status=422,
                    code="DEVCB.00031006",
                    request_id="req-422",
                )
            return {"result": job, "error": None, "status": "success"}
        everything = list(self.jobs.values())
        start = query["page_index"] * query["page_size"]
        return {"jobs": everything[start : start + query["page_size"]], "total": len(everything)}

    def post(self, service, path, path_params=None, query=None, body=None):  # pylint: disable=unused-argument
        self.calls.append(("POST", path, dict(path_params or {})))
        self.record.writes_sent.append("POST " + path.format(**path_params))
        if path in self.fail:
            self.fail.remove(path)
            raise CodeArtsError("POST %s failed: no answer came." % path, ambiguous=True)
        job = self.jobs[path_params["job_id"]]
        if path.endswith("/delete"):
            del self.jobs[job["id"]]
        else:
            job["disabled"] = path.endswith("/disable")
        if path in self.lose:
            self.lose.remove(path)
            raise CodeArtsError("POST %s failed: the connection was lost." % path, ambiguous=True)
        return {"status": "success"}


def _job(number, name=None, disabled=False):
    return {
        "id": "job%029d" % number,
        "job_name": name or "job-%d" % number,
        "disabled": disabled,
        "last_build_status": "success",
    }


def _params(**options):
    params = {"job_id": None, "name": None, "project_id": None, "state": "enabled"}
    params.update(options)
    return params


@pytest.mark.parametrize(
    "start_disabled, state, write",
    [
        (True, "enabled", "/v3/jobs/{job_id}/recover"),
        (False, "disabled", "/v3/jobs/{job_id}/disable"),
    ],
)
def test_a_change_is_one_read_and_one_write(start_disabled, state, write):
    service = FakeBuildService(_job(1, disabled=start_disabled))
    result = ensure_build_job(_params(job_id="job%029d" % 1, state=state), service, check_mode=False)
    assert result["changed"] is True
    assert result["job"]["disabled"] is (state == "disabled")
    assert result["diff"]["before"]["disabled"] is start_disabled
    assert [call[:2] for call in service.calls] == [("GET", "/v1/job/{job_id}/info"), ("POST", write)]


@pytest.mark.parametrize("disabled, state", [(False, "enabled"), (True, "disabled")])
def test_no_change_is_one_read_and_no_write(disabled, state):
    service = FakeBuildService(_job(1, disabled=disabled))
    result = ensure_build_job(_params(job_id="job%029d" % 1, state=state), service, check_mode=False)
    assert result["changed"] is False
    assert result["diff"]["before"] == result["diff"]["after"]
    assert [call[0] for call in service.calls] == ["GET"]


@pytest.mark.parametrize("state", ["enabled", "disabled", "absent"])
def test_check_mode_reports_the_change_and_writes_nothing(state):
    service = FakeBuildService(_job(1, disabled=state == "enabled"))
    result = ensure_build_job(_params(job_id="job%029d" % 1, state=state), service, check_mode=True)
    assert result["changed"] is True
    assert [call[0] for call in service.calls] == ["GET"]


def test_absent_deletes_an_existing_job_without_replaying_it():
    service = FakeBuildService(_job(1))
    result = ensure_build_job(_params(job_id="job%029d" % 1, state="absent"), service, check_mode=False)
    assert result["changed"] is True
    assert result["job"]["id"] == "job%029d" % 1
    assert result["diff"] == {"before": result["job"], "after": {}}
    assert service.calls[1][:2] == ("POST", "/v3/jobs/{job_id}/delete")


def test_absent_on_a_missing_job_is_ok():
    service = FakeBuildService()
    result = ensure_build_job(_params(job_id="gone", state="absent"), service, check_mode=False)
    assert result == {"changed": False, "job": {}, "diff": {"before": {}, "after": {}}}


@pytest.mark.parametrize("state", ["enabled", "disabled"])
def test_missing_job_cannot_be_enabled_or_disabled(state):
    with pytest.raises(CodeArtsError, match="Build job gone does not exist") as failed:
        ensure_build_job(_params(job_id="gone", state=state), FakeBuildService(), check_mode=False)
    assert (failed.value.status, failed.value.code, failed.value.request_id) == (422, "DEVCB.00031006", "req-422"), (
        "the failure keeps the API's answer"
    )
    assert "DEVCB.00031006" in str(failed.value)


@pytest.mark.parametrize(
    "state, write",
    [
        ("absent", "/v3/jobs/{job_id}/delete"),
        ("disabled", "/v3/jobs/{job_id}/disable"),
    ],
)
def test_a_lost_answer_of_an_applied_write_is_confirmed_by_a_read_and_not_sent_again(state, write):
    service = FakeBuildService(_job(1), lose=[write])
    result = ensure_build_job(_params(job_id="job%029d" % 1, state=state), service, check_mode=False)
    assert result["changed"] is True
    assert [call[:2] for call in service.calls] == [
        ("GET", "/v1/job/{job_id}/info"),
        ("POST", write),
        ("GET", "/v1/job/{job_id}/info"),
    ]
    assert (
        len(service.record.answers_lost) == 1
        and "took effect, so it was not sent again" in service.record.answers_lost[0]
    )


@pytest.mark.parametrize(
    "state, write",
    [
        ("absent", "/v3/jobs/{job_id}/delete"),
        ("disabled", "/v3/jobs/{job_id}/disable"),
    ],
)
def test_a_write_not_applied_after_an_ambiguous_failure_is_read_then_sent_once_more(state, write):
    service = FakeBuildService(_job(1), fail=[write])
    result = ensure_build_job(_params(job_id="job%029d" % 1, state=state), service, check_mode=False)
    assert result["changed"] is True
    assert [call[:2] for call in service.calls] == [
        ("GET", "/v1/job/{job_id}/info"),
        ("POST", write),
        ("GET", "/v1/job/{job_id}/info"),
        ("POST", write),
    ]
    assert not service.record.answers_lost


def test_a_second_ambiguous_failure_is_not_sent_a_third_time():
    service = FakeBuildService(_job(1), fail=["/v3/jobs/{job_id}/delete"] * 2)
    with pytest.raises(CodeArtsError, match="no answer came"):
        ensure_build_job(_params(job_id="job%029d" % 1, state="absent"), service, check_mode=False)
    assert [call[0] for call in service.calls] == ["GET", "POST", "GET", "POST"]


def test_name_is_resolved_across_pages_with_one_read_per_page():
    jobs = [_job(number) for number in range(250)]
    service = FakeBuildService(*jobs)
    result = ensure_build_job(_params(name="job-249", project_id=PROJECT, state="disabled"), service, check_mode=False)
    assert result["changed"] is True
    assert [call[3].get("page_index") for call in service.calls if call[0] == "GET"] == [0, 1, 2]
    assert service.calls[-1] == ("POST", "/v3/jobs/{job_id}/disable", {"job_id": "job%029d" % 249})


def test_name_resolution_reads_a_single_page_when_it_suffices():
    service = FakeBuildService(*[_job(number) for number in range(100)])
    ensure_build_job(_params(name="job-5", project_id=PROJECT), service, check_mode=False)
    assert len(service.calls) == 1, "total says a full page of 100 was all: no empty page is read"
    service = FakeBuildService(*[_job(number) for number in range(3)])
    ensure_build_job(_params(name="job-1", project_id=PROJECT), service, check_mode=False)
    assert len(service.calls) == 1


def test_duplicate_names_fail_listing_the_ids():
    service = FakeBuildService(_job(1, "twin"), _job(2, "twin"))
    with pytest.raises(CodeArtsError, match=r"2 build jobs are named 'twin' .* \(IDs job0+1, job0+2\)"):
        ensure_build_job(_params(name="twin", project_id=PROJECT), service, check_mode=False)


def test_unknown_name_fails_unless_absent():
    with pytest.raises(CodeArtsError, match="Build job 'nope' in project %s does not exist" % PROJECT):
        ensure_build_job(_params(name="nope", project_id=PROJECT), FakeBuildService(_job(1)), check_mode=False)
    assert (
        ensure_build_job(_params(name="nope", project_id=PROJECT, state="absent"), FakeBuildService(), False)["changed"]
        is False
    )


def test_other_read_errors_are_not_mistaken_for_absence():
    class Broken(FakeBuildService):
        def get(self, service, path, path_params=None, query=None):
            raise CodeArtsError("denied", status=403, code="DEVCB.00000403")

    with pytest.raises(CodeArtsError, match="denied"):
        ensure_build_job(_params(job_id="job1", state="absent"), Broken(), check_mode=False)


def test_info_by_id_by_project_and_by_name():
    service = FakeBuildService(_job(1, "a"), _job(2, "b", disabled=True), _job(3, "b"))
    assert [job["id"] for job in build_job_info(_params(job_id="job%029d" % 2), service, False)["jobs"]] == [
        "job%029d" % 2
    ]
    assert build_job_info(_params(job_id="gone"), service, False) == {"changed": False, "jobs": []}
    everything = build_job_info(_params(project_id=PROJECT), service, False)["jobs"]
    assert [job["name"] for job in everything] == ["a", "b", "b"]
    assert everything[1] == {
        "id": "job%029d" % 2,
        "name": "b",
        "project_id": PROJECT,
        "disabled": True,
        "last_build_status": "success",
        "last_build_time": None,
        "running": False,
    }
    assert len(build_job_info(_params(project_id=PROJECT, name="b"), service, False)["jobs"]) == 2


@pytest.mark.parametrize(
    "given, returned",
    [
        (1796147670512, 1796147670512),  # the job detail: an int
        (1796147670512.0, 1796147670512),  # the job list: the same instant as a float
        ("1796147670512", 1796147670512),
        (None, None),
        ("", None),
    ],
)
def test_last_build_time_is_always_whole_milliseconds(given, returned):
    job = dict(_job(1), last_build_time=given)
    service = FakeBuildService(job)
    by_id = build_job_info(_params(job_id=job["id"]), service, False)["jobs"][0]
    listed = build_job_info(_params(project_id=PROJECT), service, False)["jobs"][0]
    assert by_id["last_build_time"] == listed["last_build_time"] == returned
    assert type(by_id["last_build_time"]) is type(returned)  # pylint: disable=unidiomatic-typecheck
