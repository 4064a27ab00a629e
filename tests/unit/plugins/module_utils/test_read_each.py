# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reads side by side (CodeArtsClient.read_each) against the emulator, on the real clock: the order of the answers,
how many are in flight, the first failure, and one throttled answer holding every reader."""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import client_from_params
from ansible_collections.huaweicloud.codearts.tests.unit.plugins.module_utils.conftest import AKSK

# The build jobs of the seed's demo project, each read by its own GET.
JOBS = ["b1d000000000000000000000000000%02x" % number for number in range(10, 16)]
INFO = "/v1/job/{job_id}/info"
LATENCY = 0.3


@pytest.fixture(name="latency")
def latency_fixture(emulator):
    emulator.set_latency(LATENCY)
    yield LATENCY
    emulator.set_latency(0)


def real_client(emulator, **options):
    """A client as a task's options make it, waiting on the real clock."""
    return client_from_params(dict(AKSK, endpoint_url=emulator.url, **options))


def read_job(client):
    def read(job_id):
        return client.get("build", INFO, {"job_id": job_id})["result"]["job_name"]

    return read


def in_flight(client):
    """Wrap the client's sends: the most requests it ever had in flight at once, as a one-item list."""
    lock, now, most = threading.Lock(), [0], [0]
    send = client.session.request

    def counting(*args, **kwargs):
        with lock:
            now[0] += 1
            most[0] = max(most[0], now[0])
        try:
            return send(*args, **kwargs)
        finally:
            with lock:
                now[0] -= 1

    client.session.request = counting
    return most


def test_reads_go_side_by_side_and_answer_in_order(emulator, latency):
    client = real_client(emulator, read_concurrency=3)
    most = in_flight(client)
    started = time.monotonic()
    names = client.read_each(read_job(client), JOBS)
    took = time.monotonic() - started
    by_id = {job["id"]: job["job_name"] for job in emulator.snapshot()["build"]["jobs"]}
    assert names == [by_id[job_id] for job_id in JOBS]
    # The first alone (it would fetch a token or an IAM project), then five three at a time: 3 rounds, not 6.
    assert most == [3]
    assert 3 * latency <= took < 5 * latency
    assert len(emulator.requests()) == len(JOBS)


def test_one_at_a_time_with_read_concurrency_1(emulator, latency):
    client = real_client(emulator, read_concurrency=1)
    most = in_flight(client)
    started = time.monotonic()
    client.read_each(read_job(client), JOBS[:3])
    assert most == [1] and time.monotonic() - started >= 3 * latency


def test_the_first_failure_is_raised_and_the_reads_not_started_are_not_sent(emulator):
    client = real_client(emulator, read_concurrency=2, retries=0)
    jobs = JOBS * 5
    emulator.add_fault(path="/%s/info$" % jobs[1], status=400, error_code="DEV.00000001", error_msg="bad job")
    with pytest.raises(CodeArtsError, match="bad job"):
        client.read_each(read_job(client), jobs)
    assert len(emulator.requests()) < len(jobs), "the reads after the failure were cancelled"


def test_a_throttled_answer_holds_every_reader(emulator, latency):
    """The second read is answered 429 with Retry-After: 1; its companion, slower, finishes after that, and the next
    read the pool starts waits out the rest of that second, instead of sending at once (and being throttled in turn)."""
    client = real_client(emulator, read_concurrency=2)
    emulator.add_fault(path="/%s/info$" % JOBS[1], status=429, headers={"Retry-After": "1"})
    emulator.add_fault(path="/%s/info$" % JOBS[2], delay=0.4)
    sent = []
    attempt = client._attempt  # pylint: disable=protected-access

    def noting(request):
        sent.append((time.monotonic(), request.api_path))
        return attempt(request)

    client._attempt = noting  # pylint: disable=protected-access
    client.read_each(read_job(client), JOBS[:4])
    throttled_at = next(at for at, path in sent if JOBS[1] in path)
    later = [(at - throttled_at, path) for at, path in sent if at > throttled_at and JOBS[2] not in path]
    # Every request sent after the 429 (the retry of the second read, the third and fourth reads) waited the second.
    assert later and all(waited >= 1.0 for waited, _path in later), later
    assert [entry["status"] for entry in emulator.requests()].count(429) == 1
