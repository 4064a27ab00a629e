# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bad input: every option of every module, given hostile strings and values of the wrong type.

Each example takes a task that works (a base of ``MODULES``), replaces ONE option with a hostile value and
runs the real module against the emulator. Whatever the value, the task must end in one of two ways:

- a clean failure before any request: ``msg`` says what is wrong, and the emulator saw nothing;
- requests to the module's own operations only, whose paths hold nothing but ID characters, and where
  free text comes back from the emulator exactly as given (the log decodes the query, so a raw ``&``,
  ``#``, ``+``, ``%`` or space would come back as something else).

Never a traceback. An ID (a value that goes into a path) that is not made of letters, digits, ``-`` and
``_`` must always be refused before a request. The examples tried are counted in ``figures["bad_input"]``
for docs/reliability.md.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
from typing import NamedTuple, Optional

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import ID_PATTERN
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import codearts_argument_spec

MODULE_PACKAGE = "ansible_collections.huaweicloud.codearts.plugins.modules."


class Opt(NamedTuple):
    """How a module uses an option: its kind, and where a free-text value is sent (None: only compared locally)."""

    kind: str  # "id" (put in a path or an ID query), "text", "choice", "choices" (a list of them), "list" (of text),
    # "bool", "int", "dict" or "runs" (a list of dicts with IDs)
    query: Optional[str] = None  # the query parameter the value is sent as
    body: Optional[str] = None  # the JSON body field it is sent in


ID = Opt("id")
TEXT = Opt("text")  # a name: compared with what the API lists, never sent
CHOICE = Opt("choice")
CHOICES = Opt("choices")
BOOL = Opt("bool")
INT = Opt("int")


class Module(NamedTuple):
    """A module: tasks that work (bases), its options, and the only operations it may call (the emulator's names).

    ``own_body`` names the body fields the module fills by itself (paging and sorting of a list call, the ID of a
    build job to run) or from a checked option (a status, a time): only the free-text fields are compared with what
    the task gave.
    """

    bases: tuple
    options: dict
    operations: frozenset
    own_body: frozenset = frozenset()


LIST_BODY = frozenset({"offset", "limit", "sort_key", "sort_dir", "status", "start_time", "end_time"})
# ShowPipelineLog's body: the number of lines (the task's log_lines, checked) and the window, filled by the module.
LOG_BODY = frozenset({"limit", "sort", "start_offset", "end_offset"})


# IDs of tests/codearts_emulator/default_seed.yml (job and step run IDs are derived from the run's ID by the emulator).
PROJECT = "c0dea7750000000000000000000000a1"
JOB = "b1d0000000000000000000000000000a"  # nightly-build, enabled
BUSY_JOB = "b1d0000000000000000000000000000f"  # busy-build, build 42 running
HOUSEKEEPING_PROJECT = "c0dea7750000000000000000000000a3"
BINNED_JOB = "b1d0000000000000000000000000a309"  # hk-deleted-build, in the recycle bin
IDLE_TASK = "c4ec0000000000000000000000000002"  # web-frontend-check, not running
RELEASE = "p1e0000000000000000000000000000a"  # release-pipeline
NIGHTLY = "p1e0000000000000000000000000000b"  # nightly-pipeline
WAITING_RUN = "r0000000000000000000000000000001"  # release-pipeline's latest run, waiting at manager-approval
FREEZE_PROJECT = "c0dea7750000000000000000000000a5"  # release-freeze
FREEZE_RECORD = {  # a freeze record of fz-hotfix-build (disabled): the thaw enables it
    "kind": "huaweicloud.codearts.freeze/1",
    "project_id": FREEZE_PROJECT,
    "jobs": [{"id": "b1d0000000000000000000000000a503", "name": "fz-hotfix-build"}],
    "pipelines": [{"id": "p1e0000000000000000000000000a503", "name": "fz-legacy-pipeline"}],
}
COMPLETED_RUN = "r0000000000000000000000000000003"  # nightly-pipeline run 1, completed
QUEUE_PROJECT = "c0dea7750000000000000000000000a4"  # queue-pipeline: one run under way, two queued
QUEUED_RUN = "r000000000000000000000000000a402"
GATE_PIPELINE, GATE_RUN = "p1e0000000000000000000000000a404", "r000000000000000000000000000a405"  # at Deploy's entry
# The step IDs the emulator gives a seeded run (runs.element_id): delay-pipeline's run at its delay step `hold`.
DELAY_STEP = hashlib.sha256(b"r000000000000000000000000000a406/1/0/0").hexdigest()[:32]
# What a start through RunPipeline fills by itself: the sources (with the branch or tag, checked below) and the
# identifiers of the stages and jobs the task named (checked against the pipeline's definition first).
RUN_BODY = frozenset({"sources", "choose_stages", "choose_jobs"})
TIMED_OUT_RUN = "r0000000000000000000000000000005"  # release-pipeline run 1, failed: its review timed out
HK_ACTIVE_JOB = "b1d0000000000000000000000000a304"  # hk-active-build: build 11 failed, build 12 succeeded
DIAGNOSTICS = "c0dea7750000000000000000000000a6"  # checkout-pipeline: run 2 failed at unit-tests
REVIEW = {"job_run_id": "c212d0237f38211a017d14ecee643d8e", "step_run_id": "b09807f11a4516a18dec9d29f6432e33"}

# Every module, once. An option is fuzzed in the first base that sets it; the bases are chosen so that a run
# is cheap whatever the value: nothing waits (a wait ends at its first read), and writes are undone by a reset.
MODULES = {
    "codearts_build": Module(
        bases=(
            {"job_id": JOB, "state": "started", "parameters": {"release": "1.0", "note": "a b&c"}},
            {"name": "nightly-build", "project_id": PROJECT, "state": "stopped", "wait": True, "wait_timeout": 5},
            {"job_id": BUSY_JOB, "state": "stopped", "build_number": 42},
        ),
        options={
            "job_id": ID,
            "name": TEXT,
            "project_id": ID,
            "state": CHOICE,
            "build_number": INT,
            "parameters": Opt("dict", body="parameter"),
            "wait": BOOL,
            "wait_timeout": INT,
        },
        operations=frozenset(
            {"ShowJobInfo", "ShowJobListByProjectId", "ShowListHistory", "ShowRunningStatus", "RunJob", "StopBuildJob"}
        ),
        own_body=frozenset({"job_id"}),
    ),
    "codearts_build_info": Module(
        bases=(
            {"job_id": JOB, "status": ["success"], "days": 30},
            {"job_id": HK_ACTIVE_JOB, "status": ["failed"], "log_lines": 3},  # build 11 failed: one log read
            {
                "project_id": PROJECT,
                "name": "busy-build",
                "running_longer_than": "1s",
                "started_after": "2020-01-01T00:00:00Z",
            },
        ),
        options={
            "job_id": ID,
            "project_id": ID,
            "name": TEXT,
            "status": CHOICES,
            "running_longer_than": TEXT,
            "started_after": TEXT,
            "days": INT,
            "log_lines": INT,
        },
        operations=frozenset({"ShowJobInfo", "ShowJobListByProjectId", "ShowListHistory", "DownloadBuildRealTimeLog"}),
    ),
    "codearts_build_job": Module(
        bases=(
            {"job_id": JOB, "state": "disabled"},
            # A name no job has is looked for in the recycle bin, by the bin's search.
            {"name": "nightly-build", "project_id": PROJECT, "state": "disabled"},
            {"job_id": BINNED_JOB, "state": "present"},
        ),
        options={"job_id": ID, "name": Opt("text", query="search"), "project_id": ID, "state": CHOICE},
        operations=frozenset(
            {
                "ShowJobInfo",
                "ShowJobListByProjectId",
                "EnableBuildJob",
                "DisableBuildJob",
                "DeleteBuildJob",
                "ListRecyclingJob",
                "RestoreRecyclingJobs",
            }
        ),
    ),
    "codearts_build_job_info": Module(
        bases=(
            {"job_id": JOB},
            {"project_id": PROJECT, "name": "nightly-build"},
            {"project_id": PROJECT, "not_built_for": "30d", "disabled_for": "1s"},
            {"project_id": HOUSEKEEPING_PROJECT, "deleted": True},
        ),
        options={
            "job_id": ID,
            "project_id": ID,
            "name": Opt("text", query="search"),
            "not_built_for": TEXT,
            "disabled_for": TEXT,
            "deleted": BOOL,
        },
        operations=frozenset({"ShowJobInfo", "ShowJobListByProjectId", "ShowDisable", "ListRecyclingJob"}),
    ),
    "codearts_check_task": Module(
        bases=(
            {
                "task_id": IDLE_TASK,
                "state": "running",
                "git_branch": "feature/new login",
                "wait": True,
                "wait_for": "started",
                "wait_timeout": 5,
                "check_host": "codearts-check",
            },
            {"name": "web-frontend-check", "project_id": PROJECT, "state": "stopped"},
        ),
        options={
            "task_id": ID,
            "name": TEXT,
            "project_id": ID,
            "state": CHOICE,
            "git_branch": Opt("text", body="git_branch"),
            "wait": BOOL,
            "wait_for": CHOICE,
            "wait_timeout": INT,
            "check_host": CHOICE,
        },
        operations=frozenset(
            {"ShowProgressDetail", "ShowTaskDetail", "ShowTaskListByProjectId", "RunTask", "StopTaskById"}
        ),
    ),
    "codearts_check_task_info": Module(
        bases=(
            {"task_id": IDLE_TASK, "check_host": "codecheck-ext"},
            {"project_id": PROJECT, "name": "api-service-check", "running_longer_than": "1s"},
        ),
        options={"task_id": ID, "project_id": ID, "name": TEXT, "check_host": CHOICE, "running_longer_than": TEXT},
        operations=frozenset({"ShowProgressDetail", "ShowTaskDetail", "ShowTaskListByProjectId"}),
    ),
    "codearts_pipeline_manual_review": Module(
        bases=(
            dict(
                REVIEW,
                project_id=PROJECT,
                pipeline_id=RELEASE,
                pipeline_run_id=WAITING_RUN,
                state="approved",
                comment="ok & ship it #1 100%",
            ),
            {"project_id": PROJECT, "pipeline_name": "release-pipeline", "state": "rejected"},
        ),
        options={
            "project_id": ID,
            "pipeline_id": ID,
            "pipeline_name": Opt("text", body="name"),
            "pipeline_run_id": ID,
            "job_run_id": ID,
            "step_run_id": ID,
            "state": CHOICE,
            "comment": Opt("text", query="approval_description"),
        },
        operations=frozenset({"ListPipelines", "ShowPipelineRunDetail", "AcceptManualReview", "RejectManualReview"}),
        own_body=LIST_BODY,
    ),
    "codearts_pipeline_step": Module(
        bases=(
            {
                "project_id": QUEUE_PROJECT,
                "pipeline_id": GATE_PIPELINE,
                "pipeline_run_id": GATE_RUN,
                "kind": "checkpoint",
                "state": "passed",
            },
            {
                "project_id": QUEUE_PROJECT,
                "pipeline_name": "delay-pipeline",
                "kind": "delay",
                "state": "postponed",
            },
            {
                "project_id": QUEUE_PROJECT,
                "pipeline_name": "delay-pipeline",
                "step_run_id": DELAY_STEP,
                "kind": "delay",
                "state": "refused",
            },
        ),
        options={
            "project_id": ID,
            "pipeline_id": ID,
            "pipeline_name": Opt("text", body="name"),
            "pipeline_run_id": ID,
            "step_run_id": ID,
            "kind": CHOICE,
            "state": CHOICE,
        },
        operations=frozenset(
            {
                "ListPipelines",
                "ShowPipelineRunDetail",
                "AcceptCheckpoint",
                "RejectCheckpoint",
                "AcceptDelayJob",
                "RejectDelayJob",
                "ContinueDelayJob",
                "ResumePipeline",
            }
        ),
        own_body=LIST_BODY,
    ),
    "codearts_freeze": Module(
        bases=(
            {
                "project_id": FREEZE_PROJECT,
                "jobs": ["fz-release-build", "b1d0000000000000000000000000a502"],
                "pipelines": ["fz-release-pipeline", "fz-deploy-pipeline"],
                "comment": "a b&c #1 100%",
            },
            {"project_id": FREEZE_PROJECT, "state": "thawed", "record": FREEZE_RECORD},
        ),
        options={
            "project_id": ID,
            "state": CHOICE,
            "jobs": Opt("list"),  # names or IDs, each compared with the project's list, never sent
            "pipelines": Opt("list"),
            "comment": Opt("text", query="approval_description"),
            "record": Opt("dict"),
        },
        operations=frozenset(
            {
                "ShowJobListByProjectId",
                "ShowJobInfo",
                "DisableBuildJob",
                "EnableBuildJob",
                "ListPipelines",
                "ShowPipelineDetail",
                "DisablePipeline",
                "EnablePipeline",
                "ListPipelineQueue",
                "CancelPipelineQueue",
                "ListPipelineRuns",
                "ShowPipelineRunDetail",
                "RejectManualReview",
            }
        ),
        own_body=LIST_BODY,
    ),
    "codearts_pipeline": Module(
        bases=(
            {"project_id": PROJECT, "pipeline_id": NIGHTLY, "state": "disabled"},
            {"project_id": PROJECT, "name": "nightly-pipeline", "state": "disabled"},
        ),
        options={"project_id": ID, "pipeline_id": ID, "name": Opt("text", body="name"), "state": CHOICE},
        operations=frozenset({"ShowPipelineDetail", "ListPipelines", "DisablePipeline", "EnablePipeline"}),
        own_body=LIST_BODY,
    ),
    "codearts_pipeline_info": Module(
        bases=({"project_id": PROJECT, "name": "release-pipeline"},),
        options={"project_id": ID, "name": Opt("text", body="name")},
        operations=frozenset({"ListPipelines"}),
        own_body=LIST_BODY,
    ),
    "codearts_pipeline_run": Module(
        bases=(
            {
                "pipeline_id": NIGHTLY,
                "pipeline_run_id": COMPLETED_RUN,
                "state": "stopped",
                "wait": True,
                "wait_timeout": 5,
            },
            {"pipeline_id": RELEASE, "state": "started", "build_params": {"branch": "release/1.0", "note": "a b&c"}},
            {"project_id": PROJECT, "pipeline_name": "gated-pipeline", "state": "stopped"},
            {"project_id": PROJECT, "pipeline_id": RELEASE, "pipeline_run_id": TIMED_OUT_RUN, "state": "retried"},
            {
                "project_id": PROJECT,
                "pipeline_id": RELEASE,
                "state": "started",
                "branch": "release/1.0",
                "variables": {"release_version": "1.0 & co #1"},
                "stages": ["Build"],
                "jobs": ["build"],
                "description": "a b&c #1 100%",
            },
            {"project_id": PROJECT, "pipeline_id": RELEASE, "state": "started", "tag": "v1.0"},
            {
                "project_id": QUEUE_PROJECT,
                "pipeline_name": "queue-pipeline",
                "pipeline_run_id": QUEUED_RUN,
                "queued_only": True,
            },
        ),
        options={
            "pipeline_id": ID,
            "pipeline_name": Opt("text", body="name"),
            "project_id": ID,
            "pipeline_run_id": ID,
            "state": CHOICE,
            "build_params": Opt("dict", body="build_params"),
            "branch": Opt("text", body="sources"),
            "tag": Opt("text", body="sources"),
            "variables": Opt("dict", body="variables"),
            "stages": Opt("list"),  # names or identifiers, each checked against the pipeline's definition
            "jobs": Opt("list"),
            "description": Opt("text", body="description"),
            "queued_only": BOOL,
            "wait": BOOL,
            "wait_timeout": INT,
        },
        operations=frozenset(
            {
                "ListPipelines",
                "ShowPipleineStatus",
                "StartNewPipeline",
                "StopPipelineNew",
                "RetryPipelineRun",
                "ShowPipelineDetail",
                "RunPipeline",
                "ListPipelineQueue",
                "CancelPipelineQueue",
            }
        ),
        own_body=LIST_BODY | RUN_BODY,
    ),
    "codearts_pipeline_run_info": Module(
        bases=(
            {"pipeline_id": RELEASE, "project_id": PROJECT, "pipeline_run_id": WAITING_RUN},
            {"pipeline_id": RELEASE, "build_id": WAITING_RUN},
            {
                "project_id": PROJECT,
                "pipeline_name": "release-pipeline",
                "status": ["RUNNING"],
                "running_longer_than": "1s",
                "started_after": "2020-01-01T00:00:00Z",
                "started_before": "2099-01-01 00:00:00",
            },
            {"project_id": PROJECT, "all_runs": True},
            {"project_id": PROJECT, "running_longer_than": "1s", "include_reviews": False},
            {"project_id": PROJECT, "pipeline_runs": [{"pipeline_id": RELEASE, "id": WAITING_RUN}]},
            {"project_id": QUEUE_PROJECT, "status": ["queued"], "queued_longer_than": "1s"},
            {"project_id": DIAGNOSTICS, "status": ["failed"], "log_lines": 3},  # run 2 failed: one detail, one log read
        ),
        options={
            "pipeline_id": ID,
            "pipeline_name": Opt("text", body="name"),
            "project_id": ID,
            "pipeline_run_id": ID,
            "build_id": ID,
            "status": CHOICES,
            "running_longer_than": TEXT,
            "queued_longer_than": TEXT,
            "started_after": TEXT,
            "started_before": TEXT,
            "all_runs": BOOL,
            "log_lines": INT,
            "include_reviews": BOOL,
            "pipeline_runs": Opt("runs"),  # each run's pipeline_id and id are IDs, checked before any request
        },
        operations=frozenset(
            {
                "ListPipelines",
                "ListPipelineRuns",
                "ShowPipelineRunDetail",
                "ShowPipleineStatus",
                "ListPipelineQueue",
                "ShowPipelineLog",
                "BatchShowPipelinesLatestStatus",
            }
        ),
        own_body=LIST_BODY | LOG_BODY,
    ),
}

# Drawn examples per option, on top of the NAMED_VALUES that every option gets: about 40 options at a few
# milliseconds an example (a reset after a write costs as much again) keep the file within seconds.
EXAMPLES_PER_OPTION = 25


# The tables against the modules themselves


def _modules_on_disk():
    folder = os.path.join(os.path.dirname(__file__), "..", "..", "..", "plugins", "modules")
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and not name.startswith("_"))


