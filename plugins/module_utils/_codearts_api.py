# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Facts about the CodeArts APIs that the rest of the collection relies on.

Every assumption the documentation leaves open (a [MODEL] decision in
docs/docsite/rst/api_model.rst, the docs site's reference page) lives here,
so that correcting one is a one-line change.
The emulator under tests/codearts_emulator/ implements the same table.
"""

from __future__ import annotations

import re

# Check is served at two host names: the current one (the default), and the legacy one that is still live.
CHECK_HOSTS = {
    "codearts-check": "codearts-check.{region}.myhuaweicloud.com",
    "codecheck-ext": "codecheck-ext.{region}.myhuaweicloud.com",
}

# Service hosts by region. A service's host is a template, so any region string
# works; a few regions publish Pipeline under another name.
SERVICE_HOSTS = {
    "iam": "iam.{region}.myhuaweicloud.com",
    "build": "cloudbuild-ext.{region}.myhuaweicloud.com",
    "pipeline": "cloudpipeline-ext.{region}.myhuaweicloud.com",
    "check": CHECK_HOSTS["codearts-check"],
    "projectman": "projectman-ext.{region}.myhuaweicloud.com",
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
# The documented shape of each ID option, checked before any request: CodeArts project, build job, pipeline, run,
# job-run and step-run IDs are 32 digits and letters [DOC]; a Check task ID is 1 to 32 characters [DOC]; an IAM project
# ID is 32 hexadecimal digits [DOC: IAM]. [MODEL] Letters of either case are accepted.
_ID_32 = (re.compile(r"\A[0-9A-Za-z]{32}\Z"), "32 letters and digits")
ID_SHAPES = {
    "project_id": (_ID_32[0], _ID_32[1] + " (the CodeArts project's ID, not the IAM project's)"),
    "job_id": _ID_32,
    "pipeline_id": _ID_32,
    "pipeline_run_id": _ID_32,
    "build_id": _ID_32,
    "job_run_id": _ID_32,
    "step_run_id": _ID_32,
    "task_id": (re.compile(r"\A[A-Za-z0-9_-]{1,32}\Z"), "1 to 32 letters, digits, '-' or '_'"),
    "iam_project_id": (re.compile(r"\A[0-9A-Fa-f]{32}\Z"), "32 hexadecimal digits"),
}


class Paging:
    """How a list operation pages: the field of the page's start and of its size, whether the start counts pages or
    items, the page size, and the key of the items in the answer."""

    def __init__(self, items_key, start, size_field, size, counts):
        self.items_key = items_key
        self.start = start
        self.size_field = size_field
        self.size = size
        self.counts = counts

    def fields(self, pages_read, items_read):
        """The page fields of the next page, after ``pages_read`` pages holding ``items_read`` items."""
        return {self.start: pages_read if self.counts == "pages" else items_read, self.size_field: self.size}


# [MODEL] A build job that is missing or deleted answers with HTTP 422 and this code.
BUILD_JOB_MISSING = "DEVCB.00031006"
BUILD_JOB_PAGE_SIZE = 100
BUILD_JOB_PAGES = Paging("jobs", "page_index", "page_size", BUILD_JOB_PAGE_SIZE, "pages")
# The recycle bin (ListRecyclingJob): the tenant's deleted jobs in the region, of every project, in `result.job_list`,
# paged by `page_no` (from 1) and `page_size` (at most 100), `search` a job name [DOC]. A deleted job keeps its ID and
# can be restored (RestoreRecyclingJobs) until `result.keep_time` days after its deletion ([MODEL] days; then it is
# purged), enabled or disabled as it was [MODEL]. `*_time_stamp` are epoch seconds in strings [DOC]; [MODEL] the text
# times (`delete_time`) are China Standard Time, as in the documented example, and read only without a stamp.
BUILD_RECYCLE_BIN_PAGE_SIZE = 100
BUILD_RECYCLE_BIN_TEXT_OFFSET = "+08:00"
# Builds of a job (ShowListHistory): pages counted from 0 of at most 100 records, within `interval` days (at most 30).
# [MODEL] A build's `result` reads "running" until it ends; start_time and end_time are "yyyy-MM-dd HH:mm:ss" UTC.
BUILD_HISTORY_PAGE_SIZE = 100
BUILD_HISTORY_PAGES = Paging("history_records", "offset", "limit", BUILD_HISTORY_PAGE_SIZE, "pages")
BUILD_HISTORY_MAX_DAYS = 30
BUILD_RUNNING = "running"
BUILD_FAILED = "failed"
BUILD_RESULTS = ("running", "success", "failed", "aborted")

# Pipeline, v3 (by build_id): a run is over when its status is "completed"; its outcome then says how.
# [MODEL] A stop (S3) is asynchronous: the run reads completed/aborted a little later.
PIPELINE_RUN_DONE = "completed"
PIPELINE_RUN_STOPPED_OUTCOME = "aborted"
# A failed run (the one a retry acts on) reads completed with this outcome; a run under way (again) reads "running".
PIPELINE_RUN_FAILED_OUTCOME = "error"
PIPELINE_RUN_UNDER_WAY = "running"
# A missing pipeline answers 404 DEVPIPE.00011401 [FIELD]. [MODEL] A missing run (or a pipeline without runs, read
# without build_id) answers 404 with this code.
PIPELINE_MISSING = "DEVPIPE.00011401"
PIPELINE_RUN_MISSING = "DEVPIPE.00011404"
# [MODEL] A v5 path whose project does not hold the pipeline (or that the caller cannot see) answers 404
# DEVPIPE.00011412: to a module, no such pipeline in that project.
PIPELINE_NOT_IN_PROJECT = "DEVPIPE.00011412"
# A run parameter is a name and a string value of at most this many characters [SDK: StartPipelineBuildParams].
BUILD_PARAM_MAX_LENGTH = 8192

# Pipeline, v5 lists: ListPipelines and ListPipelineRuns page by offset (items) and limit (at most 100) [SDK]. A run's v5
# status is one of these [SDK: ListPipelineRunsQuery]; [MODEL] a run is under way while RUNNING, PAUSED or SUSPEND (a run
# that waits for a manual review reads RUNNING, its job PAUSED).
PIPELINE_PAGE_SIZE = 100
# [MODEL] How many pipelines one BatchShowPipelinesLatestStatus may name (undocumented; the list's page size).
LATEST_STATUS_MAX = 100
PIPELINE_PAGES = Paging("pipelines", "offset", "limit", PIPELINE_PAGE_SIZE, "items")
PIPELINE_RUN_PAGES = Paging("pipeline_runs", "offset", "limit", PIPELINE_PAGE_SIZE, "items")
PIPELINE_RUN_STATUSES = ("COMPLETED", "RUNNING", "FAILED", "CANCELED", "PAUSED", "SUSPEND", "IGNORED")
PIPELINE_RUN_ACTIVE = ("RUNNING", "PAUSED", "SUSPEND")
# A v5 run, job or step that failed reads FAILED.
PIPELINE_FAILED = "FAILED"
# [MODEL] How an ended run's v5 status reads as the v3 outcome (IGNORED has none).
PIPELINE_RUN_OUTCOMES = {"COMPLETED": "success", "FAILED": "error", "CANCELED": "aborted"}

# Run control (v5). RunPipeline and RetryPipelineRun answer a run that had to queue (the pipeline's concurrency limit,
# or the tenant's, is reached) with HTTP 2xx and one of these codes, the run's ID and its queue record's ID in
# ``error`` [FIELD: TF]: the run was created, so it is an answer, not a failure.
RUN_QUEUED = ("DEVPIPE.00011169", "DEVPIPE.00011170")
# [MODEL] A queued run reads "waiting" in the v3 status API, INIT in the v5 run list; modules find it in the queue.
PIPELINE_RUN_WAITING = "waiting"
PIPELINE_RUN_NOT_STARTED = "INIT"
# The queue (ListPipelineQueue): records of status QUEUED or QUEUED_TIME_OUT, paged by offset (items) and limit, both
# required [DOC]; [MODEL] 100 a page. The listing's status for a queued run is QUEUED.
PIPELINE_QUEUE_PAGES = Paging("queuedPipelines", "offset", "limit", PIPELINE_PAGE_SIZE, "items")
PIPELINE_RUN_QUEUED = "QUEUED"
# What codearts_pipeline_run_info's status filter takes: the v5 run statuses, and QUEUED.
PIPELINE_RUN_LISTED_STATUSES = PIPELINE_RUN_STATUSES + (PIPELINE_RUN_QUEUED,)
# RunPipeline's description is at most this many characters [DOC].
RUN_DESCRIPTION_MAX_LENGTH = 1024

# Pipeline, v5 (by pipeline_run_id; the same ID as the v3 build_id [MODEL]): a manual review is a step of this
# plugin. [MODEL] It waits while the step is RUNNING (its job PAUSED); approving makes it COMPLETED, rejecting
# (or a timeout with timeout_strategy reject) FAILED, and stopping the run CANCELED.
MANUAL_REVIEW_TASK = "official_devcloud_checkpoint"
REVIEW_STEP_DECISIONS = {"RUNNING": None, "COMPLETED": "approved", "FAILED": "rejected", "CANCELED": "canceled"}
# The other holds of a run (run control): a stage's manual entry is a step of this plugin in the stage's pre steps
# [FIELD: public code]; a delay step's plugin [FIELD: public code]; the suspend step's plugin name is not known, so
# [MODEL] a suspend step is also one that runs in a job whose status is SUSPEND. Each waits while RUNNING; [MODEL] it
# ends COMPLETED (passed, or a delay whose time ran out), FAILED (refused) or CANCELED (its run was stopped).
CHECKPOINT_TASK = "official_devcloud_manualTrigger"
DELAY_TASK = "official_devcloud_delay"
SUSPEND_TASK = "official_devcloud_suspendPipeline"
JOB_SUSPENDED = "SUSPEND"
STEP_OUTCOMES = {"RUNNING": None, "COMPLETED": "passed", "FAILED": "refused", "CANCELED": "canceled"}
# A delay step can be extended by an hour at most this many times [DOC user guide].
DELAY_EXTENSIONS_MAX = 3
# [MODEL] A review that rejected itself on its timeout says so in the step's message.
REVIEW_TIMED_OUT = re.compile(r"time[sd]?[ -]?out|超时", re.IGNORECASE)

# Logs (7.5): a step's log is read with ShowPipelineLog (`limit` lines [SDK: LogQuery]), a build's with
# DownloadBuildRealTimeLog (`size`, fixed at 1000 [DOC]). What `sort` desc (DESC) gives is not documented (7.9): [MODEL]
# the newest line first, so a tail is read newest first and turned around. One answer is read; the next page (the
# answer's start_offset sent back as end_offset) only while the lines read are fewer than asked and it says has_more,
# at most LOG_TAIL_PAGES answers in all. A task asks for at most LOG_LINES_MAX lines of each log.
LOG_LINES_MAX = 1000
BUILD_LOG_SIZE = 1000
LOG_TAIL_PAGES = 10

# ProjectMan's project list (ListProjectsV4, GET /v4/projects): `offset` counts items and must be a multiple of `limit`
# (1 to 1000) [DOC]. `query_type` omitted lists the projects the caller is a member of, `domain_projects` all the
# tenant's [DOC]. [MODEL] `archive=true` lists the archived projects only, `false` the others (the SDK's reading; the
# English page inverts it); `created_time` and `updated_time` are epoch ms. The region of the endpoint decides which
# region's projects are listed [MODEL].
PROJECT_PAGES = Paging("projects", "offset", "limit", 100, "items")
PROJECT_SCOPES = {"member": None, "tenant": "domain_projects"}
PROJECT_TYPES = ("scrum", "normal", "xboard", "basic", "phoenix")

# Check: task_status values of GET /v2/tasks/{task_id}/progress.
CHECK_TASK_STATUS = {None: "never_run", 0: "running", 1: "failed", 2: "succeeded", 3: "aborted"}
CHECK_TASK_RUNNING = 0
# [MODEL] A task that does not exist answers HTTP 400 with this code; list paging counts items.
CHECK_TASK_MISSING = "CC.00010001"
CHECK_TASK_PAGE_SIZE = 100
CHECK_TASK_PAGES = Paging("tasks", "offset", "limit", CHECK_TASK_PAGE_SIZE, "items")

# Retries: 429 and 503 mean the gateway did not process the request, so any call
# is sent again. 500 (the service failed while handling it), 502, 504, a connection
# lost after sending, a read timeout and an unreadable answer may hide a processed
# request: reads are sent again, writes never (a second stop or recover of a done
# action is refused with 400, a second start runs twice); the write fails as
# ambiguous and the module reads the state.
NOT_PROCESSED_STATUS = frozenset((429, 503))
MAYBE_PROCESSED_STATUS = frozenset((500, 502, 504))

# Hints by error code, or by (error code, way of authenticating) where the cause depends on it.
_TOKEN_REFUSED = (
    "The gateway refused the IAM token: it must be a project-scoped token of this region that has not "
    "expired or been revoked."
)
# IAM's 401 to a token request: the user name, password or account name is wrong, or the user is locked.
PASSWORD_REFUSED = (
    "IAM refused the sign-in: check user_name (an IAM user, not a HUAWEI ID), password, and domain_name (the name "
    "of the account that owns the user). After several wrong passwords in a row, the account's login policy locks "
    "the user for a while, and then even the right password is refused until the lock ends."
)

# DEVPIPE.00011104 and 00011105: a start refused at the concurrency limit (exceed_action ABORT) [FIELD: public code].
_RUN_REFUSED_AT_LIMIT = (
    "The pipeline's concurrency limit is reached and its setting (exceed_action ABORT) refuses further runs instead of "
    "queueing them: wait for a run to end, stop one (codearts_pipeline_run state=stopped), or raise the limit."
)

ERROR_HINTS = {
    "APIGW.0301": "The gateway refused the credentials: check access_key and secret_key (and security_token for "
    "temporary credentials), that the key is active, and that this machine's clock is correct.",
    ("APIGW.0301", "token"): _TOKEN_REFUSED,
    ("APIGW.0301", "password"): _TOKEN_REFUSED,
    "APIGW.0307": "The IAM token has expired or was revoked: get a new one, or authenticate with user_name and password "
    "so that the collection renews it.",
    "APIGW.0101": "The API is not published in this region: check region, or point endpoint_url at a region or "
    "deployment that serves it.",
    "DEVPIPE.00011104": _RUN_REFUSED_AT_LIMIT,
    "DEVPIPE.00011105": _RUN_REFUSED_AT_LIMIT,
}

# IAM tokens live 24 h; renew a cached one this long before it expires.
TOKEN_REFRESH_MARGIN = 600
