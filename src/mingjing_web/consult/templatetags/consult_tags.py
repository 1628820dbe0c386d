"""Blocks other pages include: the meeting page's 征求意见/谈心谈话 summary and a member's opinions."""

from __future__ import annotations

from typing import Any

from django import template

from mingjing_web import policy
from mingjing_web.consult import selectors

register = template.Library()


def _viewer(context: template.Context) -> Any:
    return context.get("viewer") or context.get("current_membership")


@register.inclusion_tag("consult/_meeting_block_inner.html", takes_context=True)
def consult_meeting_block(context: template.Context) -> dict[str, Any]:
    """Needs ``meeting`` (and ``viewer`` or the ``current_membership`` context processor) in the context."""
    meeting, viewer = context.get("meeting"), _viewer(context)
    if meeting is None or viewer is None or not policy.can_oversee_meeting(who=viewer, meeting=meeting):
        return {"show": False}
    coverage = selectors.talk_coverage(meeting=meeting)
    summary = selectors.opinion_summary(meeting=meeting)
    return {
        "show": True,
        "meeting": meeting,
        "solicitation": selectors.solicitation_current(meeting=meeting),
        "summary": summary,
        "answers": selectors.answer_matrix(meeting=meeting, groups=summary.groups),
        "coverage": coverage,
    }


@register.inclusion_tag("consult/_member_opinions_inner.html", takes_context=True)
def consult_member_opinions(context: template.Context) -> dict[str, Any]:
    """The opinions addressed to the report's author (or the viewer), merged, for writing the report."""
    meeting, viewer = context.get("meeting"), _viewer(context)
    report = context.get("report")
    member = getattr(report, "author", None) or viewer
    if meeting is None or viewer is None or member is None:
        return {"show": False}
    if member.pk != viewer.pk and not policy.can_oversee_meeting(who=viewer, meeting=meeting):
        return {"show": False}
    groups = selectors.member_opinion_groups(meeting=meeting, member=member)
    return {"show": True, "groups": groups, "member": member, "own": member.pk == viewer.pk}
