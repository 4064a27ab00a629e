# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The real client over real sockets: TLS settings against the environment, proxies, transport failures.

An HTTPS emulator serves a certificate of a CA made here with trustme; proxy.py runs as a real proxy on
a loopback port. requests proxies 127.0.0.1 like any host (no built-in bypass for loopback addresses), so
every test sets or clears the proxy variables itself.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import trustme

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import AkSkAuth, PasswordAuth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError

# `tests/` holds the codearts_emulator package.
if str(Path(__file__).resolve().parents[3]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position

JOB = "b1d0000000000000000000000000000a"
INFO = "/v1/job/{job_id}/info"
ENVIRONMENT = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
PROXY_START_TIMEOUT = 20


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """The emulator's CA bundle, its certificate and key, and the bundle of a CA that signed nothing here."""
    directory = tmp_path_factory.mktemp("pki")
    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    files = {
        "ca": directory / "ca.pem",
        "cert": directory / "server.pem",
        "key": directory / "server.key",
        "wrong_ca": directory / "wrong-ca.pem",
    }
    ca.cert_pem.write_to_path(str(files["ca"]))
    server.private_key_pem.write_to_path(str(files["key"]))
    for blob in server.cert_chain_pems:
        blob.write_to_path(str(files["cert"]), append=True)
    trustme.CA().cert_pem.write_to_path(str(files["wrong_ca"]))
    return {name: str(path) for name, path in files.items()}


@pytest.fixture(scope="module")
def https_emulator(pki):  # pylint: disable=redefined-outer-name
    with Emulator(tls_cert=pki["cert"], tls_key=pki["key"]) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def http_emulator():
    with Emulator() as emulator:
        yield emulator


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """proxy.py on a free loopback port: (its URL, a function that returns its access log lines)."""
    directory = tmp_path_factory.mktemp("proxy")
    port_file, log_file = directory / "port", directory / "proxy.log"
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [
            sys.executable,
            "-m",
            "proxy",
            "--hostname",
            "127.0.0.1",
            "--port",
            "0",
            "--port-file",
            str(port_file),
            "--num-workers",
            "1",
            "--num-acceptors",
            "1",
            "--threaded",
            "--log-file",
            str(log_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + PROXY_START_TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("proxy.py did not start")
            time.sleep(0.05)
        yield (
            "http://127.0.0.1:%s" % port_file.read_text().split()[0],
            lambda: [line for line in log_file.read_text().splitlines() if "access_log" in line],
        )
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def env(monkeypatch):
    """The variables requests reads, cleared (both spellings); set what a test needs with env(name, value)."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)

    def setenv(name, value):
        monkeypatch.setenv(name, value)

    return setenv


@pytest.fixture
def connect(cache):
    """A client of the emulator's demo account at ``url``, failing fast (no retries unless asked)."""

    def factory(url, **options):
        options.setdefault("retries", 0)
        options.setdefault("timeout", 5)
        auth = AkSkAuth(
            "EMULATORAK0000000001",
            "EMULATORSK00000000000000000000000000000001",
            iam_project_id="0123456789abcdef0123456789abcdef",
            cache=cache,
        )
        return CodeArtsClient(auth, region="cn-north-4", endpoint_url=url, sleep=lambda _seconds: None, **options)

    return factory


def _job_name(client):
    return client.get("build", INFO, {"job_id": JOB})["result"]["job_name"]


def _proxied(log, expected, before):
    """Wait a little for proxy.py's access log, written when a connection closes."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = log()[before:]
        if any(expected in line for line in lines):
            return lines
        time.sleep(0.05)
    return log()[before:]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.usefixtures("env")
def test_certificates_are_checked_by_default_and_an_unknown_ca_fails_with_a_hint(https_emulator, connect):
    https_emulator.clear_requests()
    with pytest.raises(CodeArtsError, match="certificate could not be verified") as failure:
        _job_name(connect(https_emulator.url))
    assert failure.value.status is None and failure.value.ambiguous is False
    assert "ca_path" in failure.value.hint and "validate_certs" in failure.value.hint
    assert https_emulator.requests() == []


@pytest.mark.usefixtures("env")
def test_ca_path_trusts_the_emulators_ca(https_emulator, connect, pki):
    client = connect(https_emulator.url, ca_path=pki["ca"])
    assert _job_name(client) == "nightly-build" and client.record.warnings == []


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_validate_certs_false_wins_over_a_ca_bundle_in_the_environment(https_emulator, connect, pki, env, variable):
    env(variable, pki["wrong_ca"])
    client = connect(https_emulator.url, validate_certs=False)
    assert _job_name(client) == "nightly-build"
    assert len(client.record.warnings) == 1 and "validate_certs is false" in client.record.warnings[0]


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_ca_path_wins_over_a_ca_bundle_in_the_environment(https_emulator, connect, pki, env, variable):
    env(variable, pki["wrong_ca"])
    assert _job_name(connect(https_emulator.url, ca_path=pki["ca"])) == "nightly-build"


def test_the_environments_ca_bundle_is_the_default(https_emulator, connect, pki, env):
    env("REQUESTS_CA_BUNDLE", pki["ca"])
    assert _job_name(connect(https_emulator.url)) == "nightly-build"
    env("REQUESTS_CA_BUNDLE", pki["wrong_ca"])
    with pytest.raises(CodeArtsError, match="certificate could not be verified"):
        _job_name(connect(https_emulator.url))


@pytest.mark.usefixtures("env")
def test_https_on_a_plain_http_port_is_a_handshake_failure_with_a_hint(http_emulator, connect):
    with pytest.raises(CodeArtsError, match="the TLS handshake failed") as failure:
        _job_name(connect(http_emulator.url.replace("http://", "https://")))
    assert "scheme" in failure.value.hint and "endpoint_url" in failure.value.hint


@pytest.mark.usefixtures("env")
def test_nothing_listening_is_a_connection_failure_with_a_hint(connect):
    client = connect("http://127.0.0.1:%d" % _free_port(), retries=1)
    with pytest.raises(CodeArtsError, match="the connection could not be opened") as failure:
        client.post("build", "/v3/jobs/{job_id}/recover", {"job_id": JOB})
    assert "endpoint_url" in failure.value.hint and failure.value.ambiguous is False
    assert client.record.writes_sent == []
    # urllib3's own retry wording would read as if the collection's retries ran out: the cause is quoted instead.
    assert "Max retries" not in failure.value.message and "Connection refused" in failure.value.message


@pytest.mark.usefixtures("env")
def test_an_unreachable_iam_endpoint_names_iam_endpoint(http_emulator, cache):
    auth = PasswordAuth("demo-user", "demo-password", "demo-domain", cache=cache)
    client = CodeArtsClient(
        auth,
        region="cn-north-4",
        endpoint_url=http_emulator.url,
        iam_endpoint="http://127.0.0.1:%d" % _free_port(),
        retries=0,
        timeout=5,
    )
    with pytest.raises(
        CodeArtsError, match="POST /v3/auth/tokens to 127.0.0.1:.* the connection could not be opened"
    ) as failure:
        _job_name(client)
    assert "iam_endpoint" in failure.value.hint and "endpoint_url" not in failure.value.hint


@pytest.mark.usefixtures("env")
def test_plain_http_on_a_tls_port_names_the_scheme(https_emulator, connect):
    with pytest.raises(CodeArtsError) as failure:
        _job_name(connect(https_emulator.url.replace("https://", "http://")))
    assert "https://" in failure.value.hint and "endpoint_url" in failure.value.hint


@pytest.mark.usefixtures("env")
def test_a_slow_answer_is_a_read_timeout_and_ambiguous_for_a_write(http_emulator, connect):
    http_emulator.clear_requests()
    http_emulator.add_fault(path="/recover$", delay=1.5)
    client = connect(http_emulator.url, timeout=0.5, retries=2)
    with pytest.raises(CodeArtsError, match=r"no answer came within timeout \(0.5 s\)") as failure:
        client.post("build", "/v3/jobs/{job_id}/recover", {"job_id": JOB})
    assert failure.value.ambiguous is True and "Raise timeout" in failure.value.hint
    assert client.record.writes_sent == ["POST /v3/jobs/%s/recover" % JOB]
    assert [entry["path"] for entry in http_emulator.requests()] == ["/v3/jobs/%s/recover" % JOB]


@pytest.mark.usefixtures("env")
@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    "fault",
    [
        {"raw": "<html><body>502 Bad Gateway</body></html>"},
        {"body": {"result": {"job_name": "nightly-build"}}, "truncate": 12},
    ],
)
def test_an_unreadable_answer_is_retried_for_a_read_and_ambiguous_for_a_write(http_emulator, connect, env, fault):
    http_emulator.clear_requests()
    http_emulator.add_fault(path="/info$", status=200, **fault)
    assert _job_name(connect(http_emulator.url, retries=1)) == "nightly-build"
    http_emulator.add_fault(path="/info$", status=200, count=2, **fault)
    with pytest.raises(CodeArtsError) as failure:
        _job_name(connect(http_emulator.url, retries=1))
    assert failure.value.ambiguous is False
    http_emulator.add_fault(path="/recover$", status=200, **fault)
    client = connect(http_emulator.url, retries=3)
    with pytest.raises(CodeArtsError, match="may have been applied") as failure:
        client.post("build", "/v3/jobs/{job_id}/recover", {"job_id": JOB})
    assert failure.value.ambiguous is True
    assert [entry["fault"] for entry in http_emulator.requests()] == [
        "response",
        None,
        "response",
        "response",
        "response",
    ]


def test_http_proxy_carries_plain_http(http_emulator, proxy, connect, env):  # pylint: disable=redefined-outer-name
    url, log = proxy
    env("HTTP_PROXY", url)
    http_emulator.clear_requests()
    before = len(log())
    client = connect(http_emulator.url)
    assert _job_name(client) == "nightly-build"
    client.session.close()
    target = http_emulator.url[len("http://") :]
    assert any("GET %s/v1/job/%s/info" % (target, JOB) in line for line in _proxied(log, target, before))
    assert [entry["path"] for entry in http_emulator.requests()] == ["/v1/job/%s/info" % JOB]


def test_https_proxy_tunnels_https_and_tls_is_still_checked(https_emulator, proxy, connect, pki, env):  # pylint: disable=redefined-outer-name
    url, log = proxy
    env("HTTPS_PROXY", url)
    https_emulator.clear_requests()
    before = len(log())
    client = connect(https_emulator.url, ca_path=pki["ca"])
    assert _job_name(client) == "nightly-build"
    client.session.close()
    target = https_emulator.url[len("https://") :]
    assert any("CONNECT %s" % target in line for line in _proxied(log, target, before))
    assert [entry["path"] for entry in https_emulator.requests()] == ["/v1/job/%s/info" % JOB]
    with pytest.raises(CodeArtsError, match="certificate could not be verified"):
        _job_name(connect(https_emulator.url))


def test_no_proxy_bypasses_the_proxy(http_emulator, proxy, connect, env):  # pylint: disable=redefined-outer-name
    url, log = proxy
    env("HTTP_PROXY", url)
    env("NO_PROXY", "127.0.0.1")
    before = len(log())
    client = connect(http_emulator.url)
    assert _job_name(client) == "nightly-build"
    client.session.close()
    time.sleep(0.3)
    assert log()[before:] == []


def test_an_unreachable_proxy_says_so(http_emulator, connect, env):
    env("HTTP_PROXY", "http://127.0.0.1:%d" % _free_port())
    with pytest.raises(CodeArtsError, match="the proxy failed") as failure:
        _job_name(connect(http_emulator.url))
    assert "HTTP_PROXY" in failure.value.hint
