# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Environment variables reach the options; an empty one counts as unset (AWX injects '' for empty fields)."""

from __future__ import annotations

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import AkSkAuth, resolve_auth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import codearts_argument_spec

SPEC = codearts_argument_spec()


@pytest.fixture(name="options_from")
def options_from_fixture(monkeypatch):
    """The options a module gets from the given environment and no task arguments."""

    def options_from(**env):
        for option in SPEC.values():
            for name in option.get("fallback", (None, []))[1]:
                monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        result = ArgumentSpecValidator(SPEC).validate({})
        assert not result.error_messages
        return result.validated_parameters

    return options_from


def test_the_first_set_variable_of_an_option_wins(options_from):
    assert options_from(HUAWEICLOUD_SDK_AK="first", HW_ACCESS_KEY="last")["access_key"] == "first"
    assert options_from(HW_ACCESS_KEY="last")["access_key"] == "last"


def test_an_empty_variable_is_unset_and_does_not_hide_the_next_one(options_from):
    assert options_from(HUAWEICLOUD_REGION="", HW_REGION_NAME="cn-north-4")["region"] == "cn-north-4"
    assert options_from(HUAWEICLOUD_REGION="")["region"] is None


def test_empty_variables_of_other_ways_do_not_count_as_credentials(options_from):
    params = options_from(
        HUAWEICLOUD_SDK_AK="AK",
        HUAWEICLOUD_SDK_SK="SK",
        HUAWEICLOUD_SDK_SECURITY_TOKEN="",
        HUAWEICLOUD_AUTH_TOKEN="",
        HW_USER_NAME="",
        HW_PASSWORD="",
        HW_DOMAIN_NAME="",
    )
    assert [params[name] for name in ("security_token", "auth_token", "user_name", "password", "domain_name")] == [
        None
    ] * 5
    auth = resolve_auth(params)
    assert isinstance(auth, AkSkAuth) and auth.security_token is None
