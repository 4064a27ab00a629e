# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Build: build jobs that can be enabled, disabled, deleted (to a recycle bin), read and listed.

Field names and types follow the official SDK's models (ShowJobInfoResult, IsDisableResult,
ShowRunningStatusResult, Job); the behaviours the documentation leaves open follow the [MODEL]
table of the collection's API reference (see README).
"""

from __future__ import annotations

import re
from typing import Any

from ..api import ApiError, Reply, Request, Route, Service, expand_generated

ID_PATTERN = re.compile(r'^[0-9a-z]{32}$')
MAX_PAGE_SIZE = 100
JOB_FIELDS = {'id', 'job_name', 'project_id', 'disabled', 'user_name', 'create_time', 'last_build_status',
              'last_build_time', 'last_build_no', 'running', 'health_score', 'source_code', 'scm_type',
              'trigger_type', 'build_time', 'disable_reason'}


def _job_gone(job_id: str) -> ApiError:
    # [MODEL] a missing or deleted job answers every read and write with 422 DEVCB.00031006.
    return ApiError(422, 'DEVCB.00031006', f'The build job {job_id} does not exist or has been deleted.')


def _invalid_param(detail: str) -> ApiError:
    return ApiError(400, 'CB.00060200', f'Invalid param: {detail}')


def _v1(result: Any) -> Reply:
    """The v1 endpoints' envelope."""
    return Reply(200, {'result': result, 'error': None, 'status': 'success'})


