"""After an upload the colleagues matrix is refreshed in the background; pages show the last one meanwhile.

The report page an upload redirects to used to recompute the whole meeting's matrix first, which grows with
the meeting (~0.4 CPU-s at 58 reports in the rush benchmark). These tests pin what a page shows while a
refresh is on its way, and that the server's background thread stores the new matrix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from mingjing_web.reports import similarity
from mingjing_web.reports.models import SimilarityCache
from mingjing_web.reports.services import version_paste
from tests.web.conftest import Cast, sample_text


def _two_twins(cast: Cast) -> tuple[Any, Any]:
    original = version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    copy = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(1).replace("我", "本人", 3))
    return original, copy


def _mark(cast: Cast, until: dt.datetime) -> None:
    assert SimilarityCache.objects.filter(meeting=cast.meeting).update(refresh_until=until) == 1


def _key(cast: Cast) -> str:
    return SimilarityCache.objects.get(meeting=cast.meeting).key


@pytest.mark.django_db
def test_while_a_refresh_is_on_its_way_pages_show_the_last_matrix_and_say_so(cast: Cast, login: Any) -> None:
    original, copy = _two_twins(cast)
    assert similarity.report_twins(report=original.report)[0]  # computed and stored
    before = _key(cast)
    version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1).replace("我", "自己", 2))
    _mark(cast, timezone.now() + similarity.REFRESH_GRACE)

    assert similarity.report_twins(report=original.report) == ([], True)  # its new version: not compared yet
    # the colleague's page leaves out the pair with the member's older version instead of showing it as current
    assert similarity.report_twins(report=copy.report) == ([], False)
    page = login(cast.member).get(reverse("report_detail", args=[original.report_id])).content.decode()
    assert 'data-testid="twins-refreshing"' in page and 'data-testid="twins"' not in page
    assert _key(cast) == before  # no page computed the matrix


@pytest.mark.django_db
@pytest.mark.parametrize("marked", [False, True], ids=["no-refresh-queued", "refresh-past-its-grace"])
def test_without_a_live_refresh_the_page_compares_at_once(cast: Cast, login: Any, marked: bool) -> None:
    original, copy = _two_twins(cast)
    similarity.report_twins(report=original.report)
    before = _key(cast)
    version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1).replace("我", "自己", 2))
    if marked:
        _mark(cast, timezone.now() - dt.timedelta(seconds=1))  # its process is gone: not waited for

    twins, refreshing = similarity.report_twins(report=original.report)
    assert [t["report_id"] for t in twins] == [copy.report_id] and not refreshing
    assert _key(cast) != before
    page = login(cast.member).get(reverse("report_detail", args=[original.report_id])).content.decode()
    assert 'data-testid="twins"' in page and 'data-testid="twins-refreshing"' not in page


@pytest.mark.django_db(transaction=True)
def test_the_server_refreshes_the_matrix_in_the_background_once_per_burst(
    cast: Cast, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mingjing_web import corpus

    monkeypatch.setattr(similarity, "REFRESH_SETTLE_SECONDS", 0.3)
    original, _copy = _two_twins(cast)
    similarity.report_twins(report=original.report)
    settings.MINGJING_BACKGROUND_INDEXING = True
    try:
        version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1).replace("我", "自己", 2))
        assert SimilarityCache.objects.get(meeting=cast.meeting).refresh_until is not None  # marked on commit
        similarity._refresher().submit(lambda: None).result(timeout=60)  # the queue is worked in order
        current = similarity._key(similarity._latest(cast.meeting))
        assert _key(cast) == current  # stored by the background thread
        twins, refreshing = similarity.report_twins(report=original.report)
        assert twins and not refreshing
        # a burst of saves is one refresh: the ones queued before it starts computing join it
        queued = [similarity.similarity_refresh_soon(meeting_id=cast.meeting.pk) for _ in range(3)]
        assert queued[0] is not None and queued[1:] == [None, None]
        queued[0].result(timeout=60)
    finally:
        corpus._indexer().submit(lambda: None).result(timeout=60)  # the copy index's updates are done too
        settings.MINGJING_BACKGROUND_INDEXING = False


def test_commands_and_tests_leave_the_matrix_to_the_next_page(settings: Any) -> None:
    settings.MINGJING_BACKGROUND_INDEXING = False
    assert similarity.similarity_refresh_soon(meeting_id=1) is None


@pytest.mark.django_db
def test_the_page_polls_its_comparison_until_the_refresh_has_landed(cast: Cast, login: Any) -> None:
    original, _copy = _two_twins(cast)
    similarity.report_twins(report=original.report)
    version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1).replace("我", "自己", 2))
    _mark(cast, timezone.now() + similarity.REFRESH_GRACE)
    client = login(cast.member)
    url = reverse("report_twins", args=[original.report_id])
    page = client.get(reverse("report_detail", args=[original.report_id])).content.decode()
    assert f'hx-get="{url}"' in page
    part = client.get(url).content.decode()
    assert 'data-testid="twins-refreshing"' in part and 'hx-trigger="every 3s"' in part
    _mark(cast, timezone.now() - dt.timedelta(seconds=1))  # landed or lost: the next poll has the comparison
    part = client.get(url).content.decode()
    assert 'data-testid="twins"' in part and "hx-trigger" not in part and "twins-refreshing" not in part
