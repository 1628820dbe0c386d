"""Reading drafts and what the writer should answer beside the editor (opinions, criticisms, open items)."""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from django.apps import apps

from mingjing_web.editor.models import AnswerKind, AnswerLink, Draft, DraftVersion
from mingjing_web.editor.structure import EditorDraft, from_data
from mingjing_web.meetings.models import Meeting
from mingjing_web.orgs.models import Membership


@cache
def prompts() -> dict[str, Any]:
    """The fact-asking questions of data/prompts.toml."""
    text = resources.files("mingjing_web.editor").joinpath("data/prompts.toml").read_text("utf-8")
    return tomllib.loads(text)


def draft_get(*, draft_id: int) -> Draft | None:
    related = ("meeting__organisation", "author__user", "meeting__framework_version__framework")
    return Draft.objects.select_related(*related).filter(pk=draft_id).first()


def draft_for(*, meeting: Meeting, author: Membership) -> Draft | None:
    return Draft.objects.filter(meeting=meeting, author=author).first()


def draft_structure(*, draft: Draft) -> EditorDraft:
    return from_data(draft.content or {})


def draft_versions(*, draft: Draft, limit: int = 10) -> list[DraftVersion]:
    return list(DraftVersion.objects.filter(draft=draft).defer("content", "text")[:limit])


def draft_links(*, draft: Draft) -> dict[tuple[str, str], str]:
    """(kind, key) → the draft item that answers it."""
    return {(link.kind, link.key): link.item_id for link in AnswerLink.objects.filter(draft=draft)}


@dataclass(frozen=True)
class ToAnswer:
    """One thing the writer should answer, with the item they linked it to (if any)."""

    kind: str
    key: str
    text: str
    source: str  # where it came from, in Chinese
    aspect: str = ""
    item_id: str = ""

    @property
    def answered(self) -> bool:
        return bool(self.item_id)


def _opinions(meeting: Meeting, author: Membership) -> list[ToAnswer]:
    from mingjing_web.meetings.selectors import opinion_list

    found = [
        ToAnswer(
            AnswerKind.OPINION, f"m{o.pk}", o.text, "征求意见" if o.subject_id else "征求意见（班子整体）"
        )
        for o in opinion_list(meeting=meeting, subject=author)
    ]
    if apps.is_installed("mingjing_web.consult"):
        from mingjing_web.consult.models import Talk
        from mingjing_web.consult.selectors import member_opinion_groups

        seen = {entry.text for entry in found}
        for group in member_opinion_groups(meeting=meeting, member=author):
            if group.text in seen:
                continue
            whose = "征求意见" if group.subject_id is not None else "征求意见（班子整体）"
            merged = f"，归纳 {group.size} 条" if group.size > 1 else ""
            found.append(
                ToAnswer(AnswerKind.OPINION, group.items[0].id, group.text, whose + merged, group.aspect)
            )
        talks = Talk.objects.filter(meeting=meeting, partner=author).exclude(opinions_raised="")
        for talk in talks.select_related("member"):
            source = f"谈心谈话（{talk.member.display_name}，{talk.held_on:%m月%d日}）"
            found.append(ToAnswer(AnswerKind.TALK, str(talk.pk), talk.opinions_raised, source))
    return found


def _criticisms(meeting: Meeting, author: Membership) -> list[ToAnswer]:
    """Criticisms the writer received at the unit's most recent earlier meeting."""
    if not apps.is_installed("mingjing_web.ledger"):
        return []
    from mingjing_web.ledger.models import Criticism

    earlier = Criticism.objects.filter(
        receiver__membership=author,
        meeting__organisation_id=meeting.organisation_id,
        meeting__year__lt=meeting.year,
    ).select_related("meeting", "giver")
    latest = earlier.order_by("-meeting__year").values_list("meeting__year", flat=True).first()
    if latest is None:
        return []
    return [
        ToAnswer(
            AnswerKind.CRITICISM, str(c.pk), c.text, f"{c.meeting.year}年度 {c.giver.display_name} 的批评"
        )
        for c in earlier.filter(meeting__year=latest).order_by("id")
    ]