def module_spec(name):
    """The module's own definition (its CodeArtsModule): its options, the options it checks as IDs, and the rest."""
    return importlib.import_module(MODULE_PACKAGE + name).MODULE


def test_the_table_lists_every_module():
    assert sorted(MODULES) == _modules_on_disk()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_the_table_lists_every_option_of_the_module(name):
    spec = module_spec(name)
    assert not set(spec.options) & set(codearts_argument_spec()), "a module option shadows a connection option"
    assert sorted(MODULES[name].options) == sorted(spec.options)
    assert sorted(option for option, use in MODULES[name].options.items() if use.kind == "id") == sorted(
        spec.id_options
    )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_option_is_in_a_base(name):
    module = MODULES[name]
    assert sorted({option for base in module.bases for option in base}) == sorted(module.options)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_base_works(name, emulator, run_task):
    # A base that failed by itself would make every example a failure, and the checks below say little then.
    for base in MODULES[name].bases:
        emulator.reset()
        task = run_task(name, base, check_mode=True)
        assert not task.failed, task.result.get("msg")
        assert {entry["operation"] for entry in emulator.requests()} <= MODULES[name].operations


# Hostile values

# Characters that change a URL's meaning, or a path's, or that a log or a terminal takes badly.
NASTY_CHARACTERS = "/\\?#%&=+;:@ .\t\r\n\x00\x1b\x7f\u00a0\u200b\u202e\u2028\ufeff\U0001f600é名"
NASTY_STRINGS = [
    "",
    " ",
    "/",
    "//",
    "..",
    ".",
    "../..",
    "../../v3/jobs",
    "?",
    "#",
    "%",
    "%2F",
    "%2f",
    "%2e%2e",
    "%252F",
    "%00",
    "a/b",
    "a b",
    "a?b=c",
    "a#b",
    "a&b=c",
    "a+b",
    "a;b",
    "a\nb",
    "\r\nX-Injected: 1",
    "\x00",
    "\u202eevil",
    "\U0001f600",
    "名前",
    "ünïcödé",
    "a" * 300,
    "/" * 300,
    "%2F" * 100,
    "null",
    "None",
    "true",
    "0",
    "-1",
    "1e400",
    JOB + "/../" + JOB,
    JOB + "%2F..%2F" + JOB,
    JOB + "?x=1",
    JOB + "#",
    JOB + "\n",
    " " + JOB,
]


