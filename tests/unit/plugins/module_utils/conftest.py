# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A scripted stand-in for requests.Session, for the client's unit tests."""

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import AkSkAuth, FileCache, TokenAuth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient


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
