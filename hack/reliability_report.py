# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write docs/reliability.md from the figures of the last test run, and fail if they show a defect.

Usage: hack/reliability_report.py FIGURES_JSONL LOAD_JSON OUT_MD

FIGURES_JSONL is what tests/unit/reliability writes (a line per test: the fault matrix's cells and the
bad-input tests' counts); LOAD_JSON is what tests/e2e/load.py writes. `make reliability` runs this
after `make units load`, so docs/reliability.md always holds the figures of a real run.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict


def _merge(path):
    """One figures dict from the tests' lines: lists are joined, counters added up."""
    merged = {"fault_matrix": [], "bad_input": {}}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            figures = json.loads(line)
            merged["fault_matrix"].extend(figures.get("fault_matrix", []))
            _add(merged["bad_input"], figures.get("bad_input", {}))
    return merged


def _add(total, counts):
    for key, value in counts.items():
        if isinstance(value, dict):
            _add(total.setdefault(key, {}), value)
        else:
            total[key] = total.get(key, 0) + value


def _matrix_section(cells):
    modes = sorted({cell.get("mode", "module") for cell in cells})
    totals = {
        "cells run": len(cells),
        "of which in each mode (%s)" % ", ".join(modes): " / ".join(
            str(sum(cell.get("mode", "module") == mode for cell in cells)) for mode in modes
        ),
        "cells passed": sum(cell["passed"] for cell in cells),
        "retries made": sum(cell.get("retries", 0) for cell in cells),
        "writes applied": sum(cell.get("writes_applied", 0) for cell in cells),
        "writes doubled": sum(cell.get("doubled", 0) for cell in cells),
        "stops sent again after a read showed them pending (a no-op)": sum(
            cell.get("resent_after_read", 0) for cell in cells
        ),
        "tracebacks": sum(cell.get("tracebacks", 0) for cell in cells),
    }
    lines = [
        "## Fault matrix",
        "",
        "Every module's change and no-op paths (`tests/unit/reliability/test_fault_matrix.py`, `PATHS`) under every",
        "fault (`FAULTS`), injected by the emulator on the path's first read or on its write. A cell passes when",
        "a fault that can pass ends as the fault-free run does (`changed` and the emulator's final state), a",
        "fault that cannot pass fails with a structured `failure` and leaves the state as it was, no write is",
        "applied twice, and no write that may have been applied is sent again without a read first.",
        "",
        "| Figure | Value |",
        "|---|---:|",
    ]
    lines += ["| %s | %s |" % (name, value) for name, value in totals.items()]
    columns = {"-": "Without a fault", "read": "On the first read", "write": "On the write"}
    by_fault = defaultdict(lambda: {"outcome": set(), **{target: [0, 0] for target in columns}})
    for cell in cells:
        row = by_fault[cell["fault"]]
        row[cell["target"]][0] += cell["passed"]
        row[cell["target"]][1] += 1
        row["outcome"].add(cell.get("outcome", "did not pass"))
    lines += [
        "",
        "| Fault | %s | Task |" % " | ".join("%s (passed/run)" % name for name in columns.values()),
        "|---|%s---|" % ("---:|" * len(columns)),
    ]
    for fault, row in sorted(by_fault.items()):  # by name: the tests finish in no fixed order
        counts = ["%d/%d" % tuple(row[target]) if row[target][1] else "-" for target in columns]
        lines.append("| %s | %s | %s |" % (fault, " | ".join(counts), " or ".join(sorted(row["outcome"]))))
    by_module = defaultdict(lambda: [set(), 0, 0])
    for cell in cells:
        entry = by_module[cell["module"]]
        entry[0].add(cell["path"])
        entry[1] += cell["passed"]
        entry[2] += 1
    lines += ["", "| Module | Paths | Cells passed/run |", "|---|---|---:|"]
    lines += [
        "| `%s` | %s | %d/%d |" % (module, ", ".join(sorted(paths)), passed, run)
        for module, (paths, passed, run) in sorted(by_module.items())
    ]
    return lines, totals


def _bad_input_section(bad_input):
    lines = [
        "",
        "## Bad input",
        "",
        "Property-based tests (`tests/unit/reliability/test_bad_input.py`, hypothesis) put hostile values (`/`, `..`,",
        "`?`, `#`, `%`, `%2F`, spaces, unicode, control characters, newlines, empty and 300-character strings,",
        "numbers, lists, dicts) into every option of every module. Each run must end in a clean failure before any",
        "request, or in requests to the module's own operations only, with every path and query value encoded.",
        "",
        "| Figure | Value |",
        "|---|---:|",
    ]
    for key, value in bad_input.items():
        if not isinstance(value, dict):
            lines.append("| %s | %s |" % (key.replace("_", " "), value))
    per_module = bad_input.get("per_module", {})
    if per_module:
        lines += ["", "| Module | Inputs tried |", "|---|---:|"]
        lines += ["| `%s` | %d |" % (module, count) for module, count in sorted(per_module.items())]
    return lines


LOAD_FIGURES = [
    ("hosts", "hosts, one resource each"),
    ("forks", "forks"),
    ("jobs", "build jobs enabled or deleted"),
    ("runs", "pipeline runs stopped"),
    ("checks", "check tasks stopped"),
    ("wall_seconds", "wall time (s)"),
    ("requests", "requests"),
    ("requests_per_second", "requests per second"),
    ("token_requests", "IAM token requests"),
    ("writes_served", "writes served"),
    ("writes_doubled", "writes doubled"),
    ("writes_lost", "writes lost"),
    ("writes_elsewhere", "writes to another resource"),
    ("server_errors", "5xx answers"),
    ("failed_hosts", "failed hosts"),
    ("wrong_states", "resources not as asked"),
]


def _load_section(load):
    lines = [
        "",
        "## Load",
        "",
        "`make load` (`tests/e2e/load.py`): one playbook, `forks: 20`, with password authentication, enables or deletes",
        "200 build jobs, stops 50 pipeline runs and 50 check tasks at once against the emulator on loopback, then",
        "checks from the emulator's request log and state that every result is right and every write was applied",
        "exactly once. It runs twice: as modules, and inside the controller (the action plugins' way for a local",
        "host). Wall time and rate depend on the machine: as modules, most of it is Ansible starting a module",
        "process per host (see `make bench`).",
        "",
        "| Figure | As modules | In the controller |",
        "|---|---:|---:|",
    ]
    in_controller = load.get("in_controller", {})
    lines += [
        "| %s | %s | %s |" % (label, load[key], in_controller.get(key, "-"))
        for key, label in LOAD_FIGURES
        if key in load
    ]
    return lines


LIMITS = [
    "",
    "## What the figures do not cover",
    "",
    "- A write that the service starts handling only after `timeout` has passed: the read that follows the",
    "  timeout can come first and find nothing done, and then the write is sent once more. The matrix takes a",
    "  late answer as one that comes after the write was applied. Keep `timeout` above the gateway's own.",
    "- A stop whose answer was lost is sent again while the read still shows the run or check running (a",
    "  stop takes effect after a delay); the API model makes a second stop a no-op, and the figures count them.",
    "- The emulator speaks the documented API; the real cloud's behaviour under these faults is inferred from",
    "  the API reference and the official SDK (see the API model page of the docs).",
]


def main(figures_file, load_json, out_md):
    if not os.path.exists(figures_file):
        sys.exit("reliability: no %s: run `make units` first" % figures_file)
    figures = _merge(figures_file)
    try:
        with open(load_json, encoding="utf-8") as handle:
            load = json.load(handle)
    except FileNotFoundError:
        sys.exit("reliability: no %s: run `make load` first" % load_json)
    matrix_lines, totals = _matrix_section(figures["fault_matrix"])
    lines = [
        "# Reliability: figures of the last test run",
        "",
        "Generated by `make reliability` from the tests of `make test` on ansible-core %s; do not edit."
        % load.get("ansible_core", "?"),
        "",
    ]
    lines += matrix_lines + _bad_input_section(figures["bad_input"]) + _load_section(load) + LIMITS
    with open(out_md, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print(
        "reliability: %d fault cells run, %d passed, %d writes doubled, %d tracebacks; %s bad inputs tried; load %s s"
        % (
            totals["cells run"],
            totals["cells passed"],
            totals["writes doubled"],
            totals["tracebacks"],
            figures["bad_input"].get("inputs_tried", 0),
            load.get("wall_seconds"),
        )
    )
    problems = [
        name
        for name, bad in (
            ("a fault cell failed", totals["cells passed"] != totals["cells run"]),
            ("a write was doubled", totals["writes doubled"]),
            ("a traceback", totals["tracebacks"] or figures["bad_input"].get("tracebacks")),
            ("no bad input was tried", not figures["bad_input"].get("inputs_tried")),
            (
                "the load test found a problem: %s" % "; ".join(load.get("problems") or ["a lost or doubled write"]),
                load.get("problems") or load.get("writes_doubled") or load.get("writes_lost"),
            ),
        )
        if bad
    ]
    if problems:
        sys.exit("reliability: " + "; ".join(problems))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
