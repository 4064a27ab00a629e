# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The official SDK's own Build client, pointed at the emulator: signatures accepted, answers deserialised.

This is the strongest check that the emulator speaks the cloud's protocol: nothing here uses the
emulator's code on the client side.
"""

from __future__ import annotations

import pytest

from emulator_client import AK, IAM_PROJECT_ID, LOAD_PROJECT, MISSING_JOB, NIGHTLY, PROJECT, REGION, RELEASE, SECURITY_TOKEN, SK, TMP_AK, TMP_SK


def _build_client(sdk, emulator, credentials):
    config = sdk.HttpConfig.get_default_config()
    config.retry_times = 0
    return (sdk.build.CodeArtsBuildClient.new_builder().with_http_config(config).with_credentials(credentials)
            .with_region(sdk.Region(REGION, emulator.url)).build())


def test_sdk_reads_and_writes_build_jobs(sdk, emulator):
    build = sdk.build
    client = _build_client(sdk, emulator, sdk.BasicCredentials(AK, SK, IAM_PROJECT_ID))
    info = client.show_job_info(build.ShowJobInfoRequest(job_id=NIGHTLY))
    assert (info.result.job_name, info.result.disabled, info.status) == ('nightly-build', False, 'success')
    assert client.show_disable(build.ShowDisableRequest(job_id=RELEASE)).result.disabled == 1
    assert client.show_running_status(build.ShowRunningStatusRequest(job_id=NIGHTLY)).result.is_running is False
    page = client.show_job_list_by_project_id(build.ShowJobListByProjectIdRequest(project_id=LOAD_PROJECT, page_index=1, page_size=100))
    assert page.total == 150 and len(page.jobs) == 50 and page.jobs[0].job_name == 'load-job-100'
    assert client.disable_build_job(build.DisableBuildJobRequest(job_id=NIGHTLY)).status == 'success'
    assert client.enable_build_job(build.EnableBuildJobRequest(job_id=NIGHTLY)).status == 'success'
    deleted = client.delete_build_job(build.DeleteBuildJobRequest(job_id=NIGHTLY))
    assert (deleted.result.job_id, deleted.result.project_id) == (NIGHTLY, PROJECT)
    with pytest.raises(sdk.ClientRequestException) as error:
        client.show_job_info(build.ShowJobInfoRequest(job_id=MISSING_JOB))
    assert (error.value.status_code, error.value.error_code) == (422, 'DEVCB.00031006')
    assert error.value.request_id == emulator.requests()[-1]['request_id']


def test_sdk_looks_the_project_up_in_iam(sdk, emulator):
    credentials = sdk.BasicCredentials(AK, SK).with_iam_endpoint(emulator.url)
    client = _build_client(sdk, emulator, credentials)
    client.show_job_info(sdk.build.ShowJobInfoRequest(job_id=NIGHTLY))
    lookup, call = emulator.requests()
    assert (lookup['operation'], lookup['query']) == ('KeystoneListProjects', {'name': REGION})
    assert (call['operation'], call['project_header']) == ('ShowJobInfo', IAM_PROJECT_ID)


def test_sdk_temporary_credentials(sdk, emulator):
    credentials = sdk.BasicCredentials(TMP_AK, TMP_SK, IAM_PROJECT_ID).with_security_token(SECURITY_TOKEN)
    client = _build_client(sdk, emulator, credentials)
    assert client.show_job_info(sdk.build.ShowJobInfoRequest(job_id=NIGHTLY)).result.id == NIGHTLY
    assert emulator.requests()[-1]['auth'] == 'temporary_aksk'


def test_sdk_sees_a_bad_secret_as_apigw_0301(sdk, emulator):
    client = _build_client(sdk, emulator, sdk.BasicCredentials(AK, SK + 'x', IAM_PROJECT_ID))
    with pytest.raises(sdk.ClientRequestException) as error:
        client.show_job_info(sdk.build.ShowJobInfoRequest(job_id=NIGHTLY))
    assert (error.value.status_code, error.value.error_code) == (401, 'APIGW.0301')