@st.composite
def _id_with_a_nasty_part(draw):
    """A real-looking ID with hostile characters put in: what an injection into a path would look like."""
    head = draw(st.sampled_from([JOB, PROJECT, RELEASE, WAITING_RUN, IDLE_TASK]))
    cut = draw(st.integers(0, len(head)))
    return head[:cut] + draw(st.text(alphabet=NASTY_CHARACTERS, min_size=1, max_size=6)) + head[cut:]


HOSTILE_TEXT = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.text(alphabet=NASTY_CHARACTERS, max_size=12),
    _id_with_a_nasty_part(),
    st.text(max_size=30),  # any Unicode: control characters, right-to-left, emoji...
    st.text(min_size=300, max_size=300),
    st.from_regex(r"\A[A-Za-z0-9_-]{1,300}\Z"),  # well-formed IDs of no such resource: they are sent
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), HOSTILE_TEXT)
WRONG_TYPES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**64),
    st.floats(),
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=5), SCALARS, max_size=3),
)
HOSTILE_DICTS = st.dictionaries(HOSTILE_TEXT, st.one_of(SCALARS, st.lists(SCALARS, max_size=2)), min_size=1, max_size=3)
# Every option gets all of these: hostile strings, wrong types, and dicts of hostile keys and values (what a dict
# option takes; for any other option, one more wrong type).
HOSTILE = st.one_of(HOSTILE_TEXT, WRONG_TYPES, HOSTILE_DICTS)

