# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline holds other than manual reviews - a stage's entry checkpoint, a delay step, a suspend step: the
logic of codearts_pipeline_step."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import DELAY_EXTENSIONS_MAX
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import (
    change_result,
    write_then_confirm,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import (
    STEP_ACTIONS,
    held_steps,
    read_run,
)

# What each kind of step is called in messages.
KIND_NAMES = {"checkpoint": "stage-entry checkpoint", "delay": "delay step", "suspend": "suspend step"}


def _describe(steps):
    return "; ".join(
        "%s%s (%sstep_run_id %s): %s"
        % (
            "%s/" % (step["job_name"] or step["stage_name"]),
            step["step_name"],
            "job_run_id %s, " % step["job_run_id"] if step["job_run_id"] else "",
            step["step_run_id"],
            step["status"],
        )
        for step in steps
    )


def _check_action(params):
    """The task's kind and state go together, or it fails before any request."""
    if (params["kind"], params["state"]) not in STEP_ACTIONS:
        if params["state"] == "postponed":
            raise CodeArtsError(
                "state=postponed extends a delay step; a %s cannot be postponed." % KIND_NAMES[params["kind"]]
            )
        raise CodeArtsError(
            "A suspend step can only be passed (resumed); to end its run, stop it with "
            "huaweicloud.codearts.codearts_pipeline_run (state=stopped)."
        )


def _pick_step(run, params, now):
    """The step the task means: the one named, else the one of its kind that waits, else the one of its kind."""
    kind = params["kind"]
    steps = [step for step in held_steps(run, params["project_id"], now) if step["kind"] == kind]
    where = "pipeline run %s of pipeline %s" % (run["id"], params["pipeline_id"])
    if params.get("step_run_id"):
        named = [step for step in steps if step["step_run_id"] == params["step_run_id"]]
        if not named:
            raise CodeArtsError(
                "No %s with step_run_id %s in %s. %ss found: %s."
                % (
                    KIND_NAMES[kind],
                    params["step_run_id"],
                    where,
                    KIND_NAMES[kind].capitalize(),
                    _describe(steps) or "none",
                )
            )
        return named[0]
    for candidates in ([step for step in steps if step["status"] == "RUNNING"], steps):
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise CodeArtsError(
                "Several %ss in %s: %s. Name one with step_run_id." % (KIND_NAMES[kind], where, _describe(candidates))
            )
    raise CodeArtsError("No %s in %s." % (KIND_NAMES[kind], where))


def _state(step):
    return {"status": step["status"], "outcome": step["outcome"]}


def ensure_pipeline_step(params, client, check_mode):
    """Pass or refuse a held step idempotently (only while it waits), or postpone a delay step (each time it runs)."""
    _check_action(params)
    pipelines, params, run = read_run(client, params)
    step = _pick_step(run, params, client.service_now_ms())
    wanted = params["state"]
    unchanged = change_result("step", step, _state(step), _state(step))
    if step["status"] != "RUNNING":
        if wanted == "postponed" or step["outcome"] is None:
            raise CodeArtsError(
                "The %s %s %s, so it cannot be %s."
                % (
                    KIND_NAMES[step["kind"]],
                    _describe([step]),
                    "no longer waits" if step["outcome"] else "has not been reached yet",
                    wanted,
                )
            )
        if step["outcome"] != wanted:
            client.record.warnings.append(
                "The %s %s no longer waits: it was %s, not %s, before this task."
                % (KIND_NAMES[step["kind"]], _describe([step]), step["outcome"], wanted)
            )
        return dict(unchanged, msg="The %s no longer waits; it was %s." % (KIND_NAMES[step["kind"]], step["outcome"]))
    if wanted == "postponed":
        return _postpone(pipelines, step, check_mode)
    after = dict(step, status="COMPLETED" if wanted == "passed" else "FAILED", outcome=wanted, waited_seconds=None)
    if not check_mode:
        write_then_confirm(
            client,
            lambda: pipelines.act_on_step(step, wanted),
            lambda: _now(pipelines, params, step)["status"] != "RUNNING",
        )
    return change_result("step", after, _state(step), _state(after))


def _postpone(pipelines, step, check_mode):
    """Extend a waiting delay by an hour: a change each time. Its answer lost, it is not sent again, since no read shows
    whether it took effect (the task fails saying it may have been applied)."""
    result = change_result("step", step, dict(_state(step), postponed=False), dict(_state(step), postponed=True))
    if check_mode:
        return result
    try:
        pipelines.act_on_step(step, "postponed")
    except CodeArtsError as error:
        if not error.ambiguous and error.status is not None and error.status < 500:
            error.hint = (
                "A delay step can be postponed by an hour at most %d times; once it has been, pass or refuse it."
                % DELAY_EXTENSIONS_MAX
            )
        raise
    return result


def _now(pipelines, params, step):
    """The step as the run shows it now (read again after a lost answer)."""
    run = pipelines.detail(params["project_id"], params["pipeline_id"], step["pipeline_run_id"])
    found = [
        current
        for current in held_steps(run, params["project_id"], pipelines.client.service_now_ms())
        if current["step_run_id"] == step["step_run_id"]
    ]
    return found[0] if found else {"status": None}
