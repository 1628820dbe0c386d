"""Chinese error pages (issue 14.4): 400, 404, 413 for a 6.6 MB paste, CSRF failure, 500."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import Client, RequestFactory

from mingjing_web.error_pages import error_400, error_500


def _chinese(response) -> str:  # type: ignore[no-untyped-def]
    text = response.content.decode()
    assert 'lang="zh-Hans"' in text
    return text


def test_a_66_mb_paste_is_a_chinese_413(cast, login) -> None:  # type: ignore[no-untyped-def]
    client = login(cast.member)
    body = urlencode({"author": cast.member.pk, "text": "我" * (int(6.6 * 1024 * 1024) // 9 + 10)})
    assert len(body) > 6.6 * 1024 * 1024
    response = client.post(
        f"/meetings/{cast.meeting.pk}/mine/versions/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "粘贴的内容太多" in _chinese(response)
    assert not cast.meeting.reports.exists()


def test_an_oversized_form_inside_multipart_is_a_chinese_413(cast, login, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client = login(cast.member)
    response = client.post(
        f"/meetings/{cast.meeting.pk}/mine/versions/", {"author": cast.member.pk, "text": "字" * 600_000}
    )
    assert response.status_code == 413
    assert "超过 1 MB" in _chinese(response)


def test_csrf_failure_is_a_chinese_page(cast) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.member.user)
    response = client.post(f"/meetings/{cast.meeting.pk}/mine/versions/", {"text": "对照检查材料"})
    assert response.status_code == 403
    assert "页面已过期" in _chinese(response)


def test_login_without_csrf_cookie_is_chinese(db) -> None:  # type: ignore[no-untyped-def]
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403 and "刷新后重新提交" in _chinese(response)


def test_unknown_page_is_a_chinese_404(cast, login) -> None:  # type: ignore[no-untyped-def]
    response = login(cast.member).get("/no-such-page/")
    assert response.status_code == 404 and "未找到" in response.content.decode()


def test_400_and_500_pages_are_chinese_and_need_no_database() -> None:
    request = RequestFactory().get("/")
    bad = error_400(request, ValueError("x"))
    assert bad.status_code == 400 and "请求有误" in _chinese(bad)
    failed = error_500(request)
    assert failed.status_code == 500 and "服务器出错了" in _chinese(failed)


def test_a_bad_host_header_gets_the_chinese_400(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/login/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400 and "请求有误" in _chinese(response)


def test_a_paste_past_the_reading_limits_is_refused_before_parsing(cast, login) -> None:  # type: ignore[no-untyped-def]
    client = login(cast.member)
    text = "对照检查材料\n" + "学习不深。\n" * 20_000  # 120,000 characters: only the paragraphs exceed
    response = client.post(
        f"/meetings/{cast.meeting.pk}/mine/versions/", {"author": cast.member.pk, "text": text}
    )
    assert response.status_code == 400
    assert "段落过多" in response.content.decode() and "10,000" in response.content.decode()
    assert not cast.meeting.reports.filter(latest__isnull=False).exists()


def test_a_short_paste_is_still_taken(cast, login) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import sample_text

    client = login(cast.member)
    response = client.post(
        f"/meetings/{cast.meeting.pk}/mine/versions/", {"author": cast.member.pk, "text": sample_text(1)}
    )
    assert response.status_code == 302
