# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the unit tests of module_utils share.

- For the client's own tests (test_client.py, test_transport.py): a scripted stand-in for requests.Session.
- For the tests of the service logic (test_build.py, test_check.py, test_pipeline.py): the collection's emulator
  (tests/codearts_emulator), reset to its seed for each test, and a real client signed with the seed's AK/SK whose
  waits are recorded and move the emulator's clock instead of being slept.
"""

from __future__ import annotations

import json
import sys
from collections import namedtuple
from pathlib import Path

import pytest
import requests

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import AkSkAuth, FileCache, TokenAuth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import client_from_params

# `tests/` holds the codearts_emulator package.
TESTS = Path(__file__).resolve().parents[3]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from codearts_emulator.state import load_seed  # noqa: E402  pylint: disable=wrong-import-position


def _response(status=200, body=None, headers=None, text=None):
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers or {})
    response.headers.setdefault("X-Request-Id", "req-%d" % status)
    response._content = (text if text is not None else ("" if body is None else json.dumps(body))).encode("utf-8")  # pylint: disable=protected-access
    return response


class ScriptedSession:
    """Answers each request with the next scripted response (or raises a scripted exception)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []
        self.verify = True

    def request(self, method, url, data=None, headers=None, timeout=None, allow_redirects=True, verify=None):
        self.calls.append(
            {
                "method": method,
                "url": url,
                "data": data,
                "headers": dict(headers),
                "timeout": timeout,
                "allow_redirects": allow_redirects,
                "verify": verify,
            }
        )
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture(name="make_response")
def make_response_fixture():
    """Build a requests.Response: make_response(status, body, headers=..., text=...)."""
    return _response


@pytest.fixture
def cache(tmp_path):
    return FileCache(str(tmp_path / "cache"))


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def make_client(cache, sleeps):
    """A client with a scripted session; AK/SK with a known IAM project unless ``auth`` is given."""

    def factory(*answers, auth=None, **options):
        options.setdefault("region", "cn-north-4")
        client = CodeArtsClient(
            auth or AkSkAuth("AK", "SK", iam_project_id="p" * 32, cache=cache), sleep=sleeps.append, **options
        )
        client.session = ScriptedSession(*answers)
        return client

    return factory


@pytest.fixture
def token_client(make_client):
    def factory(*answers, **options):
        return make_client(*answers, auth=TokenAuth("TOKEN"), **options)

    return factory


# The service logic against the emulator.

# The task options that reach the emulator with the seed's permanent AK/SK (tests/codearts_emulator/default_seed.yml,
# the same values as hack/emulator.env); the IAM project is given, so no request goes to IAM.
AKSK = {
    "access_key": "EMULATORAK0000000001",
    "secret_key": "EMULATORSK00000000000000000000000000000001",
    "iam_project_id": "0123456789abcdef0123456789abcdef",
    "region": "cn-north-4",
}
# The seed as loaded once; each test that seeds more resources adds them to a copy.
DEFAULT_SEED = load_seed(None)
# Made once, in the process that imports this file: a test only starts it (or, under ansible-test, which forks a
# process for each test, starts it in that process). Not stopped at the end: the process ends anyway.
_EMULATOR = Emulator()

# One request of the emulator's log, as the tests compare it: query values are text, as they went on the wire.
Call = namedtuple("Call", "method path query body")


@pytest.fixture(scope="session")
def emulator_server():
    return _EMULATOR.start()


@pytest.fixture
def emulator(emulator_server):  # pylint: disable=redefined-outer-name
    """The emulator, back at its seed (no requests logged, no faults, its clock at real time): each test starts clean."""
    emulator_server.reset()
    return emulator_server


@pytest.fixture
def reseed(emulator):  # pylint: disable=redefined-outer-name
    """reseed(build_jobs=..., check_tasks=..., pipelines=...): the default seed plus these resources (in the form of
    the seed's own entries), for what the seed has no example of."""

    def load(build_jobs=(), check_tasks=(), pipelines=()):
        seed = load_seed(DEFAULT_SEED)  # a deep copy
        seed["build"]["jobs"].extend(build_jobs)
        seed["check"]["tasks"].extend(check_tasks)
        seed["pipeline"]["pipelines"].extend(pipelines)
        emulator.reset(seed)

    return load


class VirtualClock:
    """The client's ``sleep`` and ``monotonic``: a wait is recorded, and moves the emulator's clock instead of passing.

    So a wait for a stop that lands after two seconds takes no time, and a wait that times out after a minute ends at
    once; the emulator sees the time pass as the service would (its X-Sdk-Date check allows 15 minutes of it).
    """

    def __init__(self, emulator):  # pylint: disable=redefined-outer-name
        self.emulator = emulator
        self.now = 0.0
        self.sleeps = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        self.emulator.advance_clock(seconds)


@pytest.fixture
def clock(emulator):  # pylint: disable=redefined-outer-name
    return VirtualClock(emulator)


@pytest.fixture
def client(emulator, clock):  # pylint: disable=redefined-outer-name
    """A real client for the emulator, as a task's options make it (client_from_params), waiting on ``clock``."""
    made = client_from_params(dict(AKSK, endpoint_url=emulator.url))
    made.sleep, made.monotonic = clock.sleep, clock.monotonic
    return made


@pytest.fixture
def calls(emulator):  # pylint: disable=redefined-outer-name
    """calls() -> the requests the emulator received since the test began, as Calls (method, path, query, body)."""

    def read():
        return [Call(entry["method"], entry["path"], entry["query"], entry["body"]) for entry in emulator.requests()]

    return read
