# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one exception type of the collection, and the reading of the API's many error shapes."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import ERROR_HINTS


class CodeArtsError(Exception):
    """Anything that went wrong, with what the API said about it.

    ``status`` is None for errors found before or without an HTTP answer
    (bad input, no credentials, connection failures).

    ``ambiguous`` is true when a write failed in a way that leaves open whether
    the service applied it (the answer was lost, timed out, was a 502 or 504, or
    could not be read): the caller should read the state again before deciding
    whether the task changed anything. ``refused_write`` is the write ("METHOD /path")
    that the API definitely refused with this error, so it was not applied. Neither
    is part of ``to_dict()``.

    ``partial_result`` is what the task had to report when it failed (for example the freeze record of a freeze that
    stopped half-way): the failed task returns it beside its ``failure``.
    """

    def __init__(self, message, status=None, code=None, request_id=None, hint=None, ambiguous=False):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id
        self.hint = hint
        self.ambiguous = ambiguous
        self.refused_write = None
        self.partial_result = None

    def __str__(self):
        text = self.message
        if self.request_id:
            text += " (request ID %s)" % self.request_id
        if self.hint:
            text += " " + self.hint
        return text

    def to_dict(self):
        """The structured ``failure`` that modules return."""
        return {
            "message": self.message,
            "status": self.status,
            "code": self.code,
            "request_id": self.request_id,
            "hint": self.hint,
        }


def _code_and_message(entry):
    """Read one error object: error_code/error_msg, errorCode/errorMsg, or code/message."""
    for code_key, message_key in (("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")):
        code = entry.get(code_key)
        message = entry.get(message_key)
        if code or message:
            return (str(code) if code is not None else None), message
    return None, None


def error_in_body(data):
    """Return (code, message) if a response body reports an error, else None.

    Besides plain error bodies this reads errors nested as {"error": {...}},
    and the v1 envelope {"status": "fail", "error": ...}, both of which may
    come with HTTP 200.
    """
    if not isinstance(data, dict):
        return None
    nested = data.get("error")
    if isinstance(nested, dict):
        code, message = _code_and_message(nested)
        if code or message:
            return code, message
    elif isinstance(nested, str) and nested:
        return None, nested
    if data.get("error_code") or data.get("errorCode"):
        return _code_and_message(data)
    if data.get("status") == "fail":
        return None, "the API answered status: fail"
    return None


def error_from_response(method, path, status, data, text, request_id, auth_method=None):
    """Build the CodeArtsError for a failed call, whatever shape its body had.

    ``auth_method`` (aksk, token, password) picks the hint where the cause depends on it.
    """
    code, message = error_in_body(data) or _code_and_message(data if isinstance(data, dict) else {})
    if not message:
        message = (text or "").strip()[:300] or "no error message"
    summary = "%s %s failed with HTTP %s" % (method, path, status)
    if code == str(status):
        # IAM's Keystone-style {"error": {"code": 401, "title": "Unauthorized"}}: the code only repeats the status.
        code = None
        title = data["error"].get("title") if isinstance(data.get("error"), dict) else None
        if title:
            summary += " (%s)" % title
    if code:
        summary += " %s" % code
    hint = ERROR_HINTS.get((code, auth_method)) or ERROR_HINTS.get(code)
    return CodeArtsError(
        "%s: %s." % (summary, str(message).rstrip(".")), status=status, code=code, request_id=request_id, hint=hint
    )
