# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulated services; adding one is a module in this package plus one entry in SERVICES."""

from __future__ import annotations

from .build import BuildService
from .check import CheckService
from .iam import IamService
from .pipeline import PipelineService

SERVICES = (
    IamService,
    BuildService,
    CheckService,
    PipelineService,
)
