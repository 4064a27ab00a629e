# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Runs the codearts_freeze module inside the controller when the task's target is the controller (see _in_controller)."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.modules import codearts_freeze
from ansible_collections.huaweicloud.codearts.plugins.plugin_utils._in_controller import CodeArtsAction


class ActionModule(CodeArtsAction):
    module = codearts_freeze