# Tried on every option before anything is drawn, so that each kind of bad input is met by each option for sure.
NAMED_VALUES = [
    "/",
    "..",
    "?",
    "#",
    "%",
    "%2F",
    "a b",
    "a\nb",
    "\x00\x1b",
    "\u202e\U0001f600名前",
    "",
    "a" * 300,
    "é" * 300,
    42,
    -1.5,
    True,
    None,
    ["a", 1],
    {"a": "b"},
    {"../x": "y z", "#": None},
]


def with_named_values(test):
    """Add NAMED_VALUES as explicit examples (run in check mode and not, alternately) of a @given test."""
    for index, value in enumerate(NAMED_VALUES):
        test = example(value=value, check_mode=bool(index % 2))(test)
    return test


# Counting


@pytest.fixture
def tally(figures):
    """The examples this test actually runs, counted as they run; in its figures for docs/reliability.md."""
    counts = {
        "inputs_tried": 0,
        "per_module": {name: 0 for name in sorted(MODULES)},
        "per_kind": {},
        "refused_before_request": 0,
        "sent_encoded": 0,
        "succeeded_without_request": 0,
        "tracebacks": 0,
    }
    figures["bad_input"] = counts
    return counts


def _count(counts, name, use, outcome):
    counts["inputs_tried"] += 1
    counts["per_module"][name] += 1
    counts["per_kind"][use.kind] = counts["per_kind"].get(use.kind, 0) + 1
    counts[outcome] += 1


