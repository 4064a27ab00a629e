# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The log tails of what failed: log_tail() and the ``log_lines`` of codearts_build_info and codearts_pipeline_run_info.

A tail is one read per failed build or failed step, none for the others and none without ``log_lines``; more pages
only when an answer holds fewer lines than asked and says it has more. The seed (tests/codearts_emulator/
default_seed.yml): hk-active-build (housekeeping project a3) has build 11 failed, with a seeded log, and build 12
succeeded; checkout-pipeline (diagnostics project a6) has run 1 completed, run 2 failed at unit-tests (a seeded log)
and run 3 under way.
"""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import build_info
from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import LOG_LINES_MAX, LOG_TAIL_PAGES
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import log_lines_option, log_tail
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_run import pipeline_run_info

HOUSEKEEPING, HK_ACTIVE_JOB = "c0dea7750000000000000000000000a3", "b1d0000000000000000000000000a304"
DIAGNOSTICS, CHECKOUT = "c0dea7750000000000000000000000a6", "p1e0000000000000000000000000a601"
DONE_RUN, FAILED_RUN, RUNNING_RUN = (f"r000000000000000000000000000a60{n}" for n in range(1, 4))
BUILD_11_TAIL = [
    "214 tests completed, 1 failed",
    "> Task :test FAILED",
    "[ERROR] Build #11 failed: the build commands exited with code 1.",
]
UNIT_TESTS_LOG = [
    "[INFO] Step unit-tests (official_devcloud_test) started.",
    "$ python -m pytest tests/unit",
    "============================= test session starts ==============================",
    "collected 214 items",
    "tests/unit/test_cart.py ........F..                                       [  5%]",
    "tests/unit/test_payment.py ....F.F..                                     [  9%]",
    "FAILED tests/unit/test_cart.py::test_total_includes_tax - AssertionError: assert 100.0 == 107.0",
    "FAILED tests/unit/test_payment.py::test_refund_rounds_down - AssertionError: assert 10.01 == 10.0",
    "FAILED tests/unit/test_payment.py::test_refund_in_yen - KeyError: 'JPY'",
    "======================== 3 failed, 211 passed in 42.17s ========================",
    "[ERROR] 3 of 214 tests failed.",
]


def _operations(emulator):
    return [entry["operation"] for entry in emulator.requests()]


# log_tail() and log_lines_option(), on their own


class Pages:
    """A log read newest first, ``size`` lines an answer at most (offsets count lines, as the emulator's)."""

    def __init__(self, lines, size):
        self.lines, self.size, self.ends = lines, size, []

    def __call__(self, end_offset):
        self.ends.append(end_offset)
        stop = end_offset or len(self.lines)
        first = max(0, stop - self.size)
        return "\n".join(reversed(self.lines[first:stop])), first > 0, str(first)


def test_one_answer_that_holds_the_lines_is_the_only_read():
    pages = Pages(["l%d" % n for n in range(50)], 1000)
    assert log_tail(pages, 3) == ["l47", "l48", "l49"]
    assert pages.ends == [0]


def test_short_answers_are_followed_back_until_the_tail_is_whole():
    pages = Pages(["l%d" % n for n in range(50)], 4)
    assert log_tail(pages, 10) == ["l%d" % n for n in range(40, 50)]
    assert pages.ends == [0, 46, 42], "each next page ends where the one before started"


def test_a_log_shorter_than_asked_is_returned_whole():
    pages = Pages(["only", "two"], 4)
    assert (log_tail(pages, 10), pages.ends) == (["only", "two"], [0])
    assert log_tail(lambda end: ("", False, "0"), 5) == []


def test_answers_that_never_end_are_read_at_most_log_tail_pages_times():
    ends = []

    def empty_but_more(end_offset):
        ends.append(end_offset)
        return None, True, "7"

    assert log_tail(empty_but_more, 5) == []
    assert len(ends) == LOG_TAIL_PAGES
    assert log_tail(lambda end: ("b\na", True, "not a number"), 5) == ["a", "b"], "an offset it cannot follow ends it"


@pytest.mark.parametrize("value, lines", [(None, 0), (0, 0), (1, 1), (LOG_LINES_MAX, LOG_LINES_MAX)])
def test_log_lines_from_0_to_the_maximum(value, lines):
    assert log_lines_option({"log_lines": value}) == lines


@pytest.mark.parametrize("value", [-1, LOG_LINES_MAX + 1])
def test_log_lines_out_of_range_fails(value):
    with pytest.raises(CodeArtsError, match="log_lines is how many of the last lines of a log to read, from 0"):
        log_lines_option({"log_lines": value})


# codearts_build_info


def _build_params(**options):
    params = {
        "job_id": None,
        "project_id": HOUSEKEEPING,
        "name": None,
        "status": None,
        "running_longer_than": None,
        "started_after": None,
        "days": 30,
        "log_lines": 0,
    }
    params.update(options)
    return params


def test_each_failed_build_has_its_tail_from_one_read_and_the_others_none(client, emulator):
    result = build_info(_build_params(log_lines=3), client, False)
    failed = [build for build in result["builds"] if build["status"] == "failed"]
    assert [(build["job_name"], build["build_number"], build["log_tail"]) for build in failed] == [
        ("hk-active-build", 11, BUILD_11_TAIL)
    ]
    assert {build["log_tail"] is None for build in result["builds"] if build["status"] != "failed"} == {True}
    (read,) = [entry for entry in emulator.requests() if entry["operation"] == "DownloadBuildRealTimeLog"]
    assert (read["path"], read["query"]) == (
        "/v1/log/%s/11/real-time-log" % HK_ACTIVE_JOB,
        {"start_offset": "0", "end_offset": "0", "sort": "DESC", "size": "1000"},
    )


def test_without_log_lines_no_log_is_read_and_the_answer_is_as_before(client, emulator):
    before = build_info(_build_params(), client, False)
    reads = _operations(emulator)
    emulator.clear_requests()
    assert "log_tail" not in before["builds"][0]
    assert "DownloadBuildRealTimeLog" not in reads
    without = build_info(_build_params(status=["failed"]), client, False)
    assert without["builds"] and "log_tail" not in without["builds"][0]
    assert "DownloadBuildRealTimeLog" not in _operations(emulator)


def test_a_build_log_answer_with_fewer_lines_than_asked_is_followed(client, emulator):
    emulator.add_fault(
        path=r"/real-time-log$",
        body={
            "result": {"has_more": True, "start_offset": "8", "end_offset": "9", "log": BUILD_11_TAIL[2]},
            "error": None,
            "status": "success",
        },
    )
    result = build_info(_build_params(job_id=HK_ACTIVE_JOB, status=["failed"], log_lines=3), client, False)
    assert result["builds"][0]["log_tail"] == BUILD_11_TAIL
    reads = [
        entry["query"]["end_offset"]
        for entry in emulator.requests()
        if entry["operation"] == "DownloadBuildRealTimeLog"
    ]
    assert reads == ["0", "8"], "the second read ends where the first answer started"


def test_bad_log_lines_fail_before_any_request(client, emulator):
    with pytest.raises(CodeArtsError, match="log_lines is how many"):
        build_info(_build_params(log_lines=-1), client, False)
    assert emulator.requests() == []


# codearts_pipeline_run_info


def _run_params(**options):
    params = {
        "pipeline_id": None,
        "pipeline_name": None,
        "project_id": DIAGNOSTICS,
        "pipeline_run_id": None,
        "build_id": None,
        "status": None,
        "running_longer_than": None,
        "queued_longer_than": None,
        "started_after": None,
        "started_before": None,
        "all_runs": False,
        "log_lines": 0,
    }
    params.update(options)
    return params


def test_each_failed_run_has_its_failed_steps_with_their_tails(client, emulator):
    result = pipeline_run_info(_run_params(pipeline_id=CHECKOUT, all_runs=True, log_lines=4), client, False)
    runs = {run["id"]: run for run in result["runs"]}
    assert sorted(runs) == [DONE_RUN, FAILED_RUN, RUNNING_RUN]
    assert runs[DONE_RUN]["failed_steps"] == [] and runs[RUNNING_RUN]["failed_steps"] == []
    (step,) = runs[FAILED_RUN]["failed_steps"]
    assert {key: step[key] for key in ("stage_name", "job_name", "step_name", "task", "message", "log_tail")} == {
        "stage_name": "Test",
        "job_name": "unit-tests",
        "step_name": "unit-tests",
        "task": "official_devcloud_test",
        "message": "3 of 214 tests failed.",
        "log_tail": UNIT_TESTS_LOG[-4:],
    }
    operations = _operations(emulator)
    assert operations.count("ShowPipelineLog") == 1, "one read per failed step (lint was canceled, not failed)"
    details = [entry["query"] for entry in emulator.requests() if entry["operation"] == "ShowPipelineRunDetail"]
    # The detail of the run under way is read for its reviews, that of the failed run for its failed steps.
    assert sorted(detail["pipeline_run_id"] for detail in details) == [FAILED_RUN, RUNNING_RUN]
    (read,) = [entry for entry in emulator.requests() if entry["operation"] == "ShowPipelineLog"]
    assert read["path"].endswith("/jobs/%s/steps/%s/logs" % (step["job_run_id"], step["step_run_id"]))
    assert FAILED_RUN in read["path"] and read["write"] is False
    assert read["body"] == {"limit": 4, "sort": "desc", "start_offset": 0, "end_offset": 0}


def test_without_log_lines_the_listing_reads_and_answers_as_before(client, emulator):
    plain = pipeline_run_info(_run_params(status=["FAILED"]), client, False)
    assert plain["runs"][0]["id"] == FAILED_RUN and "failed_steps" not in plain["runs"][0]
    assert _operations(emulator) == ["ListPipelines", "ListPipelineRuns"]
    emulator.clear_requests()
    tails = pipeline_run_info(_run_params(status=["FAILED"], log_lines=2), client, False)
    assert tails["runs"][0]["failed_steps"][0]["log_tail"] == UNIT_TESTS_LOG[-2:]
    assert _operations(emulator) == ["ListPipelines", "ListPipelineRuns", "ShowPipelineRunDetail", "ShowPipelineLog"]


def test_one_failed_run_read_with_its_failed_steps(client, emulator):
    one = _run_params(pipeline_id=CHECKOUT, pipeline_run_id=FAILED_RUN)
    plain = pipeline_run_info(one, client, False)
    assert "failed_steps" not in plain["run"] and _operations(emulator) == ["ShowPipelineRunDetail"]
    emulator.clear_requests()
    result = pipeline_run_info(dict(one, log_lines=1), client, False)
    assert [step["log_tail"] for step in result["run"]["failed_steps"]] == [UNIT_TESTS_LOG[-1:]]
    assert _operations(emulator) == ["ShowPipelineRunDetail", "ShowPipelineLog"], "the detail is read once"
    emulator.clear_requests()
    running = pipeline_run_info(dict(one, pipeline_run_id=RUNNING_RUN, log_lines=1), client, False)
    assert running["run"]["failed_steps"] == [] and _operations(emulator) == ["ShowPipelineRunDetail"]


def test_a_failed_run_that_the_eda_source_or_a_retry_made(client, emulator):
    emulator.service_action("pipeline", "fail", {"pipeline_run_id": RUNNING_RUN, "message": "1 of 214 tests failed."})
    result = pipeline_run_info(
        _run_params(pipeline_name="checkout-pipeline", status=["FAILED"], log_lines=2), client, False
    )
    assert [run["id"] for run in result["runs"]] == [RUNNING_RUN, FAILED_RUN]
    assert result["runs"][0]["failed_steps"][0]["log_tail"] == [
        "FAILED tests/unit/test_checkout.py::test_address_needs_a_zip_code - KeyError: 'zip'",
        "[ERROR] 1 of 214 tests failed.",
    ]
    assert _operations(emulator).count("ShowPipelineLog") == 2


@pytest.mark.parametrize(
    "options, message",
    [
        ({"log_lines": -3, "status": ["FAILED"]}, "log_lines is how many"),
        ({"log_lines": LOG_LINES_MAX + 1, "status": ["FAILED"]}, "log_lines is how many"),
        ({"log_lines": 5, "pipeline_id": CHECKOUT, "build_id": FAILED_RUN}, "give pipeline_run_id"),
    ],
)
def test_bad_log_lines_fail_before_any_request_for_runs(client, emulator, options, message):
    with pytest.raises(CodeArtsError, match=message):
        pipeline_run_info(_run_params(**options), client, False)
    assert emulator.requests() == []
