"""The annotated .docx and the HTML review are built from the review a version stored (issue 9.3), not by
reading and checking the file again; versions stored before the source map was kept still download."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from mingjing_web import analysis
from mingjing_web.orgs.models import Organisation
from mingjing_web.reports.models import ReportVersion
from mingjing_web.reports.services import version_paste
from tests.web.conftest import Cast, sample_text

pytestmark = pytest.mark.django_db

MARKER = "这条意见只在保存的审阅结果里"
MISMATCH = "context.unit-mismatch"


def _download(client: Any, version: ReportVersion, kind: str) -> bytes:
    url = reverse("version_download", args=[version.report_id, version.number, kind])
    response = client.get(url)
    assert response.status_code == 200
    return bytes(response.content)


def _comments(payload: bytes) -> str:
    """The comments part of an annotated .docx (empty without comments), their dates masked."""
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        if "word/comments.xml" not in archive.namelist():
            return ""
        xml = archive.read("word/comments.xml").decode("utf-8")
    return re.sub(r'w:date="[^"]*"', "", xml)


def _page(payload: bytes) -> str:
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "", payload.decode("utf-8"))


def _fresh(version: ReportVersion) -> ReportVersion:
    return ReportVersion.objects.get(pk=version.pk)


def _rename_organisation(cast: Cast) -> None:
    """Another unit, level and place: a fresh check of 李慧's report would now say it is someone else's."""
    Organisation.objects.filter(pk=cast.org.pk).update(  # type: ignore[attr-defined]
        name="白鹤镇党委", level="乡镇", region="某省白鹤县"
    )


def _edit_stored_review(version: ReportVersion) -> tuple[int, str]:
    """Drop one stored finding and reword another; returns how many remain and the dropped message."""
    review = dict(version.review_json)
    findings = [dict(f) for f in review["findings"]]
    messages = [f["message"] for f in findings]
    dropped = next(i for i, f in enumerate(findings) if messages.count(f["message"]) == 1)
    dropped_message = findings.pop(dropped)["message"]
    findings[0]["message"] = MARKER
    review["findings"] = findings
    ReportVersion.objects.filter(pk=version.pk).update(review_json=review)
    return len(findings), dropped_message


def _as_old_version(version: ReportVersion, *, text: str | None = None) -> None:
    """What a version stored before this change looks like: parse JSON without its source block."""
    parse = dict(_fresh(version).parse_json)
    parse.pop("source")
    changes: dict[str, Any] = {"parse_json": parse}
    if text is not None:
        changes["text"] = text
    ReportVersion.objects.filter(pk=version.pk).update(**changes)


def test_a_version_stores_its_source_map(cast: Cast, uploaded: Any) -> None:
    version = uploaded.latest
    source = version.parse_json["source"]
    assert source["version"] == 1 and source["runs"] and source["paragraphs"]
    assert "text" not in version.parse_json  # the text stays in its own column, stored once


def test_downloads_follow_the_stored_review_not_a_fresh_check(login: Any, cast: Cast, uploaded: Any) -> None:
    version = uploaded.latest
    client = login(cast.reviewer)
    before_docx, before_html = _download(client, version, "docx"), _download(client, version, "html")
    _rename_organisation(cast)
    org = Organisation.objects.get(pk=cast.org.pk)  # type: ignore[attr-defined]
    fresh = analysis.check(
        analysis.reread_report(
            data=bytes(version.data), filename=version.filename, pasted=False, framework=None
        ),
        profile=analysis.org_profile(unit=org.name, level=org.level, region=org.region),
        opinions=(),
    )
    assert MISMATCH in {f.rule for f in fresh.findings}  # what re-checking the file would now add
    after_docx, after_html = _download(client, version, "docx"), _download(client, version, "html")
    assert MISMATCH not in _comments(after_docx) and MISMATCH not in after_html.decode("utf-8")
    assert _comments(after_docx) == _comments(before_docx)
    assert _page(after_html) == _page(before_html)


def test_an_edited_stored_review_is_what_the_downloads_say(login: Any, cast: Cast, flawed: Any) -> None:
    version = flawed.latest
    remaining, dropped = _edit_stored_review(version)
    client = login(cast.reviewer)
    comments = _comments(_download(client, version, "docx"))
    html = _download(client, version, "html").decode("utf-8")
    assert MARKER in comments and MARKER in html
    assert dropped not in comments and dropped not in html
    assert comments.count("<w:comment ") == remaining


def test_an_old_version_downloads_the_same_files_from_its_stored_findings(
    login: Any, cast: Cast, flawed: Any
) -> None:
    version = flawed.latest
    client = login(cast.reviewer)
    new_docx, new_html = _download(client, version, "docx"), _download(client, version, "html")
    _as_old_version(version)
    old = _fresh(version)
    assert not analysis.stored_review(text=old.text, parse=old.parse_json, review=old.review_json)
    # the original is read again for its source map only: the same annotated file, the same page …
    assert _comments(_download(client, old, "docx")) == _comments(new_docx)
    assert _page(_download(client, old, "html")) == _page(new_html)
    # … and the findings are still the stored ones
    _, dropped = _edit_stored_review(old)
    html = _download(client, old, "html").decode("utf-8")
    assert MARKER in html and dropped not in html


def test_an_old_version_the_core_now_reads_differently_is_checked_again(
    login: Any, cast: Cast, uploaded: Any
) -> None:
    version = uploaded.latest
    _rename_organisation(cast)
    # the stored text no longer matches what the file reads as: the stored offsets would miss
    _as_old_version(version, text=version.text + "\n（旧版本）")
    client = login(cast.reviewer)
    assert MISMATCH in _comments(_download(client, version, "docx"))
    assert MISMATCH in _download(client, version, "html").decode("utf-8")


def test_a_pasted_version_downloads_from_its_stored_review_old_or_new(login: Any, cast: Cast) -> None:
    version = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0))
    client = login(cast.reviewer)
    new_docx = _download(client, version, "docx")
    _edit_stored_review(version)
    assert MARKER in _download(client, version, "html").decode("utf-8")
    _as_old_version(version)
    old = _fresh(version)
    assert MARKER in _comments(_download(client, old, "docx"))
    assert _comments(new_docx).count("<w:comment ") == len(version.review_json["findings"])