# The checks


@pytest.fixture
def fresh_emulator(emulator):
    """The emulator as seeded, once per option (Hypothesis runs a function-scoped fixture once for all examples)."""
    emulator.reset()
    return emulator


SAFE_PATH = re.compile(r"\A(/[A-Za-z0-9_-]+)+\Z")


def _base_for(module, option):
    return next(base for base in module.bases if option in base)


def _run(run_task, name, args, check_mode, counts):
    """Run the task; an exception out of main() is a traceback the user would see, so it is counted and fails."""
    try:
        return run_task(name, args, check_mode=check_mode).result
    except Exception as error:  # pylint: disable=broad-exception-caught
        counts["tracebacks"] += 1
        raise AssertionError("%s raised with %r: %r" % (name, args, error)) from error


def _assert_clean(result):
    """No traceback reaches the user: no exception, nothing on stderr, and a failure says why."""
    assert "exception" not in result, result["exception"]
    assert "module_stderr" not in result, result["module_stderr"]
    if result.get("failed"):
        assert isinstance(result.get("msg"), str) and result["msg"].strip(), result


def _given(result, args, option):
    """The value the module worked with: after AnsibleModule's conversion (its invocation shows it), else as given."""
    return ((result.get("invocation") or {}).get("module_args") or {}).get(option, args.get(option))


