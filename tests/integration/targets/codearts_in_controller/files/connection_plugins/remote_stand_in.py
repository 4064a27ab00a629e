# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A connection that is not the local one, for the codearts_in_controller integration target: it runs commands on
this machine as the local connection does, so a task through it runs as a module, the way it would on a remote host."""

from __future__ import annotations

from ansible.plugins.connection.local import Connection as LocalConnection

DOCUMENTATION = """
name: remote_stand_in
short_description: run commands on this machine, under another name than local
description:
  - The local connection under another transport name, for tests.
author: huaweicloud.codearts contributors
options: {}
"""


class Connection(LocalConnection):
    transport = "remote_stand_in"
