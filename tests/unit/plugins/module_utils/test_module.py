# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What run_module makes of a task's writes, and the shared write_then_confirm and readable helpers."""

from __future__ import annotations

import importlib

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import readable, write_then_confirm
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import (
    CodeArtsModule,
    failure_result,
    require_one_of,
    task_result,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._record import TaskRecord


def Record(*writes):  # pylint: disable=invalid-name
    record = TaskRecord()
    record.writes_sent.extend(writes)
    return record


class Client:
    def __init__(self):
        self.record = TaskRecord()


def _refusal(message, status, code, write):
    error = CodeArtsError(message, status=status, code=code)
    error.refused_write = write  # as the client marks the API's answer to that very write
    return error


def test_a_task_that_sent_a_write_is_changed_failed_or_not():
    error = CodeArtsError("it timed out", status=None)
    failed = failure_result(Record("POST /v3/jobs/j1/delete", "POST /v3/jobs/j1/delete"), error)
    assert failed == {
        "msg": "POST /v3/jobs/j1/delete, POST /v3/jobs/j1/delete were sent; then it timed out",
        "changed": True,
        "writes_sent": ["POST /v3/jobs/j1/delete"] * 2,
        "failure": error.to_dict(),
    }
    assert failure_result(Record(), error) == {"msg": "it timed out", "failure": error.to_dict()}
    refused = _refusal(
        "POST /v3/jobs/j1/delete failed with HTTP 403 DEVCB.00000403: denied.",
        403,
        "DEVCB.00000403",
        "POST /v3/jobs/j1/delete",
    )
    assert failure_result(Record("POST /v3/jobs/j1/delete"), refused) == {
        "msg": str(refused),
        "failure": refused.to_dict(),
    }, "a write the API refused changed nothing"
    assert failure_result(Record("POST /a", "POST /v3/jobs/j1/delete"), refused)["writes_sent"] == ["POST /a"]
    in_200 = _refusal(
        "POST /v3/jobs/j1/delete failed with HTTP 200 CB.00060200: Invalid param.",
        200,
        "CB.00060200",
        "POST /v3/jobs/j1/delete",
    )
    assert "changed" not in failure_result(Record("POST /v3/jobs/j1/delete"), in_200)
    gateway = CodeArtsError("POST /v3/jobs/j1/delete failed with HTTP 502: bad gateway.", status=502, ambiguous=True)
    assert failure_result(Record("POST /v3/jobs/j1/delete"), gateway)["changed"] is True, (
        "502: it may have been applied"
    )
    assert task_result(Record("POST /x"), {"changed": False})["changed"] is True
    assert task_result(Record(), {"changed": False}) == {"changed": False}


def test_write_then_confirm_reads_before_it_sends_again():
    client, sent, reads = Client(), [], []

    def send():
        sent.append(1)
        if len(sent) == 1:
            raise CodeArtsError("lost", ambiguous=True)
        return "second"

    assert write_then_confirm(client, send, lambda: reads.append(1) or False) == "second"
    assert (len(sent), len(reads)) == (2, 1)

    def lost():
        raise CodeArtsError("lost", ambiguous=True)

    assert write_then_confirm(client, lost, lambda: True) is None
    assert client.record.answers_lost == ["lost A read shows that the write took effect, so it was not sent again."]
    assert task_result(client.record, {"changed": True})["answers_lost"] == client.record.answers_lost


def test_write_then_confirm_leaves_clear_failures_alone():
    def refused():
        raise CodeArtsError("refused", status=400)

    with pytest.raises(CodeArtsError, match="refused"):
        write_then_confirm(Client(), refused, lambda: pytest.fail("no read after a clear answer"))


@pytest.mark.parametrize(
    "state, text",
    [
        ({"status": "running", "outcome": None}, "status=running, outcome=null"),
        (
            {"task_status": 0, "progress": {"ratio": "40%", "info": None}, "stages": []},
            "task_status=0, progress.ratio=40%, progress.info=null",
        ),
        (None, "null"),
    ],
)
def test_readable_states(state, text):
    assert readable(state) == text


def test_a_null_option_does_not_count_in_required_one_of():
    require_one_of({"job_id": None, "name": "x"}, [("job_id", "name")])
    with pytest.raises(CodeArtsError, match="one of the following is required: job_id, name"):
        require_one_of({"job_id": None, "name": None}, [("job_id", "name")])


AKSK = {
    "access_key": "AK",
    "secret_key": "SK",
    "region": "cn-north-4",
    "iam_project_id": "0123456789abcdef0123456789abcdef",
}


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("wait_timeout", -5, "wait_timeout must be a positive number of seconds, not -5."),
        ("wait_timeout", 0, "wait_timeout must be a positive number of seconds, not 0."),
        ("timeout", float("nan"), "timeout must be a positive number of seconds, not nan."),
        ("retries", -1, "retries must be zero or more, not -1."),
        ("build_number", 0, "build_number must be a build number, 1 or more, not 0."),
        ("endpoint_url", "127.0.0.1:8443", "endpoint_url must start with https:// or http://"),
        ("iam_endpoint", "iam.cn-north-4.myhuaweicloud.com", "iam_endpoint must start with https:// or http://"),
        ("ca_path", "/nonexistent/ca.pem", "ca_path must name a CA bundle file (or a directory of CA certificates)"),
    ],
)
def test_a_bad_number_endpoint_or_ca_path_fails_by_name_before_any_request(option, value, message):
    sent = []
    module = CodeArtsModule(
        lambda params, client, check_mode: sent.append(params) or {"changed": True},
        {"wait_timeout": {"type": "int", "default": 300}, "build_number": {"type": "int"}},
    )
    params = dict({name: None for name in module.argument_spec}, **AKSK, timeout=30, retries=3, wait_timeout=300)
    result, _warnings = module.run(dict(params, **{option: value}), check_mode=False)
    assert sent == [], "refused before the logic, so before any request"
    assert result["failed"] is True and result["msg"].startswith(message)
    assert result["failure"]["message"].startswith(message) and "changed" not in result


