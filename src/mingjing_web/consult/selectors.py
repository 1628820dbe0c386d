"""Reading opinions (grouped, classified, answered) and talks (coverage) for a meeting."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Q

from mingjing.facade import Framework, list_frameworks, load_framework
from mingjing_web.consult import classify
from mingjing_web.consult.models import Opinion, OverseenUnit, Solicitation, SolicitationDay, Talk, TalkRules
from mingjing_web.meetings.models import Meeting
from mingjing_web.memo import request_memo
from mingjing_web.orgs.models import Membership

# The same measure as the core's opinions-answered rule (opinion.overlap, 0.35 of the opinion's bigrams).
ANSWER_OVERLAP = 0.35
_CJK_BIGRAM = re.compile(r"(?=([\u4e00-\u9fff]{2}))")


# -- the meeting's framework and 班子 ------------------------------------------------------------------


def meeting_core_framework(*, meeting: Meeting) -> Framework:
    """The core framework the meeting checks against; without one, the newest shipped one of its kind."""
    try:
        from mingjing_web.meetings.selectors import meeting_framework_core_id

        core_id = meeting_framework_core_id(meeting=meeting)
    except ImportError:  # an older meetings app without framework versions
        core_id = meeting.framework_id or None
    if core_id:
        try:
            return load_framework(core_id)
        except Exception:  # a broken or unknown framework only loses classification, not the page
            pass
    specific = [f for f in list_frameworks() if not f.generic and meeting.kind in f.meeting_kinds]
    fitting = [f for f in specific if f.year <= meeting.year] or specific
    # The meeting's title usually names its theme ("主题教育专题民主生活会"): prefer the framework it names.
    named = [
        f
        for f in fitting
        if any(word in meeting.title for word in (*f.keywords, *f.short_names) if len(word) >= 3)
    ]
    chosen = named or fitting
    return chosen[0] if chosen else load_framework("generic")


@request_memo
def meeting_team(*, meeting: Meeting) -> list[Membership]:
    """The meeting's 班子 (its member snapshot), the 主要负责人 first."""
    seats = (
        list(meeting.members.select_related("membership__user").all()) if hasattr(meeting, "members") else []
    )
    if seats:
        seats.sort(key=lambda s: (s.team_role != "head", s.display_name))
        return [seat.membership for seat in seats]
    from mingjing_web.orgs.selectors import team_list

    return list(team_list(organisation=meeting.organisation))


@request_memo
def meeting_head(*, meeting: Meeting) -> Membership | None:
    if hasattr(meeting, "members"):
        seat = meeting.members.filter(team_role="head").select_related("membership").first()
        if seat is not None:
            return seat.membership
    return next((m for m in meeting_team(meeting=meeting) if m.team_role == "head"), None)


# -- solicitation ------------------------------------------------------------------------------------------


@request_memo
def solicitation_current(*, meeting: Meeting) -> Solicitation | None:
    return Solicitation.objects.filter(meeting=meeting).order_by("-is_open", "-opened_on", "-id").first()


def solicitation_by_token(*, token: str) -> Solicitation | None:
    return Solicitation.objects.select_related("meeting__organisation").filter(token=token).first()


def solicitation_days(*, meeting: Meeting) -> list[SolicitationDay]:
    return list(SolicitationDay.objects.filter(solicitation__meeting=meeting).order_by("day"))


# -- opinions ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpinionView:
    """One stored opinion as the pages show it (classified on the fly when stored unclassified)."""

    id: str
    text: str
    subject_id: int | None
    subject_name: str
    aspect: str
    confidence: float
    confirmed: bool
    source: str
    revision: int = 1  # what the classification form carries (no lost update)

    @property
    def source_label(self) -> str:
        return {"link": "链接提交", "import": "导入", "legacy": "早前录入"}.get(self.source, "")