class BuildService(Service):
    """Build jobs by id, each in one CodeArts project; deleted jobs stay in the recycle bin (state only)."""

    name = 'build'

    def load(self, seed: dict) -> None:
        creator = self.state.default_user or ''
        now = self.state.clock.now_ms()
        self.jobs: dict[str, dict] = {}
        for entry in seed.get('jobs') or []:
            for job in expand_generated(entry, 'build', 'id', 'job_name'):
                self._add_job(job, creator, now)

    def _add_job(self, entry: dict, creator: str, now: int) -> None:
        unknown = set(entry) - JOB_FIELDS
        if unknown:
            raise ValueError(f"build seed: job {entry.get('job_name')!r} has unknown fields {', '.join(sorted(unknown))}")
        for key in ('id', 'project_id'):
            if not ID_PATTERN.match(str(entry.get(key, ''))):
                raise ValueError(f"build seed: job {entry.get('job_name')!r} needs a {key} of 32 characters [0-9a-z]")
        if entry['id'] in self.jobs:
            raise ValueError(f"build seed: job id {entry['id']} appears twice")
        job = {'job_name': entry['id'], 'disabled': False, 'user_name': creator, 'create_time': now,
               'last_build_status': 'success', 'last_build_time': now, 'last_build_no': 1, 'running': False,
               'health_score': 100, 'source_code': 'codehub', 'scm_type': 'codehub', 'trigger_type': 'Manual',
               'build_time': 0, 'disable_reason': '', **entry,
               'deleted': False, 'deleted_time': None, 'disabled_by': None, 'disabled_time': None}
        if job['disabled']:
            job['disabled_by'], job['disabled_time'] = job['user_name'], job['create_time']
        self.jobs[job['id']] = job

    def routes(self) -> list[Route]:
        return [
            Route('POST', '/v3/jobs/{job_id}/recover', 'EnableBuildJob', self.enable),
            Route('POST', '/v3/jobs/{job_id}/disable', 'DisableBuildJob', self.disable),
            Route('POST', '/v3/jobs/{job_id}/delete', 'DeleteBuildJob', self.delete),
            Route('GET', '/v1/job/{job_id}/info', 'ShowJobInfo', self.show_info),
            Route('GET', '/v1/job/{job_id}/check/disable', 'ShowDisable', self.show_disable),
            Route('GET', '/v1/job/{job_id}/running-status', 'ShowRunningStatus', self.show_running_status),
            Route('GET', '/v3/{project_id}/jobs', 'ShowJobListByProjectId', self.list_jobs),
        ]

    def snapshot(self) -> dict:
        return {'jobs': [dict(job) for job in self.jobs.values()]}

    def _live_job(self, job_id: str) -> dict:
        job = self.jobs.get(job_id)
        if job is None or job['deleted']:
            raise _job_gone(job_id)
        return job

    def enable(self, _request: Request, job_id: str) -> Reply:
        """S2, "recover": [MODEL] enabling an enabled job succeeds and changes nothing."""
        job = self._live_job(job_id)
        if job['disabled']:
            job.update(disabled=False, disabled_by=None, disabled_time=None, disable_reason='')
        return Reply(200, {'status': 'success'})

    def disable(self, request: Request, job_id: str) -> Reply:
        """Sibling of S2: [MODEL] disabling a disabled job succeeds and changes nothing."""
        job = self._live_job(job_id)
        if not job['disabled']:
            job.update(disabled=True, disabled_by=request.caller.user_name if request.caller else None,
                       disabled_time=self.state.clock.now_ms())
        return Reply(200, {'status': 'success'})

    def delete(self, _request: Request, job_id: str) -> Reply:
        """S4: move the job to the recycle bin; [MODEL] deleting a deleted job is 422 like any access to it."""
        job = self._live_job(job_id)
        job.update(deleted=True, deleted_time=self.state.clock.now_ms())
        return Reply(200, {'status': 'success', 'result': {'job_id': job['id'], 'project_id': job['project_id']}})

    def show_info(self, _request: Request, job_id: str) -> Reply:
        """ShowJobInfoResult."""
        job = self._live_job(job_id)
        return _v1({
            'id': job['id'], 'project_id': job['project_id'], 'project_permission_switch': False,
            'build_time': str(job['build_time']), 'charge_time': '0', 'create_time': job['create_time'],
            'disabled': job['disabled'], 'favorite': False, 'source_code': job['source_code'],
            'running_status': 'running' if job['running'] else 'finished', 'new_build': False,
            'job_name': job['job_name'], 'is_copy': True, 'is_delete': True, 'is_execute': True,
            'is_forbidden': True, 'is_manager': True, 'is_modify': True, 'is_view': True,
            'last_build_status': job['last_build_status'], 'last_build_time': job['last_build_time'],
            'health_score': job['health_score'],
        })

    def show_disable(self, _request: Request, job_id: str) -> Reply:
        """IsDisableResult: `disabled` is 1 or 0 and the reason field is spelt `reson`, as in the SDK."""
        job = self._live_job(job_id)
        return _v1({
            'forbiddener': job['disabled_by'] or '', 'reson': job['disable_reason'] if job['disabled'] else '',
            'disabled': int(job['disabled']), 'job_id': job['id'], 'job_name': job['job_name'],
            'forbidden_time': float(job['disabled_time']) if job['disabled_time'] is not None else None,
        })

    def show_running_status(self, _request: Request, job_id: str) -> Reply:
        """ShowRunningStatusResult."""
        job = self._live_job(job_id)
        return _v1({'last_job_id': job['id'], 'last_build_no': str(job['last_build_no']),
                    'last_build_status': job['last_build_status'], 'is_running': job['running']})

    def list_jobs(self, request: Request, project_id: str) -> Reply:
        """A project's live jobs in seed order, `page_index` zero-based, `page_size` required and at most 100."""
        query = request.query
        try:
            page_index = int(query.get('page_index', '0'))
            page_size = int(query['page_size'])
        except KeyError as exc:
            raise _invalid_param('page_size is required') from exc
        except ValueError as exc:
            raise _invalid_param('page_index and page_size must be integers') from exc
        if page_index < 0 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise _invalid_param(f'page_index must be >= 0 and page_size between 1 and {MAX_PAGE_SIZE}')
        jobs = [job for job in self.jobs.values() if job['project_id'] == project_id and not job['deleted']]
        page = jobs[page_index * page_size:(page_index + 1) * page_size]
        return Reply(200, {'jobs': [self._list_item(job) for job in page], 'total': len(jobs)})

    @staticmethod
    def _list_item(job: dict) -> dict:
        """The SDK's Job model."""
        return {
            'id': job['id'], 'job_name': job['job_name'], 'job_creator': job['user_name'], 'user_name': job['user_name'],
            'last_build_time': float(job['last_build_time']), 'health_score': job['health_score'],
            'source_code': job['source_code'], 'last_build_status': job['last_build_status'],
            'is_finished': not job['running'], 'disabled': job['disabled'], 'favorite': False, 'is_modify': True,
            'is_delete': True, 'is_execute': True, 'is_copy': True, 'is_forbidden': True, 'is_view': True,
            'last_build_user': job['user_name'], 'trigger_type': job['trigger_type'], 'build_time': job['build_time'],
            'scm_type': job['scm_type'], 'last_job_running_status': 'running' if job['running'] else 'finished',
        }
