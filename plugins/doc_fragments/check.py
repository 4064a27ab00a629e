# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """The option of the Check modules (its spec is CHECK_HOST_OPTION in module_utils/_check.py)."""

    DOCUMENTATION = r"""
options:
  check_host:
    description:
      - Which host name the Check API is reached at when O(endpoint_url) is not set - V(codearts-check)
        (C(codearts-check.<region>.myhuaweicloud.com), the current one) or V(codecheck-ext)
        (C(codecheck-ext.<region>.myhuaweicloud.com), the legacy one, still served).
    type: str
    choices: [codearts-check, codecheck-ext]
    default: codearts-check
"""
