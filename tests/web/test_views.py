"""Pages as a person uses them: upload, findings in place, errors in Chinese, comments, diff, downloads."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mingjing_web.reports.models import Report, ReportVersion, Status
from tests.web.conftest import Cast, docx_bytes, sample_text

pytestmark = pytest.mark.django_db


def _upload(client: Any, cast: Cast, data: bytes, name: str) -> Any:
    url = reverse("version_create", args=[cast.meeting.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_upload_shows_findings_highlighted_in_place(login: Any, cast: Cast) -> None:
    client = login(cast.member)
    response = _upload(client, cast, docx_bytes(sample_text(2)), "王建国.docx")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<a class="hl sev-(error|warning|hint)" href="#f-\d+"', html)
    version = ReportVersion.objects.get()
    first = version.review_json["findings"][0]
    assert 'id="f-0"' in html and first["message"] in html
    assert "第 1 版已保存并完成审阅" in html


def test_paste_text_creates_a_version(login: Any, cast: Cast) -> None:
    client = login(cast.head)
    url = reverse("version_create", args=[cast.meeting.pk])
    response = client.post(url, {"text": sample_text(0)})
    assert response.status_code == 302
    assert ReportVersion.objects.get().source == "paste"


@pytest.mark.parametrize(
    ("data", "name", "needle"),
    [
        (b"", "empty.docx", "空文件"),  # an empty file never reaches the service: the form says so
        (b"PK\x03\x04 not really a zip", "broken.docx", "docx"),
        ("今天天气很好，我们去公园散步。".encode(), "notes.txt", "结构"),
    ],
)
def test_bad_upload_rerenders_with_a_chinese_error(
    login: Any, cast: Cast, data: bytes, name: str, needle: str
) -> None:
    client = login(cast.member)
    response = _upload(client, cast, data, name)
    assert response.status_code == 400
    errors = re.findall(r'<p class="error" role="alert">([^<]+)</p>', response.content.decode())
    assert errors and any(needle.lower() in e.lower() for e in errors), errors
    assert not Report.objects.exists()


def test_fifty_megabytes_are_refused_before_reading(login: Any, cast: Cast) -> None:
    client = login(cast.member)
    url = reverse("version_create", args=[cast.meeting.pk])
    big = io.BytesIO(b"0" * (50 * 1024 * 1024))
    big.name = "big.txt"
    response = client.post(url, {"file": big})
    assert response.status_code == 413
    assert "超过 20 MB" in response.content.decode()
    assert not Report.objects.exists()


def test_submit_then_reviewer_returns_with_comment(
    login: Any, cast: Cast, uploaded: Report, client: Any
) -> None:
    login(cast.member)
    client.post(reverse("report_submit", args=[uploaded.pk]))
    login(cast.reviewer)
    page = client.get(reverse("report_detail", args=[uploaded.pk])).content.decode()
    assert "退回修改" in page and "审核通过" in page
    response = client.post(
        reverse("report_return", args=[uploaded.pk]), {"comment": "请补充具体事例。"}, follow=True
    )
    assert "已退回修改" in response.content.decode()
    uploaded.refresh_from_db()
    assert uploaded.status == Status.RETURNED
    assert "请补充具体事例。" in response.content.decode()


def test_return_without_comment_is_refused(login: Any, cast: Cast, uploaded: Report, client: Any) -> None:
    login(cast.member)
    client.post(reverse("report_submit", args=[uploaded.pk]))
    login(cast.reviewer)
    response = client.post(reverse("report_return", args=[uploaded.pk]), {"comment": ""}, follow=True)
    assert "请写明" in response.content.decode()
    uploaded.refresh_from_db()
    assert uploaded.status == Status.SUBMITTED


def test_htmx_comment_returns_the_comment_list(login: Any, cast: Cast, uploaded: Report) -> None:
    client = login(cast.reviewer)
    url = reverse("comment_create", args=[uploaded.pk])
    response = client.post(url, {"text": "原因剖析偏客观。"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "原因剖析偏客观。" in html and "<html" not in html
    empty = client.post(url, {"text": " "}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 400 and "不能为空" in empty.content.decode()


def test_second_version_shows_diff_and_fixed_findings(login: Any, cast: Cast, flawed: Report) -> None:
    client = login(cast.member)
    first = ReportVersion.objects.get(report=flawed)
    fixed = first.review_json["findings"][0]
    new_text = first.text[: fixed["start"]] + first.text[fixed["end"] :]
    client.post(reverse("version_create", args=[cast.meeting.pk]), {"text": new_text})
    page = client.get(reverse("report_detail", args=[flawed.pk])).content.decode()
    assert "与第 1 版相比" in page
    diff = client.get(reverse("report_diff", args=[flawed.pk]) + "?a=1&b=2", HTTP_HX_REQUEST="true")
    assert diff.status_code == 200 and "<del>" in diff.content.decode()


def test_downloads(login: Any, cast: Cast, flawed: Report) -> None:
    client = login(cast.reviewer)
    original = client.get(reverse("version_download", args=[flawed.pk, 1, "original"]))
    assert original.content[:2] == b"PK" and "attachment" in original["Content-Disposition"]
    annotated = client.get(reverse("version_download", args=[flawed.pk, 1, "docx"]))
    assert annotated.content[:2] == b"PK" and b"comments.xml" in annotated.content
    review = client.get(reverse("version_download", args=[flawed.pk, 1, "html"]))
    assert review["Content-Type"].startswith("text/html") and "<mark" in review.content.decode()
    xlsx = client.get(reverse("meeting_xlsx", args=[cast.meeting.pk]))
    assert xlsx.content[:2] == b"PK" and "xlsx" in xlsx["Content-Disposition"]
    assert client.get(reverse("version_download", args=[flawed.pk, 1, "exe"])).status_code == 404


def test_dashboard_lists_the_team_and_drills_down(login: Any, cast: Cast, flawed: Report) -> None:
    client = login(cast.reviewer)
    page = client.get(reverse("meeting_dashboard", args=[cast.meeting.pk])).content.decode()
    assert "周明远" in page and "李慧" in page and "未上传" in page
    assert "各方面查摆情况" in page
    family = next(iter(ReportVersion.objects.get().family_counts))
    drill = client.get(
        reverse("meeting_findings", args=[cast.meeting.pk]) + f"?family={family}", HTTP_HX_REQUEST="true"
    )
    assert drill.status_code == 200 and f"/reports/{flawed.pk}/#f-" in drill.content.decode()


def test_heat_map_after_two_reports(login: Any, cast: Cast, uploaded: Report) -> None:
    from mingjing_web.reports.services import version_paste

    client = login(cast.reviewer)
    assert client.get(reverse("meeting_heatmap", args=[cast.meeting.pk])).status_code == 404
    version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0))
    page = client.get(reverse("meeting_dashboard", args=[cast.meeting.pk])).content.decode()
    assert "热力图" in page
    png = client.get(reverse("meeting_heatmap", args=[cast.meeting.pk]))
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"


def test_login_page_is_chinese_and_labelled(client: Any) -> None:
    html = client.get(reverse("login")).content.decode()
    assert 'lang="zh-Hans"' in html and '<label for="id_username">' in html and "跳到正文" in html


def test_bad_login_says_so_in_chinese(client: Any, cast: Cast) -> None:
    response = client.post(reverse("login"), {"username": "t-member", "password": "wrong"})
    assert "登录名或密码不正确" in response.content.decode()


def test_pages_load_htmx_from_the_package(login: Any, cast: Cast) -> None:
    client = login(cast.member)
    html = client.get(reverse("home")).content.decode()
    assert "htmx/htmx.min.js" in html
    from django.contrib.staticfiles import finders

    assert finders.find("htmx/htmx.min.js") and finders.find("mingjing_web/app.css")
    assert finders.find("mingjing_web/app.js")


def test_audit_page_names_actions_in_chinese(login: Any, cast: Cast, uploaded: Report) -> None:
    html = login(cast.admin).get(reverse("audit")).content.decode()
    assert "上传新版本" in html and "report.version" not in html


def test_annotated_docx_is_the_uploaded_file_with_comments(login: Any, cast: Cast) -> None:
    """The download keeps the member's own Word file (its properties and layout), not a rebuilt copy."""
    import docx

    document = docx.Document(io.BytesIO(docx_bytes(sample_text(2))))
    document.core_properties.title = "李慧原件-标记"
    buffer = io.BytesIO()
    document.save(buffer)
    client = login(cast.member)
    _upload(client, cast, buffer.getvalue(), "李慧.docx")
    report = Report.objects.get()
    annotated = client.get(reverse("version_download", args=[report.pk, 1, "docx"]))
    opened = docx.Document(io.BytesIO(annotated.content))
    assert opened.core_properties.title == "李慧原件-标记"
    assert b"comments.xml" in annotated.content
