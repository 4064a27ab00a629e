# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""huaweicloud.codearts.codearts_events: an Event-Driven Ansible source that polls one CodeArts project.

ansible-rulebook runs this file (runpy) and awaits ``main(queue, args)``. The polling itself is
plugins/plugin_utils/_codearts_events.py, over the client and API code the modules use.
"""

from __future__ import annotations

DOCUMENTATION = r"""
---
short_description: Events from one Huawei Cloud CodeArts project (reviews, pipeline runs, checks), by polling
description:
  - Polls one CodeArts project every O(interval) seconds and puts an event on the queue for each thing that happened
    since the last poll, with the collection's own client, authentication, retries and errors. It polls because
    CodeArts' generic webhooks are offered only for IPD projects (and on the international site only in AP-Singapore),
    are set up in the console only, have no documented payload or signature, and have no event for a run that starts
    or a review that waits; see the Event-Driven Ansible guide.
  - "Each event is a dict with one key, C(codearts): C(type), C(project_id), C(observed_at) (epoch ms, on the service's
    clock), and one of C(review), C(run), C(check) or C(trouble). The types: C(review_waiting) (a manual review started
    waiting), C(review_overdue) (a review has waited longer than O(waiting_longer_than)), C(step_waiting) (a stage-entry
    checkpoint, a delay step or a suspend step started waiting; C(step.kind) says which, with the IDs
    M(huaweicloud.codearts.codearts_pipeline_step) takes), C(step_overdue) (such a step has waited longer than
    O(waiting_longer_than)), C(run_started), C(run_finished)
    (with C(status), C(outcome) and C(duration_seconds); with O(log_lines), C(failed_steps): the failed steps of a
    failed run and the last lines of each one's log), C(run_overdue) (a run has run longer than
    O(running_longer_than)), C(run_queued) (a run waits in its pipeline's queue, a concurrency limit being reached; with
    C(queue_id), C(enqueue_time) and C(queued_seconds)), C(run_queue_overdue) (a run has queued longer than
    O(queued_longer_than)), C(check_finished) (with C(status) and C(defects)), C(source_trouble) (a poll failed:
    C(trouble.kind) is C(throttled), C(credentials_refused), C(unreachable) or C(api_error)) and C(source_recovered).
    The docs site's Event-Driven Ansible guide gives every field."
  - Each event is put on the queue once. The source remembers the keys of the newest O(remember) events it sent;
    an event older than that could come again (the collection's modules are idempotent, so acting twice is harmless).
  - The first poll reports what is under way (runs, waiting reviews, and what is already overdue), not what ended
    before the source started. A restarted source reports what is under way again.
  - "What polling can miss: a review that was decided within one O(interval) of starting to wait gives no
    C(review_waiting) event. Runs that start and end between two polls are read from the run list, so their
    C(run_finished) events do come; a check started and ended between two polls gives its C(check_finished)."
  - A failed poll (after the client's retries) puts one C(source_trouble) event on the queue and the source polls
    again after O(interval); trouble of the same kind in the next polls gives no new event, and the first good poll
    gives C(source_recovered). Only options that cannot work (a missing project, no credentials, a bad duration)
    stop the source, before any request.
  - No option value of a secret (O(secret_key), O(security_token), O(auth_token), O(password)) appears in an event or
    in the source's log.
options:
  project_id:
    description: The CodeArts project to watch (32 hexadecimal digits).
    type: str
    required: true
  pipelines:
    description: The names or IDs of the pipelines to watch; all of the project's when not given.
    type: list
    elements: str
  check_tasks:
    description: The names or IDs of the check tasks to watch; all of the project's when not given.
    type: list
    elements: str
  watch:
    description: What to report - C(reviews) (review events), C(runs) (run events), C(checks) (check events).
    type: list
    elements: str
    choices: [reviews, runs, checks]
    default: [reviews, runs, checks]
  interval:
    description: Seconds between the starts of two polls (at least 1).
    type: float
    default: 60
  waiting_longer_than:
    description: A duration (C(6h), C(90m), C(1d12h), or seconds); a review or a held step that has waited longer gives C(review_overdue) or C(step_overdue).
    type: str
  running_longer_than:
    description: A duration; a run under way for longer gives C(run_overdue).
    type: str
  queued_longer_than:
    description:
      - A duration; a run that has waited in its pipeline's queue for longer gives C(run_queue_overdue).
      - A pipeline's queue is read when its latest run is new and has not started, and at each poll while runs of it
        are queued (one read per such pipeline).
    type: str
  remember:
    description: How many event keys the source remembers to send each event once (at least 100; 200 to 450 bytes each).
    type: int
    default: 10000
  log_lines:
    description:
      - How many of the last lines of each failed step's log a C(run_finished) event of a failed run carries (in
        C(run.failed_steps), with the step's IDs, its C(message) and its C(log_tail)), from 0 to 1000.
      - V(0) reads no log and adds no C(failed_steps). Otherwise a run that finished C(FAILED) costs one run detail and
        one log read per failed step, once; the other runs' events carry an empty C(failed_steps) and cost nothing more.
    type: int
    default: 0
  check_host:
    description: The Check API's host name when O(endpoint_url) is not set, as in the Check modules.
    type: str
    choices: [codearts-check, codecheck-ext]
    default: codearts-check
  region:
    description: The region; as the modules' O(huaweicloud.codearts.codearts_pipeline_run#module:region), with the same
      environment variables (C(HUAWEICLOUD_REGION), C(HW_REGION_NAME)). So are all the options below.
    type: str
  access_key:
    description: The access key ID (C(HUAWEICLOUD_SDK_AK), C(CLOUD_SDK_AK), C(HW_ACCESS_KEY)).
    type: str
  secret_key:
    description: The secret access key (C(HUAWEICLOUD_SDK_SK), C(CLOUD_SDK_SK), C(HW_SECRET_KEY)).
    type: str
  security_token:
    description: The security token of temporary credentials (C(HUAWEICLOUD_SDK_SECURITY_TOKEN), C(HW_SECURITY_TOKEN)).
    type: str
  iam_project_id:
    description: The IAM project ID of the region (C(HUAWEICLOUD_SDK_PROJECT_ID), C(HW_PROJECT_ID)).
    type: str
  auth_token:
    description: An IAM token (C(HUAWEICLOUD_AUTH_TOKEN)).
    type: str
  user_name:
    description: An IAM user, with O(password) and O(domain_name) (C(HW_USER_NAME)).
    type: str
  password:
    description: The IAM user's password (C(HW_PASSWORD)).
    type: str
  domain_name:
    description: The account (domain) name of the IAM user (C(HW_DOMAIN_NAME)).
    type: str
  endpoint_url:
    description: One base URL for every CodeArts service (C(HUAWEICLOUD_CODEARTS_ENDPOINT)).
    type: str
  iam_endpoint:
    description: The IAM endpoint (C(HUAWEICLOUD_SDK_IAM_ENDPOINT)).
    type: str
  validate_certs:
    description: Whether to check the TLS certificates of the endpoints.
    type: bool
    default: true
  ca_path:
    description: A PEM file of the CA certificates that sign the endpoints' certificates.
    type: path
  timeout:
    description: Seconds to wait for each answer.
    type: float
    default: 30
  retries:
    description: How many times a failed read is sent again within one poll.
    type: int
    default: 3
  read_concurrency:
    description:
      - How many reads a poll sends side by side (what it reads of the pipelines it watches, the progress of the
        check tasks it looks at); V(1) reads one thing at a time. When the service throttles one read, every reader waits as long as that one.
    type: int
    default: 8
"""

EXAMPLES = r"""
- name: React to CodeArts
  hosts: localhost
  sources:
    - huaweicloud.codearts.codearts_events:
        project_id: c0dea7750000000000000000000000a3
        region: cn-north-4
        interval: 60
        waiting_longer_than: 24h
  rules:
    - name: Reject a review that waited a day
      condition: event.codearts.type == "review_overdue"
      action:
        run_module:
          name: huaweicloud.codearts.codearts_pipeline_manual_review
          module_args:
            project_id: "{{ event.codearts.review.project_id }}"
            pipeline_id: "{{ event.codearts.review.pipeline_id }}"
            pipeline_run_id: "{{ event.codearts.review.pipeline_run_id }}"
            job_run_id: "{{ event.codearts.review.job_run_id }}"
            step_run_id: "{{ event.codearts.review.step_run_id }}"
            state: rejected
            comment: Waited more than a day
"""

# pylint: disable=wrong-import-position
import asyncio
import logging
import os
import sys
from typing import Any

try:
    from ansible_collections.huaweicloud.codearts.plugins.plugin_utils import _codearts_events as codearts_events
except ImportError:
    # ansible-rulebook runs this file by its path, not as part of a package. A collection is always installed as
    # <root>/ansible_collections/huaweicloud/codearts/, so <root> on sys.path makes it importable. (ansible-core's
    # collection loader would import it too, but its path hook then breaks ansible-rulebook's runpy.run_path of the
    # event filters that come after a source.)
    INSTALLED_AS = os.sep + os.path.join("ansible_collections", "huaweicloud", "codearts") + os.sep
    sys.path.insert(0, os.path.abspath(__file__).rpartition(INSTALLED_AS)[0])
    from ansible_collections.huaweicloud.codearts.plugins.plugin_utils import _codearts_events as codearts_events

LOG = logging.getLogger("huaweicloud.codearts.codearts_events")


async def main(queue: asyncio.Queue, args: dict[str, Any]) -> None:
    """Poll until cancelled. Options that cannot work raise ValueError before any request."""
    params = codearts_events.validated(args)
    client = codearts_events.client_for(params)
    poller = codearts_events.EventPoller(params, client)
    loop = asyncio.get_running_loop()
    try:
        while True:
            started = loop.time()
            # The client is synchronous (requests): a poll runs in a thread, so the event loop goes on meanwhile.
            events = await asyncio.to_thread(poller.poll)
            for event in events:
                await queue.put(event)
                if event["codearts"]["type"] == codearts_events.SOURCE_TROUBLE:
                    LOG.warning(
                        "codearts_events: poll %d failed (%s): %s",
                        poller.polls + 1,
                        event["codearts"]["trouble"]["kind"],
                        event["codearts"]["trouble"]["message"],
                    )
            took = loop.time() - started
            LOG.debug(
                "codearts_events: poll %d of project %s: %d events in %.2f s",
                poller.polls,
                params["project_id"],
                len(events),
                took,
            )
            await asyncio.sleep(max(0.0, params["interval"] - took))
    finally:
        client.session.close()


if __name__ == "__main__":
    # `--help`: this documentation as text, laid out as ansible-doc would (it has no type for event sources).
    # Else try the source without ansible-rulebook: the options come from the environment (HUAWEICLOUD_* as for the
    # modules) and from `key=value` arguments; every event is printed. Stop with Ctrl-C.
    if sys.argv[1:2] in (["--help"], ["-h"]):
        from ansible_collections.huaweicloud.codearts.plugins.plugin_utils._event_source_doc import documentation_text

        print(documentation_text("huaweicloud.codearts.codearts_events", DOCUMENTATION, EXAMPLES))
        sys.exit(0)

    class PrintingQueue(asyncio.Queue):
        async def put(self, item):
            print(item, flush=True)

    try:
        asyncio.run(main(PrintingQueue(), dict(arg.split("=", 1) for arg in sys.argv[1:])))
    except KeyboardInterrupt:
        pass
