"""What the report page shows: the version's findings in place, copy sources, versions and what changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mingjing_web import corpus, policy
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.diff import FindingsDelta, findings_delta
from mingjing_web.reports.highlight import SEVERITY_CLASS, highlight_html
from mingjing_web.reports.models import Report, ReportVersion, Status
from mingjing_web.reports.selectors import comment_list, report_revision, version_list


@dataclass(frozen=True)
class Permissions:
    upload: bool
    submit: bool
    decide: bool
    comment: bool


def permissions_for(report: Report, viewer: Membership) -> Permissions:
    """What the page offers: the policy's rights combined with the report's and the meeting's state."""
    is_open = report.meeting.is_open
    editable = is_open and report.editable
    upload = policy.can_upload_for(who=viewer, meeting=report.meeting, author=report.author)
    return Permissions(
        upload=upload and editable,
        submit=policy.can_submit_report(who=viewer, report=report)
        and editable
        and report.latest_id is not None,
        decide=is_open
        and policy.can_review_report(who=viewer, report=report)
        and report.status == Status.SUBMITTED,
        comment=policy.can_comment_report(who=viewer, report=report) and report.latest_id is not None,
    )


def _family_label(family: str) -> str:
    from mingjing.facade import family_label

    return family_label(family)


def findings_view(review: dict[str, Any]) -> list[dict[str, Any]]:
    """Findings with their index (the anchor the highlights link to) and display labels."""
    result = []
    for index, finding in enumerate(review.get("findings", [])):
        family = str(finding.get("family") or str(finding.get("rule", "")).split(".", 1)[0])
        extra = {
            "index": index,
            "family_label": _family_label(family),
            "css": SEVERITY_CLASS.get(finding.get("severity", ""), "sev-hint"),
        }
        result.append({**finding, **extra})
    return result


