"""A county above the shared cast: 青岚县委 → {农业农村局党组 (the cast's unit), 白鹤镇党委 (its sibling)}.

The cast's ``outsider``/``outsider_admin`` are then a *sibling* unit's users; ``county`` is the 组织部
user (上级审阅) of the county, ``far`` the 上级审阅 of another county, ``county_off`` a disabled one.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.support.cast import Cast, County, fresh, make_county, own_corpora, shares_rows_for

__all__ = ["County", "make_county"]  # tests import them from here with the fixtures


@pytest.fixture(scope="module")
def module_county(request: pytest.FixtureRequest, module_cast: Cast | None) -> County | None:
    """The county built once above the module's cast, when every database test of the module uses it."""
    if module_cast is None or not shares_rows_for(request, "county"):
        return None
    shared = make_county(module_cast)
    fresh(shared)  # the first reading, before any test has changed a row
    return shared


@pytest.fixture
def county(module_county: County | None, cast: Cast) -> County:
    """The county above this test's cast: the module's, read again for this test, or a new one."""
    if module_county is None:
        return make_county(cast)
    copy: County = dataclasses.replace(fresh(module_county), cast=cast)
    own_corpora(copy)
    return copy


@pytest.fixture
def run_jobs(settings: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """``with run_jobs(): ...`` runs the block's after-commit work as the server does, with background
    jobs in-process: a job queued in the block (a cluster refresh) is finished when the block ends."""
    settings.MINGJING_JOBS_INLINE = True
    settings.MINGJING_BROKER_URL = ""

    def _run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return _run


def clusters_page(client: Any, run_jobs: Any) -> str:
    """The cross-unit page as seen once the refresh its visit queued (if any) has finished."""
    from django.urls import reverse

    url = reverse("county_cross_unit")
    with run_jobs():
        client.get(url)
    return str(client.get(url).content.decode())
