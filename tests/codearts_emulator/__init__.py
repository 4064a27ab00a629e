# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A local emulator of the Huawei Cloud CodeArts (Build, Check and Pipeline) and IAM APIs.

Tests and the demo run the collection against it; see README.md.  Start one in-process with
`Emulator(seed=...).start()`, or as a process with `python -m codearts_emulator`.
"""

from __future__ import annotations

from .server import Emulator

__all__ = ["Emulator"]