@dataclass(frozen=True)
class OpinionGroup:
    """Near-duplicate opinions merged into one (归纳): the first by content order stands for them all."""

    subject_id: int | None
    subject_name: str
    aspect: str
    items: tuple[OpinionView, ...]

    @property
    def text(self) -> str:
        return self.items[0].text

    @property
    def size(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Summary:
    collected: int
    merged: int
    groups: tuple[OpinionGroup, ...]
    by_aspect: tuple[tuple[str, int], ...]
    by_subject: tuple[tuple[str, int], ...]
    to_confirm: int


def _view(opinion: Opinion, framework: Framework) -> OpinionView:
    aspect, confidence = opinion.aspect, opinion.confidence
    if not aspect and not opinion.aspect_confirmed:
        found = classify.classify(opinion.text, framework)
        aspect, confidence = found.aspect, found.confidence
    name = opinion.subject.display_name if opinion.subject is not None else "班子整体"
    return OpinionView(
        opinion.pk,
        opinion.text,
        opinion.subject_id,
        name,
        aspect,
        confidence,
        opinion.aspect_confirmed,
        opinion.source,
        opinion.revision,
    )


def opinion_list(
    *, meeting: Meeting, subject: Membership | None = None, with_team: bool = True
) -> list[OpinionView]:
    """The meeting's opinions (about ``subject`` and, with ``with_team``, about the whole 班子).

    Ordered by aspect and content hash, never by when they arrived.
    """
    found = Opinion.objects.filter(meeting=meeting).select_related("subject")
    if subject is not None:
        wanted = Q(subject=subject) | Q(subject__isnull=True) if with_team else Q(subject=subject)
        found = found.filter(wanted)
    framework = meeting_core_framework(meeting=meeting)
    return [_view(opinion, framework) for opinion in found.order_by("aspect", "norm_hash")]


def opinion_get(*, meeting: Meeting, opinion_id: str) -> Opinion | None:
    return Opinion.objects.filter(meeting=meeting, pk=opinion_id).first()


def opinion_groups(views: list[OpinionView]) -> list[OpinionGroup]:
    """Merge near-duplicates about the same subject (character bigram similarity, data/classify.toml)."""
    by_subject: dict[int | None, list[OpinionView]] = {}
    for view in views:
        by_subject.setdefault(view.subject_id, []).append(view)
    groups: list[OpinionGroup] = []
    for items in by_subject.values():
        for indices in classify.merge_groups([item.text for item in items]):
            members = tuple(items[i] for i in indices)
            head = members[0]
            groups.append(OpinionGroup(head.subject_id, head.subject_name, head.aspect, members))
    groups.sort(key=lambda g: (g.subject_id is not None, g.subject_name, g.aspect or "～", g.text))
    return groups


@request_memo
def opinion_summary(*, meeting: Meeting) -> Summary:
    """收集 N 条、归纳 M 条, with counts by aspect and by subject."""
    views = opinion_list(meeting=meeting)
    groups = opinion_groups(views)
    aspects: dict[str, int] = {}
    subjects: dict[str, int] = {}
    for group in groups:
        aspects[group.aspect or "未归类"] = aspects.get(group.aspect or "未归类", 0) + 1
        subjects[group.subject_name] = subjects.get(group.subject_name, 0) + 1
    review_below = classify.settings().review_below
    to_confirm = sum(1 for v in views if not v.confirmed and (not v.aspect or v.confidence < review_below))
    return Summary(
        collected=len(views),
        merged=len(groups),
        groups=tuple(groups),
        by_aspect=tuple(sorted(aspects.items(), key=lambda kv: -kv[1])),
        by_subject=tuple(subjects.items()),
        to_confirm=to_confirm,
    )


def member_opinion_groups(*, meeting: Meeting, member: Membership) -> list[OpinionGroup]:
    """The merged opinions a member should answer: those about them and those about the whole 班子."""
    return opinion_groups(opinion_list(meeting=meeting, subject=member))


def opinions_for_member(*, member: Membership, meeting: Meeting) -> list[str]:
    """Texts for the core's opinions-answered rule (``check_report(..., opinions=[...])``): one per merged group."""
    return [group.text for group in member_opinion_groups(meeting=meeting, member=member)]


# -- who has answered what ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    member: Membership
    has_report: bool
    answered: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.answered) + len(self.unanswered)


def _bigram_set(text: str) -> set[str]:
    from mingjing.facade import stop_bigrams

    stop = stop_bigrams()
    return {b for b in _CJK_BIGRAM.findall(text) if b not in stop}


def answered(opinion: str, report_text: str) -> bool:
    """Whether some paragraph of the report takes up at least ANSWER_OVERLAP of the opinion's bigrams."""
    return _answered(
        _bigram_set(opinion), [_bigram_set(line) for line in report_text.splitlines() if line.strip()]
    )


def _answered(wanted: set[str], lines: list[set[str]]) -> bool:
    if not wanted:
        return True
    best = max((len(wanted & line) for line in lines), default=0)
    return best / len(wanted) >= ANSWER_OVERLAP


def answer_matrix(*, meeting: Meeting, groups: Sequence[OpinionGroup] | None = None) -> list[AnswerRow]:
    """For each member of the 班子: which of the opinions addressed to them their latest version answers.

    ``groups``: the meeting's merged opinions when the caller already has them (``Summary.groups``).
    """
    from mingjing_web.reports.models import Report

    reports = {
        r.author_id: r
        for r in Report.objects.filter(meeting=meeting)
        .select_related("latest")
        .only("author_id", "latest__text")
    }
    if groups is None:
        groups = opinion_groups(opinion_list(meeting=meeting))
    wanted = {group.text: _bigram_set(group.text) for group in groups}
    rows = []
    for member in meeting_team(meeting=meeting):
        texts = [g.text for g in groups if g.subject_id in (None, member.pk)]
        report = reports.get(member.pk)
        text = report.latest.text if report is not None and report.latest is not None else ""
        lines = [_bigram_set(line) for line in text.splitlines() if line.strip()]
        done = tuple(t for t in texts if text and _answered(wanted[t], lines))
        rows.append(AnswerRow(member, bool(text), done, tuple(t for t in texts if t not in done)))
    return rows


