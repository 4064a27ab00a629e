# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What one task did through its client: the record the task's result is built from."""

from __future__ import annotations


class TaskRecord:
    """The writes a task sent, the answers it lost, the absence it met last, and its warnings.

    The module runtime makes one for each task and gives it to the task's client; the client and the logic write into
    it (``note_write``, ``answers_lost``, ``last_absence``, ``warnings``), and the runtime reads it to report
    ``changed``, ``writes_sent``, ``answers_lost`` and the warnings.
    """

    def __init__(self):
        # "METHOD /path" of every write that has (or may have) reached the server, in order; each request once.
        self.writes_sent = []
        # A note for each write whose answer was lost and which a read showed to have taken effect.
        self.answers_lost = []
        # The CodeArtsError of the last read that found a resource absent (get_if_exists).
        self.last_absence = None
        self.warnings = []

    def note_write(self, request):
        """Count ``request`` (a PreparedRequest) as sent, once however often it is tried."""
        if not request.counted:
            request.counted = True
            self.writes_sent.append(request.sent_as)

    def writes_applied(self, error=None):
        """The writes that were sent, less the last one if ``error`` is the API's refusal of it (it was not applied)."""
        refused = error.refused_write if error is not None else None
        if refused and self.writes_sent and self.writes_sent[-1] == refused:
            return self.writes_sent[:-1]
        return list(self.writes_sent)