def _same(sent, expected):
    """Equal as JSON: NaN is not equal to itself, but is the same value sent."""
    return json.dumps(sent, sort_keys=True) == json.dumps(expected, sort_keys=True)


def _as_text(value):
    """A run parameter's value as the API takes it: a string (booleans and numbers written out)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _expected_body(use, value):
    if use.body in ("build_params", "parameter", "variables"):
        return [{"name": key, "value": _as_text(item)} for key, item in (value or {}).items()]
    return value


def _assert_requests(module, requests, result, args):
    """Requests go to the module's own operations, paths hold only ID characters, and free text arrives unchanged."""
    sent = {option: _given(result, args, option) for option in module.options}
    queries = {use.query: option for option, use in module.options.items() if use.query}
    bodies = {use.body: (option, use) for option, use in module.options.items() if use.body}
    for entry in requests:
        where = "%s %s?%s" % (entry["method"], entry["path"], entry["query"])
        assert entry["operation"] in module.operations, where
        assert SAFE_PATH.match(entry["path"]), where
        for key, value in entry["query"].items():
            if key in queries:
                assert value == sent[queries[key]], where
            else:
                assert ID_PATTERN.match(value), where
        if isinstance(entry["body"], list):
            # BatchShowPipelinesLatestStatus: a JSON array of pipeline IDs, each checked before it is sent.
            assert all(isinstance(item, str) and ID_PATTERN.match(item) for item in entry["body"]), where
            continue
        assert entry["body"] is None or isinstance(entry["body"], dict), where
        for key, value in (entry["body"] or {}).items():
            # A body carries only the module's free text (every other write has an empty body), exactly as given,
            # and the fields the module fills by itself.
            if key == "sources":
                # RunPipeline's code sources each carry the branch or the tag the task gave, exactly.
                ref = sent.get("branch") if sent.get("branch") is not None else sent.get("tag")
                for source in value:
                    build = source["params"]["build_params"]
                    assert _same(build.get("target_branch", build.get("tag")), ref), (where, value)
                continue
            if key in module.own_body:
                continue
            assert key in bodies, (where, entry["body"])
            option, use = bodies[key]
            assert _same(value, _expected_body(use, sent[option])), (where, entry["body"])


