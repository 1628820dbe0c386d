"""Every form that changes a report carries the version and the state it was based on (issue 14.5).

A stale submission (someone decided, or a new version came in, since the page was loaded) is refused
with a Chinese conflict message (409), changes nothing, and keeps what was typed.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from mingjing_web.reports import services
from mingjing_web.reports.models import Report, ReviewComment, Status
from mingjing_web.revisions import StaleError, stamp
from tests.web.conftest import Cast, sample_text

pytestmark = pytest.mark.django_db


def _shown(html: str) -> dict[str, str]:
    """The hidden version and revision of the first form on the page that carries them."""
    version = re.search(r'name="version" value="(\d+)"', html)
    revision = re.search(r'name="revision" value="(\d+)"', html)
    assert version is not None and revision is not None, "the form carries what the page showed"
    return {"version": version.group(1), "revision": revision.group(1)}


def _submitted(report: Report, cast: Cast) -> Report:
    return services.report_submit(report=report, actor=cast.member)


def test_a_fresh_approval_goes_through(login: Any, cast: Cast, uploaded: Report) -> None:
    _submitted(uploaded, cast)
    client = login(cast.reviewer)
    shown = _shown(client.get(reverse("report_detail", args=[uploaded.pk])).content.decode())
    response = client.post(reverse("report_approve", args=[uploaded.pk]), {"comment": "同意。", **shown})
    assert response.status_code == 302
    uploaded.refresh_from_db()
    assert uploaded.status == Status.APPROVED


def test_stale_approve_after_another_decision_changes_nothing(
    login: Any, cast: Cast, uploaded: Report
) -> None:
    _submitted(uploaded, cast)
    client = login(cast.reviewer)
    shown = _shown(client.get(reverse("report_detail", args=[uploaded.pk])).content.decode())
    services.report_return(report=uploaded, actor=cast.head, comment="原因剖析不够深入。")
    comments = ReviewComment.objects.count()
    response = client.post(
        reverse("report_approve", args=[uploaded.pk]), {"comment": "我的审核意见甲乙丙", **shown}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "已被他人处理" in html and "退回修改" in html
    assert "我的审核意见甲乙丙" in html  # kept, though the decision form is gone (nothing to decide now)
    uploaded.refresh_from_db()
    assert uploaded.status == Status.RETURNED and ReviewComment.objects.count() == comments


def test_stale_approve_after_a_new_version_names_it(login: Any, cast: Cast, uploaded: Report) -> None:
    _submitted(uploaded, cast)
    client = login(cast.reviewer)
    shown = _shown(client.get(reverse("report_detail", args=[uploaded.pk])).content.decode())
    services.report_return(report=uploaded, actor=cast.head, comment="请补充事例。")
    services.version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1) + "\n补充。")
    services.report_submit(report=uploaded, actor=cast.member)  # submitted again: the state looks the same
    response = client.post(reverse("report_approve", args=[uploaded.pk]), {"comment": "同意通过", **shown})
    html = response.content.decode()
    assert response.status_code == 409 and "已更新为第 2 版" in html
    # The reviewer may decide again: the form is back with the typed text and the new version and state.
    assert "同意通过</textarea>" in html and _shown(html)["version"] == "2"
    uploaded.refresh_from_db()
    assert uploaded.status == Status.SUBMITTED
    assert not ReviewComment.objects.filter(kind="approve").exists()


def test_stale_return_keeps_the_reason_in_the_form(login: Any, cast: Cast, uploaded: Report) -> None:
    _submitted(uploaded, cast)
    client = login(cast.reviewer)
    shown = _shown(client.get(reverse("report_detail", args=[uploaded.pk])).content.decode())
    # Submitted again after a return: same status, same version, but someone acted in between.
    services.report_return(report=uploaded, actor=cast.head, comment="先退回。")
    services.report_submit(report=uploaded, actor=cast.member)
    returns = ReviewComment.objects.filter(kind="return").count()
    response = client.post(
        reverse("report_return", args=[uploaded.pk]), {"comment": "第三部分整改措施不具体", **shown}
    )
    html = response.content.decode()
    assert response.status_code == 409 and "已被他人处理" in html
    assert "第三部分整改措施不具体</textarea>" in html
    uploaded.refresh_from_db()
    assert uploaded.status == Status.SUBMITTED
    assert ReviewComment.objects.filter(kind="return").count() == returns


def test_stale_submit_after_a_newer_upload(login: Any, cast: Cast, uploaded: Report) -> None:
    client = login(cast.member)
    shown = _shown(client.get(reverse("report_detail", args=[uploaded.pk])).content.decode())
    services.version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1) + "\n又改了。")
    response = client.post(reverse("report_submit", args=[uploaded.pk]), shown)
    assert response.status_code == 409 and "已更新为第 2 版" in response.content.decode()
    uploaded.refresh_from_db()
    assert uploaded.status == Status.DRAFT


def test_stale_comment_on_an_older_version_keeps_the_text(login: Any, cast: Cast, uploaded: Report) -> None:
    client = login(cast.member)
    shown = _shown(client.get(reverse("report_detail", args=[uploaded.pk])).content.decode())
    services.version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1) + "\n第二版。")
    url = reverse("comment_create", args=[uploaded.pk])
    plain = client.post(url, {"text": "针对第一版的说明", "version": shown["version"]})
    assert plain.status_code == 409
    assert "已更新为第 2 版" in plain.content.decode()
    assert "针对第一版的说明</textarea>" in plain.content.decode()
    # htmx gets the fragment (app.js has htmx swap a 4xx fragment): it says it (role=alert), keeps the text.
    fragment = client.post(
        url, {"text": "针对第一版的说明", "version": shown["version"]}, HTTP_HX_REQUEST="true"
    )
    html = fragment.content.decode()
    assert fragment.status_code == 409 and 'role="alert"' in html and "已更新为第 2 版" in html
    assert "针对第一版的说明</textarea>" in html and "<html" not in html
    assert not ReviewComment.objects.filter(report=uploaded).exists()


def test_a_decision_in_between_does_not_block_a_comment(login: Any, cast: Cast, uploaded: Report) -> None:
    _submitted(uploaded, cast)
    client = login(cast.reviewer)
    shown = _shown(client.get(reverse("report_detail", args=[uploaded.pk])).content.decode())
    services.report_approve(report=uploaded, actor=cast.head)
    response = client.post(
        reverse("comment_create", args=[uploaded.pk]), {"text": "补充一点意见。", "version": shown["version"]}
    )
    assert response.status_code == 302
    assert ReviewComment.objects.filter(text="补充一点意见。").exists()


def test_the_services_refuse_a_stale_revision(cast: Cast, uploaded: Report) -> None:
    _submitted(uploaded, cast)
    old = stamp(uploaded.updated_at)
    services.report_return(report=uploaded, actor=cast.head, comment="先退回。")
    services.report_submit(report=uploaded, actor=cast.member)
    with pytest.raises(StaleError):
        services.report_approve(report=uploaded, actor=cast.reviewer, version=1, revision=old)
    fresh = Report.objects.get(pk=uploaded.pk)
    approved = services.report_approve(
        report=fresh, actor=cast.reviewer, version=1, revision=stamp(fresh.updated_at)
    )
    assert approved.status == Status.APPROVED


def test_stamp_keeps_every_microsecond() -> None:
    import datetime as dt

    moment = dt.datetime(2031, 5, 6, 7, 8, 9, 123457, tzinfo=dt.UTC)
    assert stamp(moment) - stamp(moment - dt.timedelta(microseconds=1)) == 1
    assert stamp(moment) % 1_000_000 == 123457
