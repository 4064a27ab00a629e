# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for the emulator's own tests: a running emulator, a signing client and the official SDK."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

# `tests/` holds the codearts_emulator package; this directory holds the test client module.
for _path in (Path(__file__).resolve().parents[2], Path(__file__).resolve().parent):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from emulator_client import Client  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def emulator():
    """An emulator on a free port, seeded with the default demo data."""
    with Emulator() as emu:
        yield emu


@pytest.fixture
def client(emulator):  # pylint: disable=redefined-outer-name
    """A client of `emulator` that signs with the demo's permanent AK/SK unless told otherwise."""
    return Client(emulator.url)


@pytest.fixture(scope='session')
def sdk(tmp_path_factory):
    """The official Huawei Cloud SDK (test-only), imported with HOME pointed at a temporary directory.

    Importing the SDK writes ~/.huaweicloud/application_id; the real home must stay untouched.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv('HOME', str(tmp_path_factory.mktemp('home')))
        pytest.importorskip('huaweicloudsdkcore')
        pytest.importorskip('huaweicloudsdkcodeartsbuild')
        modules = {name: importlib.import_module(name) for name in (
            'huaweicloudsdkcore.auth.credentials', 'huaweicloudsdkcore.http.http_config', 'huaweicloudsdkcore.region.region',
            'huaweicloudsdkcore.sdk_request', 'huaweicloudsdkcore.signer.signer', 'huaweicloudsdkcore.exceptions.exceptions',
            'huaweicloudsdkcodeartsbuild.v3')}
    return SimpleNamespace(
        BasicCredentials=modules['huaweicloudsdkcore.auth.credentials'].BasicCredentials,
        HttpConfig=modules['huaweicloudsdkcore.http.http_config'].HttpConfig,
        Region=modules['huaweicloudsdkcore.region.region'].Region,
        SdkRequest=modules['huaweicloudsdkcore.sdk_request'].SdkRequest,
        Signer=modules['huaweicloudsdkcore.signer.signer'].Signer,
        ClientRequestException=modules['huaweicloudsdkcore.exceptions.exceptions'].ClientRequestException,
        build=modules['huaweicloudsdkcodeartsbuild.v3'],
    )
