# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""An event source's DOCUMENTATION and EXAMPLES as text in a terminal, laid out as ansible-doc lays out a plugin's.

ansible-doc has no plugin type for Event-Driven Ansible's event sources (ansible-core 2.16 to 2.22 list none), so
it cannot show them; the source prints this when run with ``--help``.
"""

from __future__ import annotations

import re
import textwrap

import yaml

WIDTH = 100
# Ansible's documentation markup, made plain: O(option), V(value), C(code), I(italic), B(bold), RV(return value),
# E(variable), M(module), P(plugin) become `text`; U(url) the URL; L(text,url) the text and the URL.
_QUOTED = re.compile(r"\b(?:O|V|C|I|B|RV|E|M|P)\(([^()]*)\)")
_URL = re.compile(r"\bU\(([^()]*)\)")
_LINK = re.compile(r"\bL\(([^(),]*),\s*([^()]*)\)")


def plain(text):
    """``text`` without Ansible's documentation markup."""
    text = _LINK.sub(r"\1 <\2>", str(text))
    text = _URL.sub(r"\1", text)
    return _QUOTED.sub(r"`\1`", text)


def _paragraphs(value, indent):
    lines = []
    for paragraph in value if isinstance(value, list) else [value]:
        lines.extend(textwrap.wrap(plain(paragraph), WIDTH, initial_indent=indent, subsequent_indent=indent) + [""])
    return lines


def _option(name, spec):
    lines = ["%s %s" % ("=" if spec.get("required") else "-", name)]
    lines.extend(_paragraphs(spec.get("description", ""), "      ")[:-1])
    for key in ("choices", "default", "elements", "type"):
        if key in spec:
            value = spec[key]
            lines.append("      %s: %s" % (key, ", ".join(map(str, value)) if isinstance(value, list) else value))
    return lines + [""]


def documentation_text(name, documentation, examples):
    """What ``<source> --help`` prints: the title, the description, the options (``=`` mandatory) and the examples."""
    doc = yaml.safe_load(documentation)
    lines = ["> %s    (event source)" % name.upper(), ""]
    lines.extend(_paragraphs(doc.get("short_description", ""), "  "))
    lines.extend(_paragraphs(doc.get("description", []), "  "))
    lines.extend(["OPTIONS (= is mandatory):", ""])
    for option, spec in doc.get("options", {}).items():
        lines.extend(_option(option, spec))
    lines.extend(["EXAMPLES:", examples.strip("\n"), ""])
    return "\n".join(lines)
