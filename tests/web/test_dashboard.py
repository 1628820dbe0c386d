"""Dashboard selectors: rows per 班子 member, aspects where the whole 班子 is thin, the similarity cache."""

from __future__ import annotations

import pytest

from mingjing_web.reports import similarity
from mingjing_web.reports.dashboard import aspect_coverage, dashboard_rows, family_columns
from mingjing_web.reports.models import Report, ReportVersion, SimilarityCache
from mingjing_web.reports.services import version_paste
from tests.web.conftest import Cast, sample_text

pytestmark = pytest.mark.django_db


def test_rows_cover_every_team_member(cast: Cast, flawed: Report) -> None:
    rows = dashboard_rows(meeting=cast.meeting)
    assert [r.member.membership for r in rows] == [cast.head, cast.member]
    assert rows[0].report is None and rows[1].report == flawed
    assert family_columns(rows) and all(label for _, label in family_columns(rows))


def test_an_aspect_everyone_treats_lightly_is_thin(cast: Cast, uploaded: Report) -> None:
    version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0))
    for version in ReportVersion.objects.all():
        stats = dict(version.aspect_stats)
        assert stats, "the parser found no aspects"
        name = next(iter(stats))
        stats[name] = {"items": 1, "chars": 120}
        version.aspect_stats = stats
        version.save(update_fields=["aspect_stats"])
    coverage = {
        a.name: a for a in aspect_coverage(meeting=cast.meeting, rows=dashboard_rows(meeting=cast.meeting))
    }
    assert coverage[name].thin
    assert not all(a.thin for a in coverage.values())


def test_similarity_is_cached_until_a_version_changes(
    cast: Cast, uploaded: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert similarity.similarity_view(meeting=cast.meeting) is None  # one report: nothing to compare
    version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0))
    view = similarity.similarity_view(meeting=cast.meeting)
    assert view is not None and len(view["rows"]) == 2 and view["has_png"]
    calls = []
    monkeypatch.setattr(similarity, "_compute", lambda latest: calls.append(latest) or ({}, b""))
    similarity.similarity_view(meeting=cast.meeting)
    assert calls == []
    version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    similarity.similarity_view(meeting=cast.meeting)
    assert len(calls) == 1 and SimilarityCache.objects.count() == 1
