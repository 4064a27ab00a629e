# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Build: every route, the [MODEL] behaviours and paging."""

from __future__ import annotations

import pytest

from codearts_emulator.server import Emulator
from codearts_emulator.state import load_seed
from emulator_client import LEGACY, LOAD_PROJECT, MISSING_JOB, NIGHTLY, PROJECT, RELEASE, USER


def _v1_result(response):
    assert response.status == 200, response.body
    body = response.json()
    assert body['status'] == 'success' and body['error'] is None
    return body['result']


def _info(client, job_id):
    return _v1_result(client.call('GET', f'/v1/job/{job_id}/info'))


def test_job_info(client):
    info = _info(client, NIGHTLY)
    assert (info['id'], info['job_name'], info['project_id'], info['disabled']) == (NIGHTLY, 'nightly-build', PROJECT, False)
    assert isinstance(info['create_time'], int) and info['last_build_status'] == 'success'
    assert _info(client, RELEASE)['disabled'] is True


def test_check_disable_uses_the_sdk_field_names(client):
    result = _v1_result(client.call('GET', f'/v1/job/{RELEASE}/check/disable'))
    assert (result['disabled'], result['job_id'], result['job_name']) == (1, RELEASE, 'release-build')
    assert result['reson'] == 'frozen until the next release' and result['forbiddener'] == USER
    assert _v1_result(client.call('GET', f'/v1/job/{NIGHTLY}/check/disable'))['disabled'] == 0


def test_running_status(client):
    assert _v1_result(client.call('GET', f'/v1/job/{NIGHTLY}/running-status'))['is_running'] is False
    busy = _v1_result(client.call('GET', '/v1/job/b1d0000000000000000000000000000f/running-status'))
    assert busy == {'last_job_id': 'b1d0000000000000000000000000000f', 'last_build_no': '42',
                    'last_build_status': 'running', 'is_running': True}


def test_disable_then_recover(client, emulator):
    assert client.call('POST', f'/v3/jobs/{NIGHTLY}/disable').json() == {'status': 'success'}
    assert _info(client, NIGHTLY)['disabled'] is True
    assert _v1_result(client.call('GET', f'/v1/job/{NIGHTLY}/check/disable'))['forbiddener'] == USER
    assert client.call('POST', f'/v3/jobs/{NIGHTLY}/recover').json() == {'status': 'success'}
    assert _info(client, NIGHTLY)['disabled'] is False
    operations = [(entry['operation'], entry['write']) for entry in emulator.requests()]
    assert operations == [('DisableBuildJob', True), ('ShowJobInfo', False), ('ShowDisable', False),
                          ('EnableBuildJob', True), ('ShowJobInfo', False)]


@pytest.mark.parametrize('action, job_id, disabled', [('recover', NIGHTLY, False), ('disable', RELEASE, True)])
def test_writes_that_change_nothing_succeed(client, emulator, action, job_id, disabled):
    before = emulator.snapshot()['build']
    response = client.call('POST', f'/v3/jobs/{job_id}/{action}', body={})
    assert (response.status, response.json()) == (200, {'status': 'success'})
    assert _info(client, job_id)['disabled'] is disabled
    assert emulator.snapshot()['build'] == before


def test_delete_moves_the_job_to_the_recycle_bin(client, emulator):
    response = client.call('POST', f'/v3/jobs/{LEGACY}/delete')
    assert response.json() == {'status': 'success', 'result': {'job_id': LEGACY, 'project_id': PROJECT}}
    job = next(job for job in emulator.snapshot()['build']['jobs'] if job['id'] == LEGACY)
    assert job['deleted'] is True
    names = [job['job_name'] for job in client.call('GET', f'/v3/{PROJECT}/jobs', {'page_size': 100}).json()['jobs']]
    assert 'legacy-build' not in names


