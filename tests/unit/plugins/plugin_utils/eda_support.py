# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the tests of the codearts_events source share: an emulator, the source's arguments, and the calls it made."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[3]
COLLECTION = TESTS.parent
SOURCE_FILE = COLLECTION / "extensions" / "eda" / "plugins" / "event_source" / "codearts_events.py"
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

# Re-exported for the tests of the event source, which import them from here.
from codearts_emulator.server import Emulator  # noqa: E402, F401  pylint: disable=wrong-import-position,unused-import
from codearts_emulator.state import load_seed  # noqa: E402, F401  pylint: disable=wrong-import-position,unused-import

# The seed's housekeeping project (tests/codearts_emulator/default_seed.yml): runs under way for 1 h (hk-healthy),
# 2 h (hk-fresh-review, waiting for a review for 2 h), 7 h (hk-runaway) and 30 h (hk-stale-review, its review too);
# two checks under way, one idle task.
HOUSEKEEPING = "c0dea7750000000000000000000000a3"
DEMO = "c0dea7750000000000000000000000a1"
SECRET_KEY = "EMULATORSK00000000000000000000000000000001"
AKSK = {
    "access_key": "EMULATORAK0000000001",
    "secret_key": SECRET_KEY,
    "iam_project_id": "0123456789abcdef0123456789abcdef",
}
# The tests move the emulator's clock by hours; its X-Sdk-Date check then allows that much (the cloud's allows 15 min).
MAX_SKEW = 4 * 86400
STALE_RUN, FRESH_RUN = "r000000000000000000000000000a304", "r000000000000000000000000000a305"
HOUR = 3600


def run_source_file():
    """The source file's globals, as ansible-rulebook gets them with runpy.run_path: the file run as a script.

    Under ansible-test, runpy.run_path would not run it (the collection loader's path hook claims the path, and
    run_path then looks for a __main__ in it), so this compiles and runs the file as run_path does for a file.
    """
    code = compile(SOURCE_FILE.read_text(encoding="utf-8"), str(SOURCE_FILE), "exec")
    namespace = {"__name__": "<run_path>", "__file__": str(SOURCE_FILE), "__builtins__": __builtins__}
    exec(code, namespace)  # pylint: disable=exec-used
    return namespace


def source_args(emulator, **options):
    """The source's arguments for ``emulator``, AK/SK-signed, for the housekeeping project unless ``options`` say otherwise."""
    return {**AKSK, "endpoint_url": emulator.url, "project_id": HOUSEKEEPING, **options}


def operations(emulator):
    """The API operations the emulator served since its log was last cleared, in order."""
    return [entry["operation"] for entry in emulator.requests()]


def events_of(events, kind):
    return [event["codearts"] for event in events if event["codearts"]["type"] == kind]


def about(events, kind, what="run", key="pipeline_name"):
    """The ``key`` of what each event of ``kind`` is about, sorted."""
    return sorted(event[what][key] for event in events_of(events, kind))
