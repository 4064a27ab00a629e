# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""docs/operations.md is what hack/operations_table.py generates now, so the table cannot drift."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _generator():
    spec = importlib.util.spec_from_file_location("operations_table", ROOT / "hack" / "operations_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_operations_md_is_up_to_date():
    expected = _generator().render()
    actual = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/operations.md is out of date: run `make docs-operations` "
        "(python hack/operations_table.py --write) and commit the result"
    )


def test_the_collection_calls_nothing_the_emulator_does_not_serve():
    rows = _generator().rows()
    assert [row for row in rows if row[1] == "?"] == []
    used = [row for row in rows if row[-1] != "none"]
    assert used and all(row[5] == "yes" for row in used)


def test_the_module_usage_is_derived_from_the_source():
    calls = _generator().collection_calls()
    assert calls[("POST", "/v3/jobs/{job_id}/recover")]["modules"] == {"codearts_build_job"}
    assert calls[("GET", "/v3/{project_id}/jobs")]["functions"] == {"_build.BuildJobs.list"}
    refuse = "/v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}/refuse"
    assert calls[("POST", refuse)]["modules"] == {"codearts_pipeline_manual_review"}
    assert calls[("GET", "/v3/projects")]["modules"] == {
        path.stem for path in (ROOT / "plugins" / "modules").glob("*.py")
    } | {"codearts_projects (inventory)"}
    assert calls[("GET", "/v4/projects")]["modules"] == {"codearts_projects (inventory)"}
