# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline manual reviews: the logic of codearts_pipeline_manual_review."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    MANUAL_REVIEW_TASK,
    REVIEW_TIMED_OUT,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import (
    change_result,
    write_then_confirm,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import (
    read_run,
    review_steps,
)


def _describe(reviews):
    return "; ".join(
        "%s/%s (job_run_id %s, step_run_id %s): %s"
        % (review["job_name"], review["step_name"], review["job_run_id"], review["step_run_id"], review["status"])
        for review in reviews
    )


def _pick_review(run, params, now):
    """The review step the task means: the one named, else the one waiting, else the one decided."""
    reviews = review_steps(run, params["project_id"], now)
    where = "pipeline run %s of pipeline %s" % (run["id"], params["pipeline_id"])
    if params.get("step_run_id"):
        named = [
            review
            for review in reviews
            if review["step_run_id"] == params["step_run_id"] and review["job_run_id"] == params["job_run_id"]
        ]
        if not named:
            raise CodeArtsError(
                "No manual-review step with job_run_id %s and step_run_id %s in %s. Review steps found: %s."
                % (params["job_run_id"], params["step_run_id"], where, _describe(reviews) or "none")
            )
        return named[0]
    for candidates in (
        [review for review in reviews if review["status"] == "RUNNING"],
        [review for review in reviews if review["decision"]],
    ):
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise CodeArtsError(
                "Several manual-review steps in %s: %s. Name one with job_run_id and step_run_id."
                % (where, _describe(candidates))
            )
    raise CodeArtsError(
        "No manual-review step (task %s) waits or was decided in %s. Review steps found: %s."
        % (MANUAL_REVIEW_TASK, where, _describe(reviews) or "none")
    )


def _no_longer_waits(review):
    """Why a review can no longer be decided by anyone (its run was stopped, or it timed out), else None."""
    if review["decision"] == "canceled":
        return "its run was stopped"
    if review["decision"] == "rejected" and REVIEW_TIMED_OUT.search(review["message"] or ""):
        return review["message"]
    return None


def ensure_manual_review(params, client, check_mode):
    """Reject or approve a manual review, idempotently."""
    pipelines, params, run = read_run(client, params)
    review = _pick_review(run, params, client.service_now_ms())
    wanted = params["state"]
    unchanged = change_result("review", review, _decision(review), _decision(review))
    reason = _no_longer_waits(review)
    if reason:
        if wanted == "approved":
            raise CodeArtsError(
                "The manual review %s no longer waits (%s), so it cannot be approved." % (_describe([review]), reason)
            )
        return dict(unchanged, msg="The manual review no longer waits (%s); there is nothing to reject." % reason)
    if review["decision"] == wanted:
        return unchanged
    if review["decision"] is not None:
        raise CodeArtsError(
            "The manual review %s was already %s; it cannot be %s now."
            % (_describe([review]), review["decision"], wanted)
        )
    if review["status"] != "RUNNING":
        raise CodeArtsError(
            "The manual review %s has not been reached yet, so it cannot be %s." % (_describe([review]), wanted)
        )
    after = dict(review, status="COMPLETED" if wanted == "approved" else "FAILED", decision=wanted)
    if not check_mode:
        write_then_confirm(
            client,
            lambda: pipelines.decide(review, wanted == "approved", params.get("comment")),
            lambda: decided(pipelines, review) == wanted,
        )
    return change_result("review", after, _decision(review), _decision(after))


def decided(pipelines, review):
    """The decision ``review`` (as review_steps() gives it) shows now (read again after a lost answer), None if
    undecided or gone."""
    run = pipelines.detail(review["project_id"], review["pipeline_id"], review["pipeline_run_id"])
    steps = [
        step
        for step in review_steps(run, review["project_id"], pipelines.client.service_now_ms())
        if step["step_run_id"] == review["step_run_id"] and step["job_run_id"] == review["job_run_id"]
    ]
    return steps[0]["decision"] if steps else None


def _decision(review):
    return {"status": review["status"], "decision": review["decision"]}
