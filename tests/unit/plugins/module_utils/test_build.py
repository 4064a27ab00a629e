# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The build job logic, without AnsibleModule, against the emulator: which calls it makes, and what it returns.

The jobs are the seed's (tests/codearts_emulator/default_seed.yml, CodeArts project ``demo``), and the calls are those
the emulator logged. Lost answers and ambiguous failures are the emulator's faults: a connection dropped after the
write was applied, or before it was.
"""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import build_job_info, ensure_build_job
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError

PROJECT = "c0dea7750000000000000000000000a1"
NIGHTLY = "b1d0000000000000000000000000000a"  # nightly-build: enabled, build 1 succeeded
RELEASE = "b1d0000000000000000000000000000b"  # release-build: disabled, build 1 succeeded
# CodeArts projects that only the jobs seeded here live in.
PAGED, TIMED = "c0dea77500000000000000000000b0e1", "c0dea77500000000000000000000b0e2"
LAST_BUILD_MS = 1796147670512
BIN = "/v1/job/recycling-jobs"
DAY_MS = 86400000


def _job(number, project_id=PAGED, name=None, **fields):
    """A job to seed: job0…0<number> called job-<number>, enabled, its last build a success."""
    return {"id": "job%029d" % number, "job_name": name or "job-%d" % number, "project_id": project_id, **fields}


def _params(**options):
    params = {"job_id": None, "name": None, "project_id": None, "state": "enabled"}
    params.update(options)
    return params


def _state(emulator, job_id):
    """The job as the emulator holds it (deleted jobs included)."""
    return next(job for job in emulator.snapshot()["build"]["jobs"] if job["id"] == job_id)


@pytest.mark.parametrize(
    "job_id, start_disabled, state, write",
    [
        (RELEASE, True, "enabled", "/v3/jobs/%s/recover" % RELEASE),
        (NIGHTLY, False, "disabled", "/v3/jobs/%s/disable" % NIGHTLY),
    ],
)
def test_a_change_is_one_read_and_one_write(client, calls, emulator, job_id, start_disabled, state, write):
    result = ensure_build_job(_params(job_id=job_id, state=state), client, check_mode=False)
    assert result["changed"] is True
    assert result["job"]["disabled"] is (state == "disabled")
    assert result["diff"]["before"]["disabled"] is start_disabled
    assert [call[:2] for call in calls()] == [("GET", "/v1/job/%s/info" % job_id), ("POST", write)]
    assert _state(emulator, job_id)["disabled"] is (state == "disabled")


@pytest.mark.parametrize("job_id, state", [(NIGHTLY, "enabled"), (RELEASE, "disabled")])
def test_no_change_is_one_read_and_no_write(client, calls, job_id, state):
    result = ensure_build_job(_params(job_id=job_id, state=state), client, check_mode=False)
    assert result["changed"] is False
    assert result["diff"]["before"] == result["diff"]["after"]
    assert [call.method for call in calls()] == ["GET"]


@pytest.mark.parametrize(
    "job_id, state, reads",
    [(RELEASE, "enabled", 1), (NIGHTLY, "disabled", 1), (NIGHTLY, "absent", 2)],
)
def test_check_mode_reports_the_change_and_writes_nothing(client, calls, emulator, job_id, state, reads):
    before = _state(emulator, job_id)
    result = ensure_build_job(_params(job_id=job_id, state=state), client, check_mode=True)
    assert result["changed"] is True
    assert [call.method for call in calls()] == ["GET"] * reads
    assert _state(emulator, job_id) == before


def test_check_mode_of_a_delete_says_how_long_the_bin_would_keep_the_job(client, calls):
    result = ensure_build_job(_params(job_id=NIGHTLY, state="absent"), client, check_mode=True)
    assert result["recycle_bin"] == {"id": NIGHTLY, "deleted_time": None, "restorable_until": None, "keep_days": 30}
    assert calls()[1] == ("GET", BIN, {"page_no": "1", "page_size": "1"}, None), "one entry is enough for keep_time"


def test_absent_deletes_an_existing_job_without_replaying_it(client, calls, emulator):
    result = ensure_build_job(_params(job_id=NIGHTLY, state="absent"), client, check_mode=False)
    assert result["changed"] is True
    assert result["job"]["id"] == NIGHTLY
    assert result["diff"] == {"before": result["job"], "after": {}}
    assert [call[:2] for call in calls()] == [
        ("GET", "/v1/job/%s/info" % NIGHTLY),
        ("POST", "/v3/jobs/%s/delete" % NIGHTLY),
        ("GET", BIN),
    ]
    assert _state(emulator, NIGHTLY)["deleted"] is True


def test_absent_says_until_when_the_deleted_job_can_be_restored(client, calls, emulator):
    result = ensure_build_job(_params(job_id=NIGHTLY, state="absent"), client, check_mode=False)
    deleted_time = _state(emulator, NIGHTLY)["deleted_time"] // 1000 * 1000  # the bin gives whole seconds
    assert result["recycle_bin"] == {
        "id": NIGHTLY,
        "deleted_time": deleted_time,
        "restorable_until": deleted_time + 30 * DAY_MS,
        "keep_days": 30,
    }
    assert calls()[-1].query == {"page_no": "1", "page_size": "100", "search": "nightly-build"}, "one page, by name"


def test_absent_on_a_missing_job_is_ok(client, calls):
    result = ensure_build_job(_params(job_id="gone", state="absent"), client, check_mode=False)
    assert result == {"changed": False, "job": {}, "diff": {"before": {}, "after": {}}, "recycle_bin": None}
    assert [call.path for call in calls()] == ["/v1/job/gone/info", BIN]


@pytest.mark.parametrize("state", ["enabled", "disabled"])
def test_missing_job_cannot_be_enabled_or_disabled(client, emulator, state):
    with pytest.raises(
        CodeArtsError, match="Build job gone does not exist .*, and is not in the recycle bin"
    ) as failed:
        ensure_build_job(_params(job_id="gone", state=state), client, check_mode=False)
    read, bin_read = emulator.requests()
    assert bin_read["operation"] == "ListRecyclingJob"
    assert (failed.value.status, failed.value.code, failed.value.request_id) == (
        422,
        "DEVCB.00031006",
        read["request_id"],
    ), "the failure keeps the API's answer"
    assert "DEVCB.00031006" in str(failed.value)


@pytest.mark.parametrize("state, write", [("absent", "delete"), ("disabled", "disable")])
def test_a_lost_answer_of_an_applied_write_is_confirmed_by_a_read_and_not_sent_again(
    client, calls, emulator, state, write
):
    # The job is deleted (or disabled), then the connection drops before the answer.
    emulator.add_fault(method="POST", path="/%s$" % write, apply=True, drop=True)
    result = ensure_build_job(_params(job_id=NIGHTLY, state=state), client, check_mode=False)
    assert result["changed"] is True
    assert [call[:2] for call in calls() if call.path != BIN] == [
        ("GET", "/v1/job/%s/info" % NIGHTLY),
        ("POST", "/v3/jobs/%s/%s" % (NIGHTLY, write)),
        ("GET", "/v1/job/%s/info" % NIGHTLY),
    ]
    assert (
        len(client.record.answers_lost) == 1
        and "took effect, so it was not sent again" in client.record.answers_lost[0]
    )


@pytest.mark.parametrize("state, write", [("absent", "delete"), ("disabled", "disable")])
# No answer, or a gateway's 502: either way the write may have been applied, as far as the client can tell.
@pytest.mark.parametrize("fault", [{"drop": True}, {"status": 502}], ids=["dropped", "502"])
def test_a_write_not_applied_after_an_ambiguous_failure_is_read_then_sent_once_more(
    client, calls, emulator, state, write, fault
):
    emulator.add_fault(method="POST", path="/%s$" % write, **fault)
    result = ensure_build_job(_params(job_id=NIGHTLY, state=state), client, check_mode=False)
    assert result["changed"] is True
    assert [call[:2] for call in calls() if call.path != BIN] == [
        ("GET", "/v1/job/%s/info" % NIGHTLY),
        ("POST", "/v3/jobs/%s/%s" % (NIGHTLY, write)),
        ("GET", "/v1/job/%s/info" % NIGHTLY),
        ("POST", "/v3/jobs/%s/%s" % (NIGHTLY, write)),
    ]
    assert not client.record.answers_lost


def test_a_second_ambiguous_failure_is_not_sent_a_third_time(client, calls, emulator):
    emulator.add_fault(method="POST", path="/delete$", drop=True, count=2)
    with pytest.raises(CodeArtsError, match="the connection was closed without an answer") as failed:
        ensure_build_job(_params(job_id=NIGHTLY, state="absent"), client, check_mode=False)
    assert failed.value.ambiguous
    assert [call.method for call in calls()] == ["GET", "POST", "GET", "POST"]
    assert _state(emulator, NIGHTLY)["deleted"] is False


def test_name_is_resolved_across_pages_with_one_read_per_page(client, calls, reseed):
    reseed(build_jobs=[_job(number) for number in range(250)])
    result = ensure_build_job(_params(name="job-249", project_id=PAGED, state="disabled"), client, check_mode=False)
    assert result["changed"] is True
    assert [call.query.get("page_index") for call in calls() if call.method == "GET"] == ["0", "1", "2"]
    assert calls()[-1][:2] == ("POST", "/v3/jobs/job%029d/disable" % 249)


def test_name_resolution_reads_a_single_page_when_it_suffices(client, calls, reseed):
    reseed(build_jobs=[_job(number) for number in range(100)])
    ensure_build_job(_params(name="job-5", project_id=PAGED), client, check_mode=False)
    assert len(calls()) == 1, "total says a full page of 100 was all: no empty page is read"
    reseed(build_jobs=[_job(number) for number in range(3)])
    ensure_build_job(_params(name="job-1", project_id=PAGED), client, check_mode=False)
    assert len(calls()) == 1


def test_duplicate_names_fail_listing_the_ids(client):
    # The seed's duplicate-build is two jobs, …000d and …000e.
    with pytest.raises(CodeArtsError, match=r"2 build jobs are named 'duplicate-build' .* \(IDs b1d0+d, b1d0+e\)"):
        ensure_build_job(_params(name="duplicate-build", project_id=PROJECT), client, check_mode=False)


def test_unknown_name_fails_unless_absent(client):
    with pytest.raises(CodeArtsError, match="Build job 'nope' in project %s does not exist" % PROJECT):
        ensure_build_job(_params(name="nope", project_id=PROJECT), client, check_mode=False)
    assert ensure_build_job(_params(name="nope", project_id=PROJECT, state="absent"), client, False)["changed"] is False


def test_other_read_errors_are_not_mistaken_for_absence(client, calls, emulator):
    emulator.add_fault(method="GET", path="/info$", status=403, error_code="DEVCB.00000403", error_msg="denied")
    with pytest.raises(CodeArtsError, match="denied"):
        ensure_build_job(_params(job_id=NIGHTLY, state="absent"), client, check_mode=False)
    assert [call.method for call in calls()] == ["GET"], "nothing is deleted on the strength of a refused read"


def test_info_by_id_by_project_and_by_name(client, emulator):
    assert [job["id"] for job in build_job_info(_params(job_id=RELEASE), client, False)["jobs"]] == [RELEASE]
    assert build_job_info(_params(job_id="gone"), client, False) == {"changed": False, "jobs": []}
    everything = build_job_info(_params(project_id=PROJECT), client, False)["jobs"]
    assert [job["name"] for job in everything] == [
        "nightly-build",
        "release-build",
        "legacy-build",
        "duplicate-build",
        "duplicate-build",
        "busy-build",
    ]
    assert everything[1] == {
        "id": RELEASE,
        "name": "release-build",
        "project_id": PROJECT,
        "disabled": True,
        "last_build_status": "success",
        "last_build_time": _state(emulator, RELEASE)["last_build_time"],
        "running": False,
    }
    assert len(build_job_info(_params(project_id=PROJECT, name="duplicate-build"), client, False)["jobs"]) == 2


@pytest.mark.parametrize(
    "seeded, returned",
    [
        # The job detail gives its last build's start as an int, the job list the same instant as a float.
        ({"last_build_time": LAST_BUILD_MS}, LAST_BUILD_MS),
        ({"builds": []}, None),  # never built: null in both
    ],
)
def test_last_build_time_is_always_whole_milliseconds(client, reseed, seeded, returned):
    reseed(build_jobs=[_job(1, TIMED, **seeded)])
    by_id = build_job_info(_params(job_id="job%029d" % 1), client, False)["jobs"][0]
    listed = build_job_info(_params(project_id=TIMED), client, False)["jobs"][0]
    assert by_id["last_build_time"] == listed["last_build_time"] == returned
    assert type(by_id["last_build_time"]) is type(returned)  # pylint: disable=unidiomatic-typecheck
    assert type(listed["last_build_time"]) is type(returned)  # pylint: disable=unidiomatic-typecheck


@pytest.mark.parametrize("given, returned", [(str(LAST_BUILD_MS), LAST_BUILD_MS), ("", None)])
def test_last_build_time_given_as_text_is_whole_milliseconds_too(client, emulator, reseed, given, returned):
    # The emulator never answers text here; its own answers, with only that field changed, are served as they are.
    reseed(build_jobs=[_job(1, TIMED, last_build_time=LAST_BUILD_MS)])
    info = client.get("build", "/v1/job/{job_id}/info", {"job_id": "job%029d" % 1})
    info["result"]["last_build_time"] = given
    listing = client.get("build", "/v3/{project_id}/jobs", {"project_id": TIMED}, {"page_index": 0, "page_size": 100})
    listing["jobs"][0]["last_build_time"] = given
    emulator.add_fault(method="GET", path="/info$", body=info)
    emulator.add_fault(method="GET", path="/%s/jobs$" % TIMED, body=listing)
    by_id = build_job_info(_params(job_id="job%029d" % 1), client, False)["jobs"][0]
    listed = build_job_info(_params(project_id=TIMED), client, False)["jobs"][0]
    assert by_id["last_build_time"] == listed["last_build_time"] == returned
    assert type(by_id["last_build_time"]) is type(returned)  # pylint: disable=unidiomatic-typecheck
