#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_build
short_description: Run a CodeArts Build job, or stop its running builds
version_added: 2.0.0
description:
  - With O(state=stopped), stops the builds of a job that are running (or the one O(build_number) names) - it reads
    the job's builds first (C(GET /v3/jobs/{job_id}/history), the last 30 days) and calls
    C(POST /v3/jobs/{job_id}/{build_no}/stop) only for a build that runs. A job with no running build is left as it
    is and the task reports ok.
  - With O(state=started), runs a build of the job (C(POST /v3/jobs/build)) with O(parameters) and returns its build
    number. A run always starts a new build, so it always reports changed (in check mode too, without sending
    anything); guard it with C(when) if it must not run twice. A disabled job fails before anything is sent.
  - When the answer to a run or a stop is lost (the connection dropped, a read timed out, HTTP 502 or 504), the
    module reads the job again (for a run, whether a newer build began) and sends the call again only if it did not
    take effect (see RV(answers_lost)).
  - Every time it returns is in milliseconds since the epoch (UTC).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  job_id:
    description:
      - The ID of the build job (32 characters). Give it, or O(name) with O(project_id).
    type: str
  name:
    description:
      - The name of the build job, looked up in the jobs of O(project_id) (all pages). No job or several of that name
        fail (the failure lists their IDs).
    type: str
  project_id:
    description:
      - The ID of the CodeArts project of the job. Required with O(name).
    type: str
  state:
    description:
      - V(stopped) makes sure no build of the job (or the build O(build_number)) runs; V(started) runs a new build.
    type: str
    choices: [stopped, started]
    default: stopped
  build_number:
    description:
      - With O(state=stopped), the build to stop; every running build of the job when not given.
      - Ignored, with a warning, with O(state=started).
    type: int
  parameters:
    description:
      - Build parameters for a new build, as names and values. Only with O(state=started); ignored, with a warning,
        with O(state=stopped).
      - Values are strings of at most 8192 characters; numbers and booleans are sent as text. Lists, dictionaries and
        null values are refused before any request.
    type: dict
  wait:
    description:
      - Wait until the build has ended (stopped, or finished for a new build), polling the job's builds.
      - When not given, V(true) with O(state=stopped) and V(false) with O(state=started). The API shows no
        "stopping" state, so a stop that returned at once would leave the build running for a few seconds, and a
        re-run would stop it again and report changed; waiting makes the re-run V(ok).
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait with O(wait) before failing.
    type: int
    default: 600
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.attributes
seealso:
  - module: huaweicloud.codearts.codearts_build_info
  - module: huaweicloud.codearts.codearts_build_job
"""

EXAMPLES = r"""
- name: Stop every running build of the nightly job, and wait until they are aborted
  huaweicloud.codearts.codearts_build:
    project_id: c0dea7750000000000000000000000a1
    name: nightly-build
    state: stopped
    wait: true

- name: Run a release build and wait for its outcome
  huaweicloud.codearts.codearts_build:
    job_id: b1d0000000000000000000000000000a
    state: started
    parameters:
      release: "2026.12"
    wait: true
  register: release_build

- name: Fail when the build failed
  ansible.builtin.assert:
    that: release_build.builds[0].status == 'success'
"""

RETURN = r"""
builds:
  description:
    - With O(state=stopped), the builds that were running, as read before the stop (after the wait, with O(wait)).
    - With O(state=started), the new build (its RV(builds[].build_number) is null in check mode).
  returned: success
  type: list
  elements: dict
  contains:
    job_id:
      description: The ID of the build job.
      type: str
    job_name:
      description: The name of the build job.
      type: str
    build_number:
      description: The build's number within its job.
      type: int
    status:
      description: The build's result - V(running), V(success), V(failed) or V(aborted).
      type: str
    start_time:
      description: When the build started, in milliseconds since the epoch.
      type: int
    end_time:
      description: When it ended (null while it runs), in milliseconds since the epoch.
      type: int
    running_seconds:
      description: For a running build, how many seconds it has run; null otherwise.
      type: int
writes_sent:
  description:
    - When the task failed after it had sent a write (for example, a wait that ran out after the write), the writes
      it sent, as C(METHOD /path). The task then reports C(changed), and C(msg) starts with what was sent.
    - A write that the API refused (an error answer other than HTTP 5xx) is not counted.
  returned: failure, after a write was sent
  type: list
  elements: str
  sample: ["POST /v3/jobs/b1d0000000000000000000000000000f/42/stop"]
answers_lost:
  description:
    - The writes whose answer was lost (the connection dropped, a read timed out, HTTP 502 or 504) and that the module
      then read back as done, so it did not send them again; each is also a warning.
    - A write whose answer was lost but that a read shows not done is sent once more (never without that read).
  returned: when an answer was lost
  type: list
  elements: str
failure:
  description:
    - What went wrong, when the task failed; the same in every module of the collection.
    - RV(failure.status), RV(failure.code) and RV(failure.request_id) are those of the API answer that failed; they are
      null for errors found before or without an answer (bad input, missing credentials, a connection that failed).
  returned: failure
  type: dict
  contains:
    message:
      description: What failed, in one sentence; the task's C(msg) adds the request ID and the hint.
      type: str
      sample: "POST /v3/jobs/b1d0000000000000000000000000000c/delete failed with HTTP 422 DEVCB.00031006: the job does not exist"
    status:
      description: The HTTP status of the answer, or null.
      type: int
      sample: 422
    code:
      description:
        - The API's error code, or null.
        - C(APIGW.*) from the gateway; C(DEVCB.*) or C(CB.*) from Build, C(DEVPIPE.*) from Pipeline, C(CC.*) from Check.
      type: str
      sample: DEVCB.00031006
    request_id:
      description: The request ID the API answered with (C(X-Request-Id)), to quote to Huawei Cloud support, or null.
      type: str
      sample: 5c0d2a6e8f0b4c1a9d3e7f6a5b4c3d2e
    hint:
      description: What to check, for the error codes the collection knows (for example C(APIGW.0301), wrong credentials), or null.
      type: str
      sample: null
"""

from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import ensure_build
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule

MODULE = CodeArtsModule(
    ensure_build,
    {
        "job_id": {"type": "str"},
        "name": {"type": "str"},
        "project_id": {"type": "str"},
        "state": {"type": "str", "default": "stopped", "choices": ["stopped", "started"]},
        "build_number": {"type": "int"},
        "parameters": {"type": "dict"},
        "wait": {"type": "bool"},
        "wait_timeout": {"type": "int", "default": 600},
    },
    id_options=("job_id", "project_id"),
    state_options={"parameters": ("started",), "build_number": ("stopped",)},
    required_one_of=[("job_id", "name")],
    mutually_exclusive=[("job_id", "name")],
    required_by={"name": "project_id"},
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