def _open_items(meeting: Meeting, author: Membership) -> list[ToAnswer]:
    """The writer's rectification items not yet closed (this meeting's carried ones and earlier ones)."""
    if not apps.is_installed("mingjing_web.ledger"):
        return []
    from mingjing_web.ledger.models import CLOSING_STATUSES, LedgerItem

    found = LedgerItem.objects.filter(
        owner=author,
        meeting__organisation_id=meeting.organisation_id,
        meeting__year__lte=meeting.year,
        draft=False,
    ).exclude(status__in=CLOSING_STATUSES)
    found = (
        found.exclude(carried_into__isnull=False).select_related("meeting").order_by("meeting__year", "id")
    )
    return [
        ToAnswer(
            AnswerKind.LEDGER,
            str(i.pk),
            i.problem,
            f"整改事项（{i.meeting.year}年度，{i.get_status_display()}）",
        )
        for i in found
    ]


@dataclass(frozen=True)
class AnswerPanel:
    opinions: tuple[ToAnswer, ...]
    criticisms: tuple[ToAnswer, ...]
    items: tuple[ToAnswer, ...]

    def all(self) -> tuple[ToAnswer, ...]:
        return self.opinions + self.criticisms + self.items

    @property
    def unanswered_opinions(self) -> list[str]:
        return [o.text for o in self.opinions if not o.answered]

    @property
    def open_count(self) -> int:
        return sum(1 for entry in self.all() if not entry.answered)


def answer_panel(*, draft: Draft, structure: EditorDraft) -> AnswerPanel:
    """What to answer, each with the live item it is linked to (links to deleted items do not count)."""
    links = draft_links(draft=draft)
    alive = {item.id for _s, _g, item in structure.items() if not item.empty}

    def linked(entries: list[ToAnswer]) -> tuple[ToAnswer, ...]:
        out = []
        for e in entries:
            item = links.get((str(e.kind), e.key), "")
            out.append(ToAnswer(e.kind, e.key, e.text, e.source, e.aspect, item if item in alive else ""))
        return tuple(out)

    opinions, criticisms, items = _sources(draft)
    return AnswerPanel(linked(opinions), linked(criticisms), linked(items))


# The sources change rarely (an opinion imported, a criticism recorded) and are read on every pause in
# typing: kept per process for a few seconds; the links themselves are always read fresh.
SOURCES_SECONDS = 15.0
_Sources = tuple[list[ToAnswer], list[ToAnswer], list[ToAnswer]]
_SOURCES: dict[tuple[int, str], tuple[float, _Sources]] = {}


def _key(draft: Draft) -> tuple[int, str]:
    return draft.pk, str(draft.created_at)


def _sources(draft: Draft) -> _Sources:
    now = time.monotonic()
    cached = _SOURCES.get(_key(draft))
    if cached is not None and now - cached[0] < SOURCES_SECONDS:
        return cached[1]
    meeting, author = draft.meeting, draft.author
    found = (_opinions(meeting, author), _criticisms(meeting, author), _open_items(meeting, author))
    if len(_SOURCES) > 1000:
        _SOURCES.clear()
    _SOURCES[_key(draft)] = (now, found)
    return found


def sources_forget(*, draft: Draft) -> None:
    """Read the sources afresh next time (a full page load)."""
    _SOURCES.pop(_key(draft), None)


def aspect_requirements(*, framework_id: str | None, structure: EditorDraft) -> dict[str, list[str]]:
    """Group id → the framework's requirement texts for that aspect (empty when the framework has none)."""
    if not framework_id:
        return {}
    try:
        from mingjing.facade import load_framework

        framework = load_framework(framework_id)
    except Exception:  # an unknown framework only loses the requirement texts
        return {}
    found: dict[str, list[str]] = {}
    problems = structure.section("problems")
    for group in problems.groups if problems else ():
        aspect = framework.aspect(group.aspect) if group.aspect else None
        if aspect is None:
            continue
        texts = [req.text for name in aspect.requirements if (req := framework.requirement(name)) is not None]
        found[group.id] = texts or [f"对照“{aspect.name}”查摆本人的具体问题。"]
    return found
