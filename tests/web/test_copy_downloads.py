"""The downloads say what the page says about copying: the annotated .docx, the HTML review and the xlsx."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mingjing_web.reports.services import version_paste, version_upload
from tests.web.conftest import Cast, docx_bytes, sample_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def copied(cast: Cast, django_capture_on_commit_callbacks: Any) -> Any:
    """The head's report is in the index; the member then hands in the same text as a .docx."""
    with django_capture_on_commit_callbacks(execute=True):
        version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(1))
    with django_capture_on_commit_callbacks(execute=True):
        version = version_upload(
            meeting=cast.meeting, actor=cast.member, data=docx_bytes(sample_text(1)), filename="抄的.docx"
        )
    assert version.copy_ratio > 0.5
    return version


def _download(client: Any, version: Any, kind: str) -> bytes:
    url = reverse("version_download", args=[version.report_id, version.number, kind])
    response = client.get(url)
    assert response.status_code == 200
    return bytes(response.content)


def test_annotated_docx_and_html_carry_the_copied_passages(login: Any, cast: Cast, copied: Any) -> None:
    client = login(cast.reviewer)
    docx = _download(client, copied, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert "疑似复制" in comments or "雷同" in comments
    html = _download(client, copied, "html").decode("utf-8")
    assert "雷同" in html and "疑似复制" in html


def test_the_member_sees_the_copy_but_not_whose_text_it_is(login: Any, cast: Cast, copied: Any) -> None:
    html = _download(login(cast.member), copied, "html").decode("utf-8")
    assert "雷同" in html
    assert cast.head.display_name not in html  # type: ignore[attr-defined]


def test_the_meeting_workbook_lists_the_copied_passages(login: Any, cast: Cast, copied: Any) -> None:
    response = login(cast.reviewer).get(reverse("meeting_xlsx", args=[cast.meeting.pk]))  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(response.content))["问题明细"]
    kinds = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "疑似复制" in kinds