def _assert_option_rules(name, option, use, result, requests, args):
    """What an option's kind promises, beyond a clean end."""
    value = _given(result, args, option)
    if requests and use.kind == "id" and value is not None:
        # Sent, so the module took it as an ID: it must be one, or it could change the path it is put in.
        assert isinstance(value, str) and ID_PATTERN.match(value), (option, value, requests[0]["path"])
    if use.kind == "choice" and not result.get("failed"):
        assert value in module_spec(name).options[option]["choices"], (option, value)
    if use.kind == "choices" and not result.get("failed") and value is not None:
        # Taken in any case (CodeArtsModule's choices_any_case), as long as each is one of the values.
        allowed = {choice.lower() for choice in module_spec(name).choices_any_case[option]}
        assert {str(each).lower() for each in value} <= allowed, (option, value)
    if result.get("failed") and not requests:
        if SYSLOG_REFUSES_NUL.match(result["msg"]) and "\\u0000" in json.dumps(value, default=str):
            return  # AnsibleModule's own refusal on Python 3.13+, before the module's code runs (a module only)
        # Refused before any request: the message names the option at fault (a null in a required_one_of group too).
        assert option in result["msg"], (option, result["msg"])


# As a module, AnsibleModule logs its arguments to syslog first; Python 3.13's syslog refuses a null character, and
# AnsibleModule then fails the task with this message, naming no option, before the module's own code runs.
SYSLOG_REFUSES_NUL = re.compile(r"Failed to log to syslog \(embedded null character\)\. ")

CASES = [(name, option) for name in sorted(MODULES) for option in MODULES[name].options]


@pytest.mark.parametrize("name, option", CASES, ids=["%s-%s" % case for case in CASES])
@settings(
    max_examples=EXAMPLES_PER_OPTION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@with_named_values
@given(value=HOSTILE, check_mode=st.booleans())
def test_a_hostile_value_ends_cleanly(name, option, value, check_mode, fresh_emulator, run_task, tally):  # pylint: disable=redefined-outer-name
    """One option of a working task replaced by a hostile value: a clean end, and nothing unencoded sent."""
    emulator = fresh_emulator
    module = MODULES[name]
    use = module.options[option]
    args = dict(_base_for(module, option), **{option: value})
    try:
        result = _run(run_task, name, args, check_mode, tally)
    finally:
        requests = emulator.requests()
        if any(entry["write"] for entry in requests):
            emulator.reset()  # undo the write for the next example (a reset also clears the log)
        else:
            emulator.clear_requests()
    if requests:
        _count(tally, name, use, "sent_encoded")  # what the checks below assert
    else:
        _count(tally, name, use, "refused_before_request" if result.get("failed") else "succeeded_without_request")

    _assert_clean(result)
    _assert_option_rules(name, option, use, result, requests, args)
    if requests:
        _assert_requests(module, requests, result, args)