@pytest.mark.parametrize('method, template', [
    ('GET', '/v1/job/{}/info'), ('GET', '/v1/job/{}/check/disable'), ('GET', '/v1/job/{}/running-status'),
    ('POST', '/v3/jobs/{}/recover'), ('POST', '/v3/jobs/{}/disable'), ('POST', '/v3/jobs/{}/delete'),
])
@pytest.mark.parametrize('deleted', [False, True], ids=['missing', 'deleted'])
def test_missing_or_deleted_job_is_422(client, method, template, deleted):
    job_id = LEGACY if deleted else MISSING_JOB
    if deleted:
        assert client.call('POST', f'/v3/jobs/{LEGACY}/delete').status == 200
    response = client.call(method, template.format(job_id))
    assert response.status == 422
    assert response.json()['error_code'] == 'DEVCB.00031006'


def test_job_list_of_a_project(client):
    body = client.call('GET', f'/v3/{PROJECT}/jobs', {'page_index': 0, 'page_size': 100}).json()
    names = [job['job_name'] for job in body['jobs']]
    assert body['total'] == len(names) and names[:3] == ['nightly-build', 'release-build', 'legacy-build']
    assert names.count('duplicate-build') == 2
    release = body['jobs'][1]
    assert release['disabled'] is True and release['is_finished'] is True and isinstance(release['last_build_time'], float)


def test_paging_across_150_jobs(client):
    seen = []
    for page_index in range(3):
        body = client.call('GET', f'/v3/{LOAD_PROJECT}/jobs', {'page_index': page_index, 'page_size': 60}).json()
        assert body['total'] == 150
        seen += [job['job_name'] for job in body['jobs']]
    assert seen == [f'load-job-{index:03d}' for index in range(150)]
    first = client.call('GET', f'/v3/{LOAD_PROJECT}/jobs', {'page_index': 0, 'page_size': 100}).json()['jobs']
    second = client.call('GET', f'/v3/{LOAD_PROJECT}/jobs', {'page_index': 1, 'page_size': 100}).json()['jobs']
    assert (len(first), len(second)) == (100, 50)
    assert client.call('GET', f'/v3/{LOAD_PROJECT}/jobs', {'page_index': 2, 'page_size': 100}).json() == {'jobs': [], 'total': 150}
    assert len({job['id'] for job in first + second}) == 150


def test_default_page_index_and_unknown_project(client):
    assert len(client.call('GET', f'/v3/{LOAD_PROJECT}/jobs', {'page_size': 7}).json()['jobs']) == 7
    assert client.call('GET', '/v3/c0dea77500000000000000000000ffff/jobs', {'page_size': 10}).json() == {'jobs': [], 'total': 0}


@pytest.mark.parametrize('query', [{'page_size': 101}, {'page_size': 0}, {}, {'page_size': 'ten'}, {'page_size': 10, 'page_index': -1}])
def test_bad_paging_parameters(client, query):
    response = client.call('GET', f'/v3/{PROJECT}/jobs', query)
    assert response.status == 400 and response.json()['error_code'] == 'CB.00060200'


def _seed_with_jobs(*jobs):
    return {**load_seed(None), 'build': {'jobs': list(jobs)}}


def test_generated_and_seeded_jobs_are_validated():
    with pytest.raises(ValueError, match='32 characters'):
        Emulator(seed=_seed_with_jobs({'id': 'NOT-AN-ID', 'job_name': 'x', 'project_id': PROJECT}))
    with pytest.raises(ValueError, match='colour'):
        Emulator(seed=_seed_with_jobs({'id': NIGHTLY, 'job_name': 'x', 'project_id': PROJECT, 'colour': 'red'}))
    with pytest.raises(ValueError, match='twice'):
        Emulator(seed=_seed_with_jobs({'id': NIGHTLY, 'project_id': PROJECT}, {'id': NIGHTLY, 'project_id': PROJECT}))
    seed = _seed_with_jobs({'generate': {'count': 3, 'prefix': 'j'}, 'project_id': PROJECT, 'disabled': True})
    jobs = Emulator(seed=seed).snapshot()['build']['jobs']
    assert [(job['job_name'], job['disabled']) for job in jobs] == [('j0', True), ('j1', True), ('j2', True)]
