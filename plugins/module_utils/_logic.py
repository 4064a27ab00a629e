# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The building blocks of a module's logic, which the service files (_build.py, _pipeline*.py, _check.py) use.

Look-ups by name, run parameters, writes confirmed by a read when their answer is lost, waits, and the results with
their diff. Nothing here runs a module: that is _module.py, which the service files never import.
"""

from __future__ import annotations

import math

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    BUILD_PARAM_MAX_LENGTH,
    LOG_LINES_MAX,
    LOG_TAIL_PAGES,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError


def missing(client, message):
    """The CodeArtsError for a resource that the logic needs but the API says is absent, with the API's answer.

    The task's record keeps the error that ``get_if_exists`` turned into None (status, code, request ID).
    """
    absence = client.record.last_absence
    if absence is None:
        return CodeArtsError(message)
    return CodeArtsError(
        "%s %s" % (message, absence.message),
        status=absence.status,
        code=absence.code,
        request_id=absence.request_id,
        hint=absence.hint,
    )


def run_parameters(values, option="build_params"):
    """Run parameters (of a pipeline run or a build) as the APIs take them: names and string values of at most 8192
    characters [SDK].

    Numbers and booleans are written as YAML users expect (``true``, ``2``); anything else fails before any request.
    """
    parameters = {}
    for name, value in (values or {}).items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (int, float)) and math.isfinite(value):
            value = str(value)
        if not name or not isinstance(value, str):
            raise CodeArtsError(
                "%s must map names to strings, numbers or booleans; %r: %r is not one." % (option, name, value)
            )
        if len(value) > BUILD_PARAM_MAX_LENGTH:
            raise CodeArtsError(
                "%s: the value of %r is longer than %d characters." % (option, name, BUILD_PARAM_MAX_LENGTH)
            )
        parameters[name] = value
    return parameters


def statuses_under_way(statuses, under_way, what, option="running_longer_than"):
    """The statuses a ``running_longer_than`` filter (or the task's ``option``) looks at: those of ``statuses`` (all of
    ``under_way`` when none is given) that it measures; none of them fails before any request."""
    kept = [status for status in statuses or under_way if status in under_way]
    if not kept:
        raise CodeArtsError(
            "%s finds %s of status %s; status %s has none of them."
            % (option, what, ", ".join(under_way), ", ".join(statuses))
        )
    return kept


def log_lines_option(params):
    """The task's ``log_lines`` (0, the default: no log is read), from 0 to LOG_LINES_MAX; else it fails before any
    request."""
    lines = params.get("log_lines") or 0
    if not 0 <= lines <= LOG_LINES_MAX:
        raise CodeArtsError(
            "log_lines is how many of the last lines of a log to read, from 0 (none) to %d, not %s."
            % (LOG_LINES_MAX, lines)
        )
    return lines


def log_tail(read_page, lines):
    """The last ``lines`` lines of a log, oldest first.

    ``read_page(end_offset)`` reads one answer, newest line first ([MODEL], 7.5), of the log before ``end_offset`` (0:
    the end of the log), and returns (its text, has_more, its start_offset). One answer is enough unless it holds fewer
    lines than asked and has more: then the lines before its start are read, at most LOG_TAIL_PAGES answers in all.
    """
    tail, end = [], 0
    for _page in range(LOG_TAIL_PAGES):
        text, has_more, start = read_page(end)
        tail[:0] = reversed((text or "").splitlines())
        try:
            end = int(start)
        except (TypeError, ValueError):
            break
        if len(tail) >= lines or not has_more or end <= 0:
            break
    return tail[max(len(tail) - lines, 0) :]


def named(items, name):
    """The items (dicts with a ``name``) called ``name``; all of them when no name is given."""
    return [item for item in items if name is None or item["name"] == name]


def find_named(items, name, what, project_id, id_option, required=True):
    """The one ``what`` (a build job, a check task, a pipeline) of a project called ``name``.

    Several fail with their IDs, so the task can name one with ``id_option``; none fails too, unless not ``required``
    (then None).
    """
    matches = named(items, name)
    if len(matches) > 1:
        raise CodeArtsError(
            "%d %ss are named %r in project %s (IDs %s): name the one you mean with %s."
            % (len(matches), what, name, project_id, ", ".join(item["id"] for item in matches), id_option)
        )
    if not matches and required:
        raise CodeArtsError("No %s is named %r in project %s." % (what, name, project_id))
    return matches[0] if matches else None


def write_then_confirm(client, send, took_effect):
    """Send one write; when its answer is lost (an ambiguous failure), read the state before anything else.

    ``took_effect()`` reads whether the write was applied (for a start or a run: whether a new one began since
    the state read before). If it was, the answer's loss goes into the task's record (``answers_lost``: the task
    warns with it) and None is returned; if not, the write is sent once more, and only once: a write is never
    sent again without that read, so a delete, a start or a review decision is not applied twice.
    Returns what ``send()`` returned.
    """
    try:
        return send()
    except CodeArtsError as error:
        if not error.ambiguous:
            raise
        lost = error
    if took_effect():
        client.record.answers_lost.append(
            "%s A read shows that the write took effect, so it was not sent again." % lost
        )
        return None
    return send()


def readable(state, prefix=""):
    """A state as a person reads it: ``status=running, progress.ratio=40%`` rather than a Python dict."""
    if not isinstance(state, dict):
        return "null" if state is None else str(state)
    parts = []
    for key, value in state.items():
        if isinstance(value, dict):
            parts.append(readable(value, "%s%s." % (prefix, key)))
        elif not isinstance(value, list):
            parts.append("%s%s=%s" % (prefix, key, "null" if value is None else value))
    return ", ".join(part for part in parts if part)


def waits(params):
    """Whether the task waits for what it asked: O(wait) when given; else a stop waits and a start does not.

    The API shows no "stopping" state, so a stop that returned at once would leave the run, build or check reading as
    under way for a few seconds, and a re-run would send the stop again and report changed: waiting makes it ok.
    """
    if params.get("wait") is not None:
        return params["wait"]
    return params.get("state") == "stopped"


def wait_until(client, read, is_done, timeout, describe):
    """Poll ``read()`` until ``is_done`` says so; fail after ``timeout`` seconds with what was last seen.

    The interval starts short (asynchronous stops often land within a second) and backs off to 5 s.
    """
    deadline = client.monotonic() + timeout
    interval = 0.5
    while True:
        current = read()
        if is_done(current):
            return current
        remaining = deadline - client.monotonic()
        if remaining <= 0:
            raise CodeArtsError("%s within %s seconds; last seen: %s." % (describe, timeout, readable(current)))
        client.sleep(min(interval, remaining))
        interval = min(interval * 2, 5.0)


def change_result(key, value, before, after):
    """A module's result: ``value`` under ``key``, changed when ``before`` differs from ``after``, and the diff Ansible shows."""
    return {"changed": before != after, key: value, "diff": {"before": before or {}, "after": after or {}}}


def state_result(key, before, after):
    """change_result for a resource that is its own state: reported as it is after, or as it was if removed."""
    return change_result(key, after or before or {}, before, after)