def grouped(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Findings by the section they are in, sections in the order they first occur."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        groups.setdefault(str(finding.get("section") or "其他"), []).append(finding)
    return list(groups.items())


# The list beside the text shows this many findings a page: a version may carry up to the core's cap
# (1,000), and rendering each as a list item made the page heavy. The text still marks every finding.
FINDINGS_PAGE_SIZE = 50
FINDINGS_PAGE_PARAM = "fp"


@dataclass(frozen=True)
class FindingsGroup:
    label: str
    total: int  # in the whole version, not only on this page
    start: int  # the list number of the first item shown (a group may go on from the previous page)
    items: list[dict[str, Any]]


@dataclass(frozen=True)
class FindingsPage:
    """One page of a version's findings list, grouped as the whole list is."""

    total: int
    number: int
    pages: int
    first: int  # 1-based position of the first finding shown (0 when there is none)
    last: int
    groups: list[FindingsGroup]
    page_of: dict[int, int]  # every finding's index -> the page that lists it

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def previous(self) -> int:
        return self.number - 1

    @property
    def next(self) -> int:
        return self.number + 1

    def elsewhere(self) -> dict[int, str]:
        """Links for the findings not listed on this page (the text's marks point there)."""
        return {
            index: f"?{FINDINGS_PAGE_PARAM}={page}#f-{index}"
            for index, page in self.page_of.items()
            if page != self.number
        }


def findings_page(
    findings: list[dict[str, Any]], *, page: int | str | None, size: int = FINDINGS_PAGE_SIZE
) -> FindingsPage:
    """The page ``page`` of the grouped list (a bad or too large number gives the first or last page)."""
    from django.core.paginator import Paginator

    groups = grouped(findings)
    flat = [(label, position, finding) for label, items in groups for position, finding in enumerate(items)]
    totals = {label: len(items) for label, items in groups}
    paginator = Paginator(flat, size)
    shown = paginator.get_page(page)
    page_groups: list[FindingsGroup] = []
    for label, position, finding in shown.object_list:
        if not page_groups or page_groups[-1].label != label:
            page_groups.append(FindingsGroup(label, totals[label], position + 1, []))
        page_groups[-1].items.append(finding)
    page_of = {int(finding["index"]): n // size + 1 for n, (_, _, finding) in enumerate(flat)}
    return FindingsPage(
        total=paginator.count,
        number=shown.number,
        pages=paginator.num_pages,
        first=shown.start_index(),
        last=shown.end_index(),
        groups=page_groups,
        page_of=page_of,
    )


def passages_view(
    reuse: dict[str, Any], viewer: Membership, report: Report
) -> tuple[list[dict[str, Any]], int]:
    """Copied passages with source labels the viewer may see, and how many boilerplate passages were set aside."""
    copied: list[dict[str, Any]] = []
    boilerplate = 0
    labels: dict[str | None, dict[str, str | None]] = {}  # a few sources usually give many passages
    for passage in reuse.get("passages", []):
        if passage.get("kind") == "boilerplate":
            boilerplate += 1
            continue
        key = passage.get("source_key")
        if key not in labels:
            labels[key] = corpus.source_label(key, viewer=viewer, report=report)
        label = labels[key]
        shown = {**passage, "index": len(copied), **label}
        if label.get("hide_source_text"):
            shown["source_text"] = None
            shown["source"] = None
        copied.append(shown)
    return copied, boilerplate


def twins_view(report: Report, viewer: Membership) -> tuple[list[dict[str, Any]], bool]:
    """Colleagues' reports this one shares copied passages with, from both sides (the first writer sees the
    twin too), named and quoted as the viewer may see them (``corpus.source_label``); and whether the
    comparison of this version is still on its way (``similarity.report_twins``)."""
    from mingjing_web.reports.similarity import report_twins

    shown = []
    twins, refreshing = report_twins(report=report)
    for twin in twins:
        label = corpus.source_label(f"report:{twin['report_id']}", viewer=viewer, report=report)
        hide = bool(label.get("hide_source_text"))
        passages = [{**p, "theirs": None if hide else p["theirs"]} for p in twin["passages"]]
        shown.append({**twin, **label, "name": label["source_label"], "passages": passages})
    return shown, refreshing


def _delta(report: Report, version: ReportVersion) -> FindingsDelta | None:
    if version.number <= 1:
        return None
    previous = (
        ReportVersion.objects.filter(report=report, number=version.number - 1).only("review_json").first()
    )
    if previous is None:
        return None
    return findings_delta(previous.review_json.get("findings", []), version.review_json.get("findings", []))


def detail_context(
    report: Report,
    version: ReportVersion | None,
    viewer: Membership,
    *,
    findings_page_number: int | str | None = 1,
) -> dict[str, Any]:
    """The template context of the report page for one version (None before the first upload).

    ``findings_page_number``: which page of the findings list to show (the text marks all of them).
    """
    context: dict[str, Any] = {
        "report": report,
        "version": version,
        "versions": version_list(report=report),
        "comments": comment_list(report=report),
        "can": permissions_for(report, viewer),
        "is_author": report.author_id == viewer.pk,
        "revision": report_revision(report=report),  # every form that changes the report carries it
    }
    if report.latest is not None:
        from mingjing_web.reports.similarity import copy_confirmation_needed

        # the approval of a report copied above the threshold must be confirmed (services.report_approve)
        context["copy_confirmation"] = copy_confirmation_needed(copy_ratio=report.latest.copy_ratio)
    if version is None:
        return context
    findings = findings_view(version.review_json)
    passages, boilerplate = passages_view(version.reuse_json, viewer, report)
    context["twins"], context["twins_refreshing"] = twins_view(report, viewer)
    page = findings_page(findings, page=findings_page_number)
    context.update(
        findings=findings,
        findings_page=page,
        findings_page_param=FINDINGS_PAGE_PARAM,
        passages=passages,
        boilerplate_count=boilerplate,
        document_html=highlight_html(version.text, findings, passages, elsewhere=page.elsewhere()),
        delta=_delta(report, version),
        is_latest=report.latest_id == version.pk,
    )
    return context