@pytest.mark.parametrize(
    "module, args, message",
    [
        ("codearts_build_job", {"job_id": "b" * 31}, "job_id must be 32 letters and digits; got 'bbb"),
        (
            "codearts_build_job",
            {"project_id": "c" * 30, "name": "x", "state": "absent"},
            "project_id must be 32 letters and digits (the CodeArts project's ID, not the IAM project's)",
        ),
        ("codearts_pipeline_run", {"pipeline_id": "p" * 33}, "pipeline_id must be 32 letters and digits"),
        ("codearts_check_task", {"task_id": "t" * 33}, "task_id must be 1 to 32 letters, digits, '-' or '_'"),
        (
            "codearts_build_job_info",
            {"job_id": "b" * 32, "iam_project_id": "-"},
            "iam_project_id must be 32 hexadecimal",
        ),
    ],
)
def test_an_id_of_the_wrong_shape_fails_by_name_before_any_request(module, args, message):
    """A mistyped project in a cleanup must not read as done: refused, not 'ok' (nothing listens on the endpoint)."""
    definition = importlib.import_module("ansible_collections.huaweicloud.codearts.plugins.modules." + module).MODULE
    params = {name: None for name in definition.argument_spec}
    params.update({name: spec["default"] for name, spec in definition.argument_spec.items() if "default" in spec})
    params.update(AKSK, endpoint_url="http://127.0.0.1:1", **args)
    result, _warnings = definition.run(params, check_mode=False)
    assert result["failed"] is True and result["msg"].startswith(message), result["msg"]
    assert "changed" not in result


def _run_definition(module, args):
    """Run a module's definition with its defaults and ``args``; nothing listens on the endpoint."""
    definition = importlib.import_module("ansible_collections.huaweicloud.codearts.plugins.modules." + module).MODULE
    params = {name: None for name in definition.argument_spec}
    params.update({name: spec["default"] for name, spec in definition.argument_spec.items() if "default" in spec})
    params.update(AKSK, endpoint_url="http://127.0.0.1:1", retries=0, **args)
    return definition.run(params, check_mode=True)


@pytest.mark.parametrize(
    "module, args, warning",
    [
        (
            "codearts_build",
            {"job_id": "b" * 32, "state": "stopped", "parameters": {"release": "1"}},
            "parameters applies only to state=started; it was ignored (this task has state=stopped).",
        ),
        (
            "codearts_build",
            {"job_id": "b" * 32, "state": "started", "build_number": 7},
            "build_number applies only to state=stopped; it was ignored (this task has state=started).",
        ),
        (
            "codearts_check_task",
            {"task_id": "t" * 32, "state": "stopped", "wait_for": "finished"},
            "wait_for applies only to state=running; it was ignored (this task has state=stopped).",
        ),
        (
            "codearts_check_task",
            {"task_id": "t" * 32, "state": "stopped", "git_branch": "main"},
            "git_branch applies only to state=running; it was ignored (this task has state=stopped).",
        ),
        (
            "codearts_pipeline_run",
            {"pipeline_id": "p" * 32, "state": "stopped", "build_params": {"a": "b"}},
            "build_params applies only to state=started; it was ignored (this task has state=stopped).",
        ),
        (
            "codearts_pipeline_run",
            {"pipeline_id": "p" * 32, "state": "started", "pipeline_run_id": "r" * 32},
            "pipeline_run_id applies only to state=stopped or state=retried; it was ignored (this task has state=started).",
        ),
    ],
)
def test_an_option_that_does_not_apply_to_the_state_is_ignored_with_a_warning(module, args, warning):
    _result, warnings = _run_definition(module, args)
    assert warnings[0] == warning
    option = warning.split()[0]
    right_state = warning.split("state=")[1].split(";")[0].split(" ")[0]
    _result, warnings = _run_definition(module, dict(args, state=right_state))
    assert not [text for text in warnings if text.startswith(option)], "no warning where the option applies"


def test_an_option_at_its_default_warns_nowhere():
    """module_defaults that set wait_for: started for every task must not make stops warn."""
    _result, warnings = _run_definition("codearts_check_task", {"task_id": "t" * 32, "state": "stopped"})
    assert not [text for text in warnings if "ignored" in text]


@pytest.mark.parametrize(
    "module, given, sent",
    [
        ("codearts_build_info", ["SUCCESS", "Failed"], ["success", "failed"]),
        ("codearts_pipeline_run_info", ["running", "Completed"], ["RUNNING", "COMPLETED"]),
    ],
)
def test_status_values_are_taken_in_any_case_and_reach_the_logic_as_the_api_spells_them(module, given, sent):
    definition = importlib.import_module("ansible_collections.huaweicloud.codearts.plugins.modules." + module).MODULE
    seen = []
    checked = CodeArtsModule(
        lambda params, client, check_mode: seen.append(params["status"]) or {},
        definition.options,
        choices_any_case=definition.choices_any_case,
    )
    params = dict({name: None for name in checked.argument_spec}, **AKSK, timeout=30, retries=3, status=given)
    result, _warnings = checked.run(params, check_mode=False)
    assert "failed" not in result and seen == [sent]


def test_a_status_that_is_none_of_them_fails_by_name_before_any_request():
    result, _warnings = _run_definition("codearts_build_info", {"job_id": "b" * 32, "status": ["success", "done"]})
    assert result["failed"] is True and "changed" not in result
    assert result["msg"] == "status must be one or more of running, success, failed, aborted (in any case); got 'done'."
