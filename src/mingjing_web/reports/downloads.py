"""Files to download: the original, the annotated .docx, the HTML review, the meeting's xlsx summary."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from mingjing_web import analysis
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.selectors import meeting_framework_core_id, opinion_texts
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import Report, ReportVersion

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


def _reviewed(report: Report, version: ReportVersion) -> AbstractContextManager[CoreReview]:
    meeting = report.meeting
    org = meeting.organisation
    return analysis.reviewed_file(
        data=bytes(version.data),
        filename=version.filename,
        framework=meeting_framework_core_id(meeting=meeting),
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
        with _reviewed(report, version) as review:
            original = bytes(version.data) if version.filename.lower().endswith(".docx") else None
            payload = analysis.annotated_docx_bytes(
                analysis.with_copy_findings(review, copied), original=original
            )
        return _attachment(payload, f"{_stem(version)}-第{version.number}版-批注.docx", DOCX)
    if kind == "html":
        with _reviewed(report, version) as review:
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
