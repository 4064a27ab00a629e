# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The codearts_events source as ansible-rulebook runs it: its file run by path, ``main`` awaited with an asyncio queue."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys

import pytest
import yaml

from ansible_collections.huaweicloud.codearts.plugins.plugin_utils import _codearts_events as codearts_events
from ansible_collections.huaweicloud.codearts.tests.unit.plugins.plugin_utils.eda_support import (
    HOUR,
    MAX_SKEW,
    SECRET_KEY,
    SOURCE_FILE,
    STALE_RUN,
    Emulator,
    operations,
    run_source_file,
    source_args,
)

SOURCE = run_source_file()  # what ansible-rulebook does with a source plugin
WAIT = 30  # seconds any one expected event may take


@pytest.fixture(name="emulator")
def emulator_fixture():
    with Emulator(max_skew=MAX_SKEW) as emulator:
        yield emulator


async def _next_events(queue, count):
    return [await asyncio.wait_for(queue.get(), WAIT) for _number in range(count)]


async def _until(queue, kind):
    """The events up to and including the first of ``kind``."""
    seen = []
    while not seen or seen[-1]["codearts"]["type"] != kind:
        seen.append(await asyncio.wait_for(queue.get(), WAIT))
    return seen


def test_main_puts_each_event_on_the_queue_once_and_stops_when_cancelled(emulator):
    args = source_args(emulator, interval=1, waiting_longer_than="36h", watch=["reviews", "runs"])

    async def scenario():
        queue = asyncio.Queue()
        task = asyncio.create_task(SOURCE["main"](queue, args))
        first = await _next_events(queue, 6)  # 4 runs under way, 2 reviews waiting
        polls = operations(emulator).count("ListPipelines")
        while operations(emulator).count("ListPipelines") < polls + 2:
            await asyncio.sleep(0.2)
        repeated = queue.qsize()
        emulator.advance_clock(8 * HOUR)
        overdue = await _until(queue, "review_overdue")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return first, repeated, overdue, task

    first, repeated, overdue, task = asyncio.run(scenario())
    assert sorted(event["codearts"]["type"] for event in first) == ["review_waiting"] * 2 + ["run_started"] * 4
    assert repeated == 0  # two more polls, nothing new
    assert [event["codearts"]["review"]["pipeline_run_id"] for event in overdue] == [STALE_RUN]
    assert task.cancelled()
    polls = operations(emulator).count("ListPipelines")
    asyncio.run(asyncio.sleep(1.5))
    assert operations(emulator).count("ListPipelines") == polls  # stopped: no more polls


def test_bad_options_stop_the_source_before_any_request(emulator):
    with pytest.raises(ValueError, match="waiting_longer_than"):
        asyncio.run(SOURCE["main"](asyncio.Queue(), source_args(emulator, waiting_longer_than="a while")))
    assert emulator.requests() == []


def test_trouble_does_not_stop_the_source_and_no_secret_reaches_its_log(emulator, caplog):
    args = source_args(emulator, interval=1, retries=0, watch=["runs"])
    emulator.add_fault(path="/api/pipelines/list$", status=429, count=2)

    async def scenario():
        queue = asyncio.Queue()
        task = asyncio.create_task(SOURCE["main"](queue, args))
        events = await _until(queue, "source_recovered")
        events += await _next_events(queue, 4)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return events

    with caplog.at_level(logging.DEBUG):
        events = asyncio.run(scenario())
    assert [event["codearts"]["type"] for event in events] == ["source_trouble", "source_recovered"] + [
        "run_started"
    ] * 4
    assert "poll 1 failed (throttled)" in caplog.text
    assert SECRET_KEY not in caplog.text and SECRET_KEY not in repr(events)


def test_the_file_alone_finds_the_collection_it_is_installed_in():
    """ansible-rulebook runs the file by its path in a Python that need not have the collection on sys.path."""
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "ANSIBLE_COLLECTIONS_PATH")}
    code = "import asyncio, runpy, sys; print(asyncio.iscoroutinefunction(runpy.run_path(sys.argv[1])['main']))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(SOURCE_FILE)],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr


def test_the_documentation_is_the_argument_spec():
    documented = yaml.safe_load(SOURCE["DOCUMENTATION"])["options"]
    spec = codearts_events.argument_spec()
    assert sorted(documented) == sorted(spec)
    for name, option in spec.items():
        shown = documented[name]
        assert shown["type"] == option["type"], name
        assert shown.get("default") == option.get("default"), name
        assert shown.get("required", False) == option.get("required", False), name
        assert sorted(shown.get("choices") or []) == sorted(option.get("choices") or []), name
        assert shown.get("elements") == option.get("elements"), name
    assert yaml.safe_load(SOURCE["EXAMPLES"])[0]["sources"][0]["huaweicloud.codearts.codearts_events"]["project_id"]
