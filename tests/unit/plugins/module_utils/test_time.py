# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Times: every API shape read as epoch milliseconds, and the durations and points in time users write."""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._time import (
    cutoff_ms,
    duration_option,
    duration_seconds,
    epoch_ms,
    point_ms,
    seconds_since,
)

NOON = 1796212800000  # 2026-12-02T12:00:00Z


@pytest.mark.parametrize(
    "value",
    [
        NOON,
        float(NOON),
        "1796212800000",
        "1796212800000.0",
        "2026-12-02 12:00:00",
        "2026-12-02T12:00:00Z",
        "2026-12-02T20:00:00+08:00",
        "2026-12-02T12:00:00",
    ],
)
def test_every_api_shape_reads_as_epoch_milliseconds(value):
    assert epoch_ms(value) == NOON


@pytest.mark.parametrize("value", [None, "", "yesterday", True])
def test_a_missing_or_unreadable_time_is_none(value):
    assert epoch_ms(value) is None


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("6h", 21600),
        ("90m", 5400),
        ("1d12h", 129600),
        ("45s", 45),
        ("1.5h", 5400),
        ("3600", 3600),
        (120, 120),
        ("2D 3H", 183600),
        ("0", 0),
    ],
)
def test_durations_users_write(text, seconds):
    assert duration_seconds(text, "running_longer_than") == seconds


@pytest.mark.parametrize("text", ["", "6 hours", "h", "-1", "1w", True, "inf", "nan"])
def test_a_bad_duration_names_the_option_and_the_forms(text):
    with pytest.raises(
        CodeArtsError, match=r"running_longer_than (is a duration such as 6h|must be a duration of zero)"
    ):
        duration_seconds(text, "running_longer_than")


def test_points_in_time_users_write():
    assert point_ms("2026-12-02T12:00:00Z", "started_after") == NOON
    assert point_ms(str(NOON), "started_after") == NOON
    assert point_ms(None, "started_after") is None  # not given
    with pytest.raises(
        CodeArtsError, match=r"started_after is a time in ISO 8601 \(2026-12-01T08:00:00Z\) or epoch milliseconds"
    ):
        point_ms("last tuesday", "started_after")


def test_seconds_since():
    assert seconds_since(None, NOON) is None
    assert seconds_since(NOON, NOON + 90500) == 90
    assert seconds_since(NOON, NOON - 1000) == 0


def test_a_cutoff_reaches_back_from_the_services_now():
    assert cutoff_ms(duration_option({}, "running_longer_than"), NOON) is None
    assert cutoff_ms(duration_option({"running_longer_than": "1h"}, "running_longer_than"), NOON) == NOON - 3600000
    with pytest.raises(CodeArtsError, match="not_built_for is a duration"):
        duration_option({"not_built_for": "a month"}, "not_built_for")
