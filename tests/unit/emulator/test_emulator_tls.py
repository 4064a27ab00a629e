# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTPS serving, and the faults that send an answer that cannot be read (raw text, a body cut short)."""

from __future__ import annotations

import http.client
import json
import socket
import ssl

import pytest
import trustme

from codearts_emulator.__main__ import main
from codearts_emulator.faults import Fault
from codearts_emulator.server import Emulator


@pytest.fixture(name="tls")
def tls_fixture(tmp_path):
    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1")
    cert, key = tmp_path / "server.pem", tmp_path / "server.key"
    server.private_key_pem.write_to_path(str(key))
    for blob in server.cert_chain_pems:
        blob.write_to_path(str(cert), append=True)
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return str(cert), str(key), context


def _get(emulator, context, path="/_emulator/state"):
    host, port = emulator.url.split("://")[1].split(":")
    connection = http.client.HTTPSConnection(host, int(port), context=context, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_https_is_served_and_a_stalled_handshake_holds_up_nobody(tls):
    cert, key, context = tls
    with Emulator(tls_cert=cert, tls_key=key) as emulator:
        assert emulator.url.startswith("https://127.0.0.1:")
        host, port = emulator.url.split("://")[1].split(":")
        with socket.create_connection((host, int(port))):  # connects, never says hello
            assert _get(emulator, context)[0] == 200
        with pytest.raises(ssl.SSLError):
            _get(emulator, ssl.create_default_context())
        assert _get(emulator, context)[0] == 200


def test_raw_and_truncated_answers(emulator):
    emulator.add_fault(path="/a$", raw="<html>oops</html>")
    emulator.add_fault(path="/b$", body={"result": {"job_name": "x"}}, truncate=5)
    host, port = emulator.url.split("://")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request("GET", "/a")
    response = connection.getresponse()
    assert (response.status, response.read()) == (200, b"<html>oops</html>")
    connection.request("GET", "/b")
    response = connection.getresponse()
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    assert cut.value.partial == json.dumps({"result": {"job_name": "x"}}).encode()[:5]
    connection.close()
    assert [(entry["fault"], entry["status"], entry["error_code"]) for entry in emulator.requests()] == [
        ("response", 200, None),
        ("response", 200, None),
    ]


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"path": "x", "raw": "a", "body": {}}, "raw is the body text"),
        ({"path": "x", "raw": 3}, "raw is the body text"),
        ({"path": "x", "truncate": -1}, "truncate must be a byte count"),
        ({"path": "x", "drop": True, "raw": "a"}, "a dropped connection"),
    ],
)
def test_bad_raw_and_truncate_specs_are_refused(spec, message):
    with pytest.raises(ValueError, match=message):
        Fault.from_spec(spec)


def test_tls_key_needs_a_certificate(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--tls-key", "key.pem"])
    assert exited.value.code == 2 and "--tls-key needs --tls-cert" in capsys.readouterr().err
