"""Files to download: the original, the annotated .docx, the HTML review, the meeting's xlsx summary.

The annotated .docx and the HTML review are rendered from the review the version stored (its parse JSON
carries the source map, its review JSON the findings): they say what the report page says, whatever has
changed since (the organisation's name, the opinions, the rules), and nothing is read or checked again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from mingjing_web import analysis
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.selectors import meeting_framework_core_id, opinion_texts
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import Report, ReportVersion, Source

if TYPE_CHECKING:
    from mingjing.facade import Review as CoreReview

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(payload: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _stem(version: ReportVersion) -> str:
    return analysis.safe_filename(version.filename).rsplit(".", 1)[0]


def _reviewed(report: Report, version: ReportVersion) -> CoreReview:
    stored = analysis.stored_review(text=version.text, parse=version.parse_json, review=version.review_json)
    if stored is not None:
        return stored
    # Only versions stored before the parse JSON kept its source map (issue 9.3) get here. Their original is
    # read again for the map alone; the stored findings stay when it still reads as the same text. Only when
    # the core now reads it differently (the stored offsets would miss) is it checked again, as every
    # download did before: with the meeting's current settings, as then.
    meeting = report.meeting
    framework = meeting_framework_core_id(meeting=meeting)
    reread = analysis.reread_report(
        data=bytes(version.data),
        filename=version.filename,
        pasted=version.source == Source.PASTE,
        framework=framework,
    )
    if reread.text == version.text:
        return analysis.review_on_report(version.review_json, reread)
    org = meeting.organisation
    return analysis.check(
        reread,
        profile=analysis.org_profile(unit=org.name, level=org.level, region=org.region),
        opinions=opinion_texts(meeting=meeting, subject=report.author),
    )


def version_response(
    *, report: Report, version: ReportVersion, kind: str, viewer: Membership
) -> HttpResponse:
    """``original``, ``docx`` (annotated with Word comments) or ``html`` (printable review); the annotated
    files carry the copied passages too, their sources shown as the viewer may see them."""
    from mingjing_web.reports.context import passages_view

    copied, _boilerplate = passages_view(version.reuse_json, viewer, report)
    if kind == "original":
        content_type = DOCX if version.filename.lower().endswith(".docx") else "text/plain; charset=utf-8"
        return _attachment(bytes(version.data), analysis.safe_filename(version.filename), content_type)
    if kind == "docx":
        review = _reviewed(report, version)
        original = bytes(version.data) if version.filename.lower().endswith(".docx") else None
        payload = analysis.annotated_docx_bytes(
            analysis.with_copy_findings(review, copied), original=original
        )
        return _attachment(payload, f"{_stem(version)}-第{version.number}版-批注.docx", DOCX)
    if kind == "html":
        review = _reviewed(report, version)
        name = f"{report.author.display_name} 第{version.number}版"
        page = analysis.html_review(analysis.with_copy_findings(review, copied), name=name)
        response = HttpResponse(page, content_type="text/html; charset=utf-8")
        disposition = content_disposition_header(False, f"{_stem(version)}-审阅.html")
        if disposition is not None:  # None only without a filename, and there always is one
            response["Content-Disposition"] = disposition
        return response
    raise Http404


def meeting_xlsx_response(*, meeting: Meeting) -> HttpResponse:
    """The meeting's summary workbook (see ``reports.xlsx``): what the dashboard shows, in the same numbers."""
    from mingjing_web.reports.dashboard import dashboard_rows
    from mingjing_web.reports.xlsx import meeting_workbook

    payload = meeting_workbook(meeting=meeting, rows=dashboard_rows(meeting=meeting))
    return _attachment(payload, f"{meeting.title}-材料审阅汇总.xlsx", XLSX)
