# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    DOCUMENTATION = r"""
options:
  region:
    description:
      - The Huawei Cloud region, for example V(cn-north-4).
      - It names the service endpoints (unless O(endpoint_url) is set), the IAM endpoint (unless O(iam_endpoint) is set)
        and the IAM project that AK/SK requests and password tokens are scoped to (unless O(iam_project_id) is set).
      - Any region string works; the endpoints are built from a template.
      - If not set, the environment variables E(HUAWEICLOUD_REGION) or E(HW_REGION_NAME) are used.
    type: str
  access_key:
    description:
      - The access key (AK) for signing requests with SDK-HMAC-SHA256.
      - Goes with O(secret_key), and with O(security_token) for temporary credentials.
      - If not set, E(HUAWEICLOUD_SDK_AK), E(CLOUD_SDK_AK) or E(HW_ACCESS_KEY) is used.
    type: str
  secret_key:
    description:
      - The secret key (SK) that signs requests. It never leaves this machine and never appears in output.
      - If not set, E(HUAWEICLOUD_SDK_SK), E(CLOUD_SDK_SK) or E(HW_SECRET_KEY) is used.
    type: str
  security_token:
    description:
      - The security token of temporary credentials (an AK/SK pair from STS or an agency), sent as C(X-Security-Token).
      - If not set, E(HUAWEICLOUD_SDK_SECURITY_TOKEN) or E(HW_SECURITY_TOKEN) is used.
    type: str
  iam_project_id:
    description:
      - The IAM project ID of the region, sent as C(X-Project-Id) with AK/SK requests and used as the scope of password tokens.
      - This is not the CodeArts project ID (C(project_id) of the modules that take one).
      - When not given, it is looked up once through IAM (C(GET /v3/projects?name=<region>)) and cached on disk.
      - If not set, E(HUAWEICLOUD_SDK_PROJECT_ID) or E(HW_PROJECT_ID) is used.
    type: str
  auth_token:
    description:
      - A ready, project-scoped IAM token, sent as C(X-Auth-Token). It is used as it is and never renewed.
      - If not set, E(HUAWEICLOUD_AUTH_TOKEN) is used.
    type: str
  user_name:
    description:
      - An IAM user name, for password authentication together with O(password) and O(domain_name).
      - The collection gets a project-scoped token from IAM and caches it on disk (mode 0600), so a playbook run asks IAM
        for one token, not one per task. It is renewed shortly before it expires.
      - If not set, E(HW_USER_NAME) is used.
    type: str
  password:
    description:
      - The IAM user's password.
      - If not set, E(HW_PASSWORD) is used.
    type: str
  domain_name:
    description:
      - The account (domain) name of the IAM user.
      - If not set, E(HW_DOMAIN_NAME) is used.
    type: str
  endpoint_url:
    description:
      - One base URL that replaces the endpoint of every CodeArts service (Build, Pipeline, Check), for a private
        deployment, a proxy, or the collection's local emulator.
      - If not set, E(HUAWEICLOUD_CODEARTS_ENDPOINT) is used.
    type: str
  iam_endpoint:
    description:
      - The IAM endpoint, for the project ID look-up and password tokens. Defaults to C(https://iam.<region>.myhuaweicloud.com).
      - If not set, E(HUAWEICLOUD_SDK_IAM_ENDPOINT) is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificates of the endpoints. Only turn this off for a test endpoint you trust.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (PEM file or folder) to verify the endpoints' certificates with, instead of the system's.
    type: path
  timeout:
    description:
      - Seconds to wait for the connection and for each answer.
    type: float
    default: 30
  retries:
    description:
      - How often to retry a request that was throttled (HTTP 429) or met a busy service (HTTP 503), or whose
        connection could not be opened, with capped, jittered exponential backoff that honours C(Retry-After).
      - Reads are also retried on HTTP 500, 502 and 504, a connection lost or timed out after the request was sent,
        and an answer that is not JSON. A write is never sent again on those before the module has read the state
        to learn whether it took effect (see the errors and retries guide).
    type: int
    default: 3
  read_concurrency:
    description:
      - How many reads a task that must read many things sends side by side - the run lists of a project's
        pipelines, for example. V(1) reads one thing at a time.
      - The reads share the retry rules. When the service throttles one of them (HTTP 429, or an answer with
        C(Retry-After)), every reader waits as long as that one.
      - Writes are always sent one at a time.
    type: int
    default: 8
    version_added: 2.6.0
notes:
  - Exactly one way to authenticate must be given, through options or environment variables - O(access_key) and
    O(secret_key) (with O(security_token) for temporary credentials), O(auth_token), or O(user_name), O(password) and
    O(domain_name). Anything else fails before a request is sent.
  - Password tokens and looked-up IAM project IDs are cached in C(~/.cache/huaweicloud.codearts), or in the folder that
    E(HUAWEICLOUD_CODEARTS_CACHE_DIR) names.
  - A task that fails on an API error or on bad input returns C(failure), a dictionary with C(message), C(status) (the HTTP
    status, or null when there was no answer), C(code) (the API's error code), C(request_id) (to quote to Huawei Cloud
    support) and C(hint) (what to check, for errors whose cause is known).
  - All options of this group can be set once for a play with C(module_defaults) and the action group
    C(group/huaweicloud.codearts.codearts).
  - A task whose target is the controller - a play on C(localhost), a C(local) connection, or a delegation to C(localhost) -
    runs inside the controller's worker process, with the module's own argument spec and code and the same result,
    without starting a module process; that is what makes loops over many resources fast. It then needs C(requests) in
    the controller's Python. The environment variables above are read from the task's C(environment) keyword first,
    then from the controller's environment.
  - The module runs as a module, the usual way, on any other connection, with C(async) or C(become), when the controller's
    Python lacks C(requests), or when the variable C(codearts_in_controller) (a play, host or task variable) or, if that
    is not set, the controller's environment variable E(HUAWEICLOUD_CODEARTS_IN_CONTROLLER) is false.
requirements:
  - requests
"""

    ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  action_group:
    description: Use C(group/huaweicloud.codearts.codearts) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - huaweicloud.codearts.codearts
"""

    INFO_ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This module only reads, so it runs the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: This module only reads.
  action_group:
    description: Use C(group/huaweicloud.codearts.codearts) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - huaweicloud.codearts.codearts
"""
