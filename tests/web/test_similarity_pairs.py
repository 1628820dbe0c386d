"""Copying that counts: the heat map's order and scale, pairs seen from both sides, a measured threshold."""

from __future__ import annotations

import pytest

from mingjing_web.reports import similarity
from mingjing_web.reports.services import version_paste
from tests.web.conftest import Cast, sample_text

pytestmark = pytest.mark.django_db


def test_members_come_in_the_dashboards_order(cast: Cast) -> None:
    version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))  # 李慧 uploads first
    version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0))
    view = similarity.similarity_view(meeting=cast.meeting)
    assert view is not None and view["names"] == ["周明远", "李慧"]  # the 主要负责人 first
    assert view["title"] == similarity.HEATMAP_TITLE


def test_the_first_writer_sees_the_twin_with_passages_side_by_side(cast: Cast) -> None:
    original = version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    copy = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(1).replace("我", "本人", 3))
    twins, refreshing = similarity.report_twins(report=original.report)
    assert [t["report_id"] for t in twins] == [copy.report_id] and not refreshing
    twin = twins[0]
    assert twin["ghostwritten"] and twin["my_share"] > 0.8 and twin["twin_share"] > 0.8
    longest = max(twin["passages"], key=lambda p: p["chars"])
    assert longest["mine"] and longest["theirs"] and longest["mine"][:20] in sample_text(1)
    # and the copier sees the original the same way
    assert [t["report_id"] for t in similarity.report_twins(report=copy.report)[0]] == [original.report_id]
    view = similarity.similarity_view(meeting=cast.meeting)
    assert view is not None and view["clusters"] == [["周明远", "李慧"]]


def test_honest_reports_are_no_group_and_no_twins(cast: Cast) -> None:
    mine = version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0))
    view = similarity.similarity_view(meeting=cast.meeting)
    assert view is not None and view["clusters"] == []
    assert all(not t["ghostwritten"] for t in similarity.report_twins(report=mine.report)[0])


def test_a_small_shared_passage_stays_below_the_measured_threshold() -> None:
    pairs = [{"a": 0, "b": 1, "a_share": 0.06, "b_share": 0.05, "passages": []}]
    assert similarity.ghostwritten_groups(pairs, 2, 0.133) == []  # 5 % no longer makes a group
    pairs[0]["b_share"] = 0.2
    assert similarity.ghostwritten_groups(pairs, 2, 0.133) == [[0, 1]]


def test_a_high_copy_ratio_needs_a_confirmation_and_a_low_one_does_not() -> None:
    assert similarity.copy_confirmation_needed(copy_ratio=0.05) is None
    message = similarity.copy_confirmation_needed(copy_ratio=0.99)
    assert message is not None and "99%" in message and "核实" in message
    assert "审核人已核实" in similarity.copy_verdict_note(copy_ratio=0.99)


def test_the_report_page_shows_the_twin_to_both_writers_without_naming_a_colleague(cast: Cast, login) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    original = version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    copy = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(1).replace("我", "本人", 3))
    first = login(cast.member).get(reverse("report_detail", args=[original.report_id])).content.decode()
    assert 'data-testid="twins"' in first and "本单位其他同志的材料" in first
    assert "周明远" not in first.split('data-testid="twins"', 1)[1].split("</section>", 1)[0]
    reviewer = login(cast.reviewer).get(reverse("report_detail", args=[copy.report_id])).content.decode()
    assert 'data-testid="twins"' in reviewer and "李慧" in reviewer.split('data-testid="twins"', 1)[1]
