"""What a page view costs the server (issue 14.7): the per-request memo, query bounds, the profiler."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from mingjing_web.meetings.selectors import meeting_members
from mingjing_web.memo import RequestMemoMiddleware, memo_active
from mingjing_web.reports.models import Report
from mingjing_web.reports.services import version_paste
from tests.web.conftest import Cast, sample_text

pytestmark = pytest.mark.django_db

MEMO = "mingjing_web.memo.RequestMemoMiddleware"


@pytest.fixture
def two_reports(cast: Cast, flawed: Report) -> Report:
    """Both members of the 班子 have a report: the dashboard has rows, twins and findings to show."""
    version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0))
    return flawed


def _pages(cast: Cast, report: Report) -> dict[str, str]:
    meeting = cast.meeting.pk  # type: ignore[attr-defined]
    return {
        "home": "/",
        "dashboard": f"/meetings/{meeting}/",
        "report": f"/reports/{report.pk}/",
        "drilldown": f"/meetings/{meeting}/findings/?family=specificity",
    }


def _without_memo() -> list[str]:
    from django.conf import settings

    return [m for m in settings.MIDDLEWARE if m != MEMO]


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    # The CSRF token differs between two renderings of the same page.
    body = re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())
    return len(captured.captured_queries), body


def test_selectors_query_every_time_outside_a_page_view(
    cast: Cast, django_assert_num_queries: object
) -> None:
    assert memo_active() is None
    with CaptureQueriesContext(connection) as captured:
        meeting_members(meeting=cast.meeting)
        meeting_members(meeting=cast.meeting)
    assert len(captured.captured_queries) == 2


def _twice(request: HttpRequest) -> HttpResponse:
    meeting_members(meeting=request.meeting)  # type: ignore[attr-defined]
    meeting_members(meeting=request.meeting)  # type: ignore[attr-defined]
    return HttpResponse("ok")


@pytest.mark.parametrize(("method", "queries"), [("GET", 1), ("HEAD", 1), ("POST", 2), ("PUT", 2)])
def test_only_page_views_are_memoised(cast: Cast, method: str, queries: int) -> None:
    request = HttpRequest()
    request.method = method
    request.meeting = cast.meeting  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as captured:
        RequestMemoMiddleware(_twice)(request)
    assert len(captured.captured_queries) == queries
    assert memo_active() is None  # dropped with the response


def test_a_failing_view_drops_its_memo(cast: Cast) -> None:
    def broken(request: HttpRequest) -> HttpResponse:
        assert memo_active() is not None
        raise RuntimeError("boom")

    request = HttpRequest()
    request.method = "GET"
    with pytest.raises(RuntimeError):
        RequestMemoMiddleware(broken)(request)
    assert memo_active() is None


def test_the_memo_changes_no_page_and_saves_queries(cast: Cast, two_reports: Report, login: object) -> None:
    client = login(cast.reviewer)  # type: ignore[operator]
    pages = _pages(cast, two_reports)
    for url in pages.values():
        client.get(url)  # first views fill the similarity cache: compare warm pages
    with_memo = {kind: _queries(client, url) for kind, url in pages.items()}
    with override_settings(MIDDLEWARE=_without_memo()):
        plain = Client()
        plain.force_login(cast.reviewer.user)  # type: ignore[attr-defined]
        without = {kind: _queries(plain, url) for kind, url in pages.items()}
    for kind in pages:
        assert with_memo[kind][1] == without[kind][1], f"the memo changed the {kind} page"
        assert with_memo[kind][0] <= without[kind][0], kind
    # The meeting page asks the talk coverage, the opinions and the membership more than once.
    assert with_memo["dashboard"][0] <= without["dashboard"][0] - 8


# Upper bounds with the memo on (the SQLite and PostgreSQL counts are the same); a page that needs
# more has grown an N+1 or a repeated question (issue 14.7: queries are most of a page's CPU).
@pytest.mark.parametrize(
    ("kind", "bound"), [("home", 10), ("dashboard", 17), ("report", 18), ("drilldown", 8)]
)
def test_page_query_bounds(
    cast: Cast,
    two_reports: Report,
    login: object,
    kind: str,
    bound: int,
    django_assert_max_num_queries: object,
) -> None:
    client = login(cast.reviewer)  # type: ignore[operator]
    url = _pages(cast, two_reports)[kind]
    client.get(url)  # first view: the similarity cache and the like are filled
    with django_assert_max_num_queries(bound):  # type: ignore[operator]
        assert client.get(url).status_code == 200


def test_profiler_records_requests_but_not_anonymous_pages(
    cast: Cast, uploaded: Report, login: object, tmp_path: Path
) -> None:
    from django.conf import settings

    middleware = ["mingjing_web.profiling.ProfileMiddleware", *settings.MIDDLEWARE]
    with override_settings(
        MIDDLEWARE=middleware, MINGJING_PROFILE_DIR=str(tmp_path), MINGJING_PROFILE_EVERY=1
    ):
        client = Client()
        client.force_login(cast.reviewer.user)  # type: ignore[attr-defined]
        assert client.get(f"/meetings/{cast.meeting.pk}/").status_code == 200  # type: ignore[attr-defined]
        client.get("/o/no-such-link/")
    lines = (tmp_path / "requests.tsv").read_text("utf-8").splitlines()
    assert len(lines) == 1
    pid, method, path, status, wall, cpu, queries, sql_ms = lines[0].split("\t")
    assert (method, path, status) == ("GET", f"/meetings/{cast.meeting.pk}/", "200")  # type: ignore[attr-defined]
    assert int(pid) == os.getpid() and float(wall) > 0 and float(cpu) > 0
    assert int(queries) > 0 and float(sql_ms) >= 0
    profiles = list(tmp_path.glob("*.prof"))
    assert len(profiles) == 1 and "meetings" in profiles[0].name
    assert not any("o_no" in p.name for p in profiles)


def test_pages_after_an_upload_do_not_draw_the_heat_map(
    cast: Cast, two_reports: Report, login: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mingjing.facade

    drawn: list[object] = []
    real = mingjing.facade.write_heatmap
    monkeypatch.setattr(mingjing.facade, "write_heatmap", lambda *a, **k: drawn.append(a) or real(*a, **k))
    client = login(cast.reviewer)  # type: ignore[operator]
    pages = _pages(cast, two_reports)
    version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))  # the matrix is stale
    for kind in ("dashboard", "report"):
        assert client.get(pages[kind]).status_code == 200
    assert drawn == []  # the pages recomputed the matrix, not the picture
    assert 'class="heatmap"' in client.get(pages["dashboard"]).content.decode()
    url = f"/meetings/{cast.meeting.pk}/heatmap.png"  # type: ignore[attr-defined]
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"\x89PNG")
    assert second.content == first.content and len(drawn) == 1  # drawn once, then kept


def _settings_middleware(**env: str) -> list[str]:
    """MIDDLEWARE as a fresh process computes it from these environment variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MINGJING_PROFILE")}
    clean.pop("MINGJING_REQUEST_MEMO", None)
    clean.update(env)
    code = "import mingjing_web.settings as s; print('\\n'.join(s.MIDDLEWARE))"
    done = subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_settings_memo_on_by_default_profiler_off(tmp_path: Path) -> None:
    middleware = _settings_middleware(MINGJING_DATA_DIR=str(tmp_path))
    assert MEMO in middleware
    assert middleware.index(MEMO) > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
    assert "mingjing_web.profiling.ProfileMiddleware" not in middleware


def test_settings_switches(tmp_path: Path) -> None:
    middleware = _settings_middleware(
        MINGJING_DATA_DIR=str(tmp_path), MINGJING_REQUEST_MEMO="0", MINGJING_PROFILE_DIR=str(tmp_path / "p")
    )
    assert MEMO not in middleware
    assert middleware[0] == "mingjing_web.profiling.ProfileMiddleware"
