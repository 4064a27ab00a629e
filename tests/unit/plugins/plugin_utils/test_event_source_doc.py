# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The event source's documentation in a terminal: ansible-doc cannot show it, ``codearts_events.py --help`` does."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import yaml
from ansible.constants import DOCUMENTABLE_PLUGINS

from ansible_collections.huaweicloud.codearts.plugins.plugin_utils._event_source_doc import plain

SOURCE = Path(__file__).resolve().parents[4] / "extensions" / "eda" / "plugins" / "event_source" / "codearts_events.py"


def _strings(path):
    """The DOCUMENTATION and EXAMPLES strings of a plugin file, read without running it."""
    found = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and node.targets[0].id in ("DOCUMENTATION", "EXAMPLES"):
            found[node.targets[0].id] = node.value.value
    return found["DOCUMENTATION"], found["EXAMPLES"]


def test_ansible_doc_has_no_type_for_event_sources():
    """Why --help exists; when an ansible-core can show event sources, this fails and the guide should say so."""
    assert not {"eda", "event_source"} & set(DOCUMENTABLE_PLUGINS)


def test_help_prints_every_option_and_the_examples():
    documentation, examples = _strings(SOURCE)
    options = yaml.safe_load(documentation)["options"]
    shown = subprocess.run(
        [sys.executable, str(SOURCE), "--help"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert shown.startswith("> HUAWEICLOUD.CODEARTS.CODEARTS_EVENTS    (event source)\n")
    lines = shown.splitlines()
    for name, spec in options.items():
        assert ("= " if spec.get("required") else "- ") + name in lines, name
    assert "= project_id" in lines and "- interval" in lines
    assert "      default: reviews, runs, checks" in lines
    assert examples.strip() in shown
    assert "O(" not in shown and "C(" not in shown, "the markup is made plain"


def test_markup_is_made_plain():
    assert plain("O(interval) is V(60); see U(https://x.y) and L(the guide, https://g.h)") == (
        "`interval` is `60`; see https://x.y and the guide <https://g.h>"
    )
