"""Numbers and exports that agree: one score format, the meeting xlsx, the upload error, the version diff."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mingjing_web.numbers import percent_text, score_text
from mingjing_web.reports import services
from mingjing_web.reports.diff import diff_html, source_text
from mingjing_web.reports.models import ReportVersion
from tests.web.conftest import Cast, docx_bytes, sample_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("score", "text"), [(96.5, "96.5"), (65.0, "65.0"), (46.25, "46.3"), (100, "100.0"), (None, "—")]
)
def test_one_score_format(score: float | None, text: str) -> None:
    assert score_text(score) == text


def test_percent_rounds_half_up() -> None:
    assert percent_text(0.125) == "13%" and percent_text(0.0) == "0%" and percent_text(None) == "—"


def test_the_message_and_the_page_show_the_same_score(login: Any, cast: Cast) -> None:
    client = login(cast.member)
    upload = {"file": _file("李慧.docx", docx_bytes(sample_text(1)))}
    response = client.post(reverse("version_create", args=[cast.meeting.pk]), upload, follow=True)
    version = ReportVersion.objects.get()
    page = response.content.decode()
    shown = score_text(version.score)
    assert f"{shown} 分" in page  # the flash message
    assert f"<dd>{shown}</dd>" in page  # the summary figure


def test_the_meeting_xlsx_has_names_states_scores_and_chinese_rule_names(
    login: Any, cast: Cast, uploaded: Any
) -> None:
    response = login(cast.reviewer).get(reverse("meeting_xlsx", args=[cast.meeting.pk]))
    book = load_workbook(io.BytesIO(response.content))
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows()]
    assert summary[0][:7] == ["姓名", "职务", "班子角色", "状态", "结论", "得分", "复制比"]
    rows = {row[0]: row for row in summary[1:]}
    assert rows[cast.head.display_name][3] == "未上传"
    assert rows[cast.member.display_name][3] == "草稿"
    assert rows[cast.member.display_name][5] == float(score_text(uploaded.latest.score))
    findings = [[c.value for c in row] for row in book["问题明细"].iter_rows()]
    assert len(findings) == uploaded.latest.finding_count + 1
    rule_ids = re.compile(r"^[a-z]+\.[a-z-]+$")
    assert not any(rule_ids.match(str(row[3])) for row in findings[1:])  # Chinese names, not ids
    assert all(isinstance(row[7], str | None) for row in findings[1:])  # quoted text, never offsets


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("报告.txt", b"%PDF-1.4\n1 0 obj\n", "PDF"),
        ("报告.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Office"),
        ("报告.txt", b"{\\rtf1 hello}", "RTF"),
        ("报告.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG"),
    ],
)
def test_the_upload_error_names_only_what_the_page_accepts(
    login: Any, cast: Cast, name: str, data: bytes, kind: str
) -> None:
    response = login(cast.member).post(
        reverse("version_create", args=[cast.meeting.pk]), {"file": _file(name, data)}
    )
    page = response.content.decode()
    assert response.status_code == 400 and kind in page
    message = re.search(r'<p class="error" role="alert">([^<]+)</p>', page)
    assert message is not None
    assert ".docx" in message.group(1) and ".txt" in message.group(1)
    for other in ("LibreOffice", "ODT", ".wps）", ".doc/"):
        assert other not in message.group(1)


def test_the_diff_shows_a_punctuation_fix_the_findings_count_as_fixed(cast: Cast) -> None:
    text = sample_text(1)
    assert "（一）" in text
    broken = text.replace("（一）", "(一）", 1)
    first = services.version_upload(
        meeting=cast.meeting, actor=cast.member, data=broken.encode(), filename="a.txt"
    )
    second = services.version_upload(
        meeting=cast.meeting, actor=cast.member, data=text.encode(), filename="b.txt"
    )
    assert first.text == second.text  # the stored, normalised text hides the fix …
    old = source_text(data=bytes(first.data), filename=first.filename, fallback=first.text)
    new = source_text(data=bytes(second.data), filename=second.filename, fallback=second.text)
    html = diff_html(old, new)
    assert "<del>(</del>" in html and "<ins>（</ins>" in html  # … the diff of the originals shows it


def test_the_diff_page_reads_the_originals(login: Any, cast: Cast) -> None:
    text = sample_text(1)
    services.version_upload(
        meeting=cast.meeting,
        actor=cast.member,
        data=text.replace("（一）", "(一）", 1).encode(),
        filename="a.txt",
    )
    version = services.version_upload(
        meeting=cast.meeting, actor=cast.member, data=text.encode(), filename="b.txt"
    )
    page = (
        login(cast.member).get(reverse("report_diff", args=[version.report_id]) + "?a=1&b=2").content.decode()
    )
    assert "完全相同" not in page and "<ins>（</ins>" in page


def _file(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
