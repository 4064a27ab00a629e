# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Facts about the CodeArts APIs that the rest of the collection relies on.

Every assumption the documentation leaves open (a [MODEL] decision in
docs/api-model.md) lives here, so that correcting one is a one-line change.
The emulator under tests/codearts_emulator/ implements the same table.
"""

from __future__ import annotations

import re

# Service hosts by region. A service's host is a template, so any region string
# works; a few regions publish Pipeline under another name.
SERVICE_HOSTS = {
    "iam": "iam.{region}.myhuaweicloud.com",
    "build": "cloudbuild-ext.{region}.myhuaweicloud.com",
    "pipeline": "cloudpipeline-ext.{region}.myhuaweicloud.com",
    "check": "codearts-check.{region}.myhuaweicloud.com",
}
REGION_HOST_OVERRIDES = {
    ("pipeline", "tr-west-1"): "pipeline-external.{region}.myhuaweicloud.com",
    ("pipeline", "la-south-2"): "pipeline-external.{region}.myhuaweicloud.com",
    ("pipeline", "af-north-1"): "pipeline.{region}.myhuaweicloud.com",
    ("pipeline", "me-east-1"): "pipeline.{region}.myhuaweicloud.com",
    ("pipeline", "af-south-1"): "pipeline.{region}.myhuaweicloud.com",
}

# [MODEL] IDs hold only letters, digits, "-" and "_". The gateway's signer
# un-escapes "%2F", so an encoded "/" could not be told apart from a real one:
# anything else is refused before a request is sent.
ID_PATTERN = re.compile(r"\A[A-Za-z0-9_-]+\Z")

# [MODEL] A build job that is missing or deleted answers with HTTP 422 and this code.
BUILD_JOB_MISSING = "DEVCB.00031006"
BUILD_JOB_PAGE_SIZE = 100

# Retries: 429 and 503 mean the request was not processed, so any call may be
# sent again. 502, 504 and a connection lost mid-request may hide a processed
# request, so only calls that are safe to replay are retried on those.
RETRY_ANY_CALL = frozenset((429, 503))
RETRY_REPLAY_SAFE_CALL = frozenset((502, 504))

# Hints by error code, or by (error code, way of authenticating) where the cause depends on it.
_TOKEN_REFUSED = ("The gateway refused the IAM token: it must be a project-scoped token of this region that has not "
                  "expired or been revoked.")
ERROR_HINTS = {
    "APIGW.0301": "The gateway refused the credentials: check access_key and secret_key (and security_token for "
                  "temporary credentials), that the key is active, and that this machine's clock is correct.",
    ("APIGW.0301", "token"): _TOKEN_REFUSED,
    ("APIGW.0301", "password"): _TOKEN_REFUSED,
    "APIGW.0307": "The IAM token has expired or was revoked: get a new one, or authenticate with user_name and password "
                  "so that the collection renews it.",
    "APIGW.0101": "The API is not published in this region: check region, or point endpoint_url at a region or "
                  "deployment that serves it.",
}

# IAM tokens live 24 h; renew a cached one this long before it expires.
TOKEN_REFRESH_MARGIN = 600
