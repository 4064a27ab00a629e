# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The SDK witness: every AK/SK-signed request re-signed by the official Huawei Cloud SDK's signer.

Opt-in (`Emulator(sdk_witness=True)`, `--sdk-witness`). For each request with an SDK-HMAC-SHA256
Authorization header whose access key the emulator knows, the official
`huaweicloudsdkcore.signer.signer.Signer` signs an `SdkRequest` rebuilt from the request as it arrived
(method, Host, raw path, decoded query pairs, the headers the request says it signed, raw body) with
that key's secret, and the result is compared with what the request carried:

- `match`: the SDK computes the same SignedHeaders and Signature, so the client signed exactly as the
  SDK does;
- `mismatch`: it does not (a wrong secret key, a request changed after signing, or a signer that
  canonicalises differently from the SDK).

Independently, the emulator's own verifier (`signature.py`) judges the signature; when the two
verdicts differ the emulator and the SDK disagree about the signing algorithm, which is counted as a
disagreement: the number a test run must keep at zero.

The SDK is a test-only dependency, imported here only when the witness is switched on; the emulator
runs without it otherwise. Only the signer and SdkRequest modules are imported, and they write nothing
(the SDK's user-agent module, which writes ~/.huaweicloud/application_id, is not loaded by them).
"""

from __future__ import annotations

import hmac
import importlib
import threading
from datetime import datetime
from types import SimpleNamespace
from typing import Optional
from urllib.parse import parse_qsl

from . import signature
from .api import Request

MATCH, MISMATCH = "match", "mismatch"
# Mismatches kept for /_emulator/witness (the counters go on counting beyond).
MAX_MISMATCHES = 100


def _header_text(value: str) -> str:
    """http.server decodes headers as Latin-1; the client signed their UTF-8 text (as auth.py does)."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


class SdkWitness:
    """Recomputes signatures with the official SDK and keeps count; thread-safe."""

    def __init__(self) -> None:
        try:
            signer_module = importlib.import_module("huaweicloudsdkcore.signer.signer")
            request_module = importlib.import_module("huaweicloudsdkcore.sdk_request")
        except ImportError as exc:
            raise RuntimeError(
                "the SDK witness needs the official Huawei Cloud SDK (pip install huaweicloudsdkcore, "
                f"see tests/requirements.txt): {exc}"
            ) from exc
        self._signer = signer_module.Signer
        self._sdk_request = request_module.SdkRequest
        self._lock = threading.Lock()
        self.checked = 0
        self.mismatched = 0
        self.disagreed = 0
        self.mismatches: list[dict] = []

    def sdk_authorization(
        self, request: Request, signed_headers: tuple[str, ...], access_key: str, secret_key: str
    ) -> signature.Authorization:
        """The Authorization the official signer computes for this request as it arrived."""
        headers = {name: _header_text(request.headers[name]) for name in signed_headers if name in request.headers}
        sdk_request = self._sdk_request(
            method=request.method,
            schema="http",
            host=headers.get("host", ""),
            resource_path=request.path,
            query_params=parse_qsl(request.raw_query, keep_blank_values=True),
            header_params=headers,
            body=request.body,
        )
        signed = self._signer(SimpleNamespace(ak=access_key, sk=secret_key)).sign(sdk_request)
        return signature.parse_authorization(signed.header_params["Authorization"])

    def check(self, request: Request, credentials: dict, request_id: str, operation: Optional[str]) -> Optional[str]:
        """`match` or `mismatch` for a signed request with a known access key; None for any other request."""
        value = request.headers.get("Authorization")
        if not value:
            return None
        try:
            carried = signature.parse_authorization(value)
        except ValueError:
            return None
        credential = credentials.get(carried.access_key)
        if credential is None:
            return None
        reason = None
        try:
            expected = self.sdk_authorization(
                request, carried.signed_headers, carried.access_key, credential.secret_key
            )
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # The SDK cannot sign what arrived (e.g. an X-Sdk-Date it cannot parse): it would never have sent it.
            expected, reason = None, f"the SDK signer refused the request: {exc!r}"
        if expected is not None and expected.signed_headers != carried.signed_headers:
            reason = f"the SDK signs the headers {';'.join(expected.signed_headers)}, the request signed {';'.join(carried.signed_headers)}"
        elif expected is not None and not hmac.compare_digest(expected.signature, carried.signature):
            reason = "the SDK computes another signature"
        verdict = MATCH if reason is None else MISMATCH
        emulator_valid = self._emulator_accepts(request, carried, credential.secret_key)
        with self._lock:
            self.checked += 1
            disagrees = emulator_valid != (verdict == MATCH)
            self.disagreed += disagrees
            if verdict == MISMATCH or disagrees:
                self.mismatched += verdict == MISMATCH
                if len(self.mismatches) < MAX_MISMATCHES:
                    self.mismatches.append(
                        {
                            "request_id": request_id,
                            "method": request.method,
                            "path": request.path,
                            "operation": operation,
                            "access_key": carried.access_key,
                            "sdk_signature": verdict,
                            "emulator_signature": "valid" if emulator_valid else "invalid",
                            "disagreement": disagrees,
                            "reason": reason or "the emulator refuses a signature the SDK reproduces",
                        }
                    )
        return verdict

    @staticmethod
    def _emulator_accepts(request: Request, carried: signature.Authorization, secret_key: str) -> bool:
        """The emulator's own verdict on the signature alone (auth.py also checks the date's range, the token, ...)."""
        headers = {
            name: _header_text(request.headers[name]) for name in carried.signed_headers if name in request.headers
        }
        try:
            datetime.strptime(headers.get("x-sdk-date", ""), signature.DATE_FORMAT)
        except ValueError:
            return False
        return signature.verify_signature(
            secret_key, request.method, request.path, request.raw_query, headers, carried, request.body
        )

    def snapshot(self) -> dict:
        """The counters and the first mismatches, as JSON-ready values."""
        with self._lock:
            return {
                "enabled": True,
                "checked": self.checked,
                "matched": self.checked - self.mismatched,
                "mismatched": self.mismatched,
                "disagreed": self.disagreed,
                "mismatches": [dict(entry) for entry in self.mismatches],
            }


DISABLED = {"enabled": False, "checked": 0, "matched": 0, "mismatched": 0, "disagreed": 0, "mismatches": []}