# -- talks -------------------------------------------------------------------------------------------------


def talk_rules(*, meeting: Meeting) -> TalkRules:
    """The meeting's coverage rules (defaults when none were saved: head with all, members pairwise)."""
    found = TalkRules.objects.filter(meeting=meeting).first()
    return found if found is not None else TalkRules(meeting=meeting)


@request_memo
def talk_list(*, meeting: Meeting) -> list[Talk]:
    return list(Talk.objects.filter(meeting=meeting).select_related("member", "partner", "unit"))


def unit_list(*, meeting: Meeting) -> list[OverseenUnit]:
    return list(OverseenUnit.objects.filter(meeting=meeting).select_related("member"))


@dataclass(frozen=True)
class RequiredTalk:
    member: Membership
    partner: Membership | None
    unit: OverseenUnit | None
    rule: str

    @property
    def partner_label(self) -> str:
        return self.partner.display_name if self.partner is not None else str(self.unit)


@dataclass
class Coverage:
    team: list[Membership]
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) member ids → 已谈/未谈/—
    missing: list[RequiredTalk] = field(default_factory=list)
    done: int = 0
    required: int = 0
    units: list[tuple[OverseenUnit, bool]] = field(default_factory=list)

    def cell(self, row: Membership, col: Membership) -> str:
        return self.cells.get((row.pk, col.pk), "")

    @property
    def rows(self) -> list[tuple[Membership, list[str]]]:
        """The matrix for templates: each member with the cell of every column, in team order."""
        return [(row, [self.cell(row, col) for col in self.team]) for row in self.team]


@request_memo
def talk_coverage(*, meeting: Meeting) -> Coverage:
    """Which talks the meeting's rules require, which were held, and the list still missing."""
    rules = talk_rules(meeting=meeting)
    team = meeting_team(meeting=meeting)
    head = meeting_head(meeting=meeting)
    talks = talk_list(meeting=meeting)
    pairs = {frozenset((t.member_id, t.partner_id)) for t in talks if t.partner_id is not None}
    unit_talks = {(t.member_id, t.unit_id) for t in talks if t.unit_id is not None}
    required: dict[frozenset[int], RequiredTalk] = {}
    if rules.head_with_all and head is not None:
        for member in team:
            if member.pk != head.pk:
                required[frozenset((head.pk, member.pk))] = RequiredTalk(
                    head, member, None, "主要负责人与班子成员"
                )
    if rules.members_pairwise:
        for a, b in combinations(team, 2):
            required.setdefault(frozenset((a.pk, b.pk)), RequiredTalk(a, b, None, "班子成员相互之间"))
    coverage = Coverage(team=team)
    for a in team:
        for b in team:
            key = frozenset((a.pk, b.pk))
            if a.pk == b.pk or key not in required:
                coverage.cells[(a.pk, b.pk)] = "—" if a.pk == b.pk else ("已谈" if key in pairs else "")
            else:
                coverage.cells[(a.pk, b.pk)] = "已谈" if key in pairs else "未谈"
    for key, need in required.items():
        coverage.required += 1
        if key in pairs:
            coverage.done += 1
        else:
            coverage.missing.append(need)
    if rules.members_with_unit_heads:
        for unit in unit_list(meeting=meeting):
            held = (unit.member_id, unit.pk) in unit_talks
            coverage.units.append((unit, held))
            coverage.required += 1
            coverage.done += int(held)
            if not held:
                coverage.missing.append(RequiredTalk(unit.member, None, unit, "班子成员与分管单位负责人"))
    return coverage


# -- the meeting's timeline ----------------------------------------------------------------------------------


def timeline_steps(*, meeting: Meeting) -> dict[str, tuple[dt.date | None, str]]:
    """The 征求意见 and 谈心谈话 steps for the meeting page's timeline: (done on, note).

    Opinions are done when a period was closed; talks when every required talk was held (on the last one's date).
    """
    summary = opinion_summary(meeting=meeting)
    current = solicitation_current(meeting=meeting)
    note = f"收集 {summary.collected} 条、归纳 {summary.merged} 条"
    if current is not None and current.is_open:
        note = f"征求中，{note}"
    opinions_done = current.closed_on if current is not None and not current.is_open else None
    coverage = talk_coverage(meeting=meeting)
    talks = talk_list(meeting=meeting)
    talks_done = None
    if coverage.required and not coverage.missing and talks:
        talks_done = max(t.held_on for t in talks)
    talk_note = (
        f"已谈 {coverage.done}/{coverage.required} 次" if coverage.required else f"已谈 {len(talks)} 次"
    )
    return {"opinions": (opinions_done, note), "talks": (talks_done, talk_note)}
