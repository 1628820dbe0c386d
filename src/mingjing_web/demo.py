"""The demo organisation: a county bureau's 班子 of five with their reports, a reviewer, an admin,
and the template library — loaded idempotently by ``mingjing demo``.

The texts are the sample reports that ship with 明镜 (``mingjing.samples``, our own writing, each
with the kinds of flaws real ones have). Every report goes through the same services as an upload
in the browser, so the demo data is reviewed and copy-checked exactly like real data.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from mingjing_web.library.models import DocumentKind, LibraryDocument
from mingjing_web.meetings.models import Meeting, Opinion
from mingjing_web.numbers import percent_text, score_text
from mingjing_web.orgs.models import Membership, Organisation, Role, TeamRole

DEMO_PASSWORD = "mingjing-demo"
# The demo unit's stable key (its corpus key, hex like every other): `mingjing demo` finds it by this.
DEMO_KEY = "6d696e676a696e672d64656d6f000001"


@dataclass(frozen=True)
class DemoMember:
    username: str
    name: str
    team_role: str
    position: str
    path: Path


@dataclass(frozen=True)
class DemoResult:
    organisation: str
    logins: list[tuple[str, str, str]]  # (username, name, role)
    created_reports: int
    total_reports: int


# What happens to each member's report after upload, so the dashboard shows every state.
_AFTER_UPLOAD = {1: "submit", 3: "return", 4: "approve"}
_OPINIONS = [
    (None, "作风", "局机关向乡镇要的报表多、内容交叉重复，基层负担重。"),
    (1, "担当", "高标准农田项目群众有意见时，领导到现场协调不够，停工时间较长。"),
    (2, "学习", "理论学习中心组学习多是读文件，联系农业农村工作实际研讨不够。"),
    (3, "作风", "下乡调研行程安排太满，和农户坐下来交流少。"),
    (5, "廉洁", "对局属单位公务接待和公车使用的日常监督不够严格。"),
]


def demo_members() -> list[DemoMember]:
    """The demo 班子 from ``mingjing.samples`` (主要负责人 first), with their demo logins."""
    from mingjing.facade import demo_members as sample_members

    members = []
    for index, member in enumerate(sample_members(), start=1):
        role = TeamRole.HEAD if member.role == "主要负责人" else TeamRole.MEMBER
        members.append(DemoMember(f"member{index}", member.name, role, member.title, member.path))
    return members


def _level(word: str) -> str:
    from mingjing.facade import normalise_level

    return normalise_level(word) or "县"


@functools.cache
def _demo_password_hash() -> str:
    """One hash of the demo password for every demo login.

    The demo's accounts share one password printed in the README, so a salt per account protects nothing,
    while each hash costs ~0.35 s of CPU (Django's PBKDF2): the demo's 11 accounts made ``mingjing demo``
    spend ~4 s hashing (measured 2026-12-03).
    """
    return make_password(DEMO_PASSWORD)


def _user(username: str) -> User:
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.password = _demo_password_hash()
        user.save()
    return user


def _membership(
    org: Organisation, username: str, name: str, role: str, team_role: str = "", position: str = ""
) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=_user(username),
        organisation=org,
        defaults={"display_name": name, "role": role, "team_role": team_role, "position": position},
    )
    return membership


def _meeting_defaults(title_date: str, kind: str, framework: str) -> dict[str, object]:
    held_on = dt.date.fromisoformat(title_date)
    year = held_on.year - 1 if held_on.month <= 3 else held_on.year  # a 年度 meeting is held early next year
    return {
        "kind": kind,
        "year": year,
        "framework_id": framework,
        "submit_by": held_on - dt.timedelta(days=8),
        "held_on": held_on,
    }


@transaction.atomic
def _setup() -> tuple[Organisation, Meeting, Membership, Membership, list[Membership]]:
    from mingjing.facade import demo_organisation

    sample = demo_organisation()
    org = _demo_organisation(sample.unit, sample.level, sample.region)
    admin = _membership(org, "admin", "刘文静", Role.ADMIN, position="局机关党委专职副书记")
    reviewer = _membership(org, "reviewer", "赵国强", Role.REVIEWER, position="县委主题教育第三督导组组长")
    members = [
        _membership(org, m.username, m.name, Role.MEMBER, m.team_role, m.position) for m in demo_members()
    ]
    defaults = _meeting_defaults(sample.meeting_date, sample.meeting_kind, sample.framework)
    meeting, created = _demo_meeting(org, sample.meeting, defaults)
    _seat_and_frame(meeting, members)
    if created:
        for who, category, text in _OPINIONS:
            subject = members[who - 1] if who is not None and who <= len(members) else None
            Opinion.objects.create(meeting=meeting, subject=subject, category=category, text=text)
    return org, meeting, admin, reviewer, members


def _demo_organisation(unit: str, level: str, region: str) -> Organisation:
    """The demo unit, found by its stable key (never by its name, which an admin may change)."""
    found = Organisation.objects.filter(corpus_key=DEMO_KEY).first()
    if found is None:  # a demo database from before the key: the unit still has its first name
        found = Organisation.objects.filter(name=unit).order_by("pk").first()
    if found is not None:
        return found
    return Organisation.objects.create(name=unit, level=_level(level), region=region, corpus_key=DEMO_KEY)


def _demo_meeting(org: Organisation, title: str, defaults: dict[str, Any]) -> tuple[Meeting, bool]:
    """The demo meeting: by its title, else the unit's meeting of the same kind and year (renamed)."""
    same = Meeting.objects.filter(organisation=org)
    found = (
        same.filter(title=title).first()
        or same.filter(kind=defaults["kind"], year=defaults["year"]).order_by("pk").first()
    )
    if found is not None:
        return found, False
    return Meeting.objects.create(organisation=org, title=title, **defaults), True


def _seat_and_frame(meeting: Meeting, members: list[Membership]) -> None:
    """The meeting's 班子 snapshot and the exact framework version it is checked against."""
    from mingjing_web.frameworks.models import Framework
    from mingjing_web.frameworks.services import framework_sync_shipped
    from mingjing_web.meetings.models import MeetingMember

    for member in members:
        MeetingMember.objects.get_or_create(
            meeting=meeting,
            membership=member,
            defaults={
                "display_name": member.display_name,
                "position": member.position,
                "team_role": member.team_role or "member",
            },
        )
    if meeting.framework_version_id is None and meeting.framework_id:
        framework_sync_shipped()
        found = Framework.objects.filter(key=meeting.framework_id).first()
        if found is not None and found.current_id:
            Meeting.objects.filter(pk=meeting.pk).update(framework_version_id=found.current_id)
            meeting.framework_version_id = found.current_id


def _library(admin: Membership, progress: Callable[[str], None]) -> None:
    from mingjing.facade import template_entries
    from mingjing_web.library.services import document_add

    for entry in template_entries():
        # Past reports already name their owner in the title; add it only where it is missing.
        named = not entry.owner or entry.owner in entry.title
        title = entry.title if named else f"{entry.title}（{entry.owner}）"
        if LibraryDocument.objects.filter(organisation=admin.organisation, title=title).exists():
            continue
        kind = DocumentKind.PAST if entry.kind == "past-report" else DocumentKind.TEMPLATE
        data = entry.path.read_bytes()
        document_add(
            actor=admin, kind=kind, title=title, year=entry.year, data=data, filename=entry.path.name
        )
        progress(f"范文库：{title}")


def _reports(
    meeting: Meeting, reviewer: Membership, members: list[Membership], progress: Callable[[str], None]
) -> int:
    from mingjing_web.reports import services
    from mingjing_web.reports.models import Report

    created = 0
    for index, (member, demo) in enumerate(zip(members, demo_members(), strict=True), start=1):
        if Report.objects.filter(meeting=meeting, author=member).exists():
            continue
        version = services.version_upload(
            meeting=meeting, actor=member, data=demo.path.read_bytes(), filename=demo.path.name
        )
        _advance(version.report, member, reviewer, _AFTER_UPLOAD.get(index))
        progress(
            f"{member.display_name}：{version.verdict}，{score_text(version.score)} 分，"
            f"复制比 {percent_text(version.copy_ratio)}"
        )
        created += 1
    return created


def _advance(report: object, member: Membership, reviewer: Membership, step: str | None) -> None:
    from mingjing_web.reports import services

    if step is None:
        return
    services.report_submit(report=report, actor=member)  # type: ignore[arg-type]
    if step == "return":
        comment = "原因剖析多是客观原因，请从理想信念、党性修养上深挖思想根源；整改措施要写明时限。"
        services.report_return(report=report, actor=reviewer, comment=comment)  # type: ignore[arg-type]
    elif step == "approve":
        services.report_approve(report=report, actor=reviewer, comment="问题具体，原因剖析到位，同意。")  # type: ignore[arg-type]


def demo_load(*, progress: Callable[[str], None] = lambda _message: None) -> DemoResult:
    """Create whatever part of the demo organisation is missing; safe to run again."""
    from mingjing_web.reports.models import Report

    org, meeting, admin, reviewer, members = _setup()
    _library(admin, progress)
    created = _reports(meeting, reviewer, members, progress)
    from mingjing_web.ledger.demo import (
        demo_finished_meeting,  # last year's meeting, the whole cycle (issue 11)
    )

    demo_finished_meeting(admin=admin, reviewer=reviewer, members=members, current=meeting, progress=progress)
    logins = [("admin", admin.display_name, "管理员"), ("reviewer", reviewer.display_name, "审核人")]
    logins += [(m.user.username, m.display_name, m.get_team_role_display()) for m in members]
    from mingjing_web.county.demo import demo_county  # the county above it and a second unit (issue 12)

    logins += demo_county(unit=org, meeting=meeting, progress=progress)
    return DemoResult(org.name, logins, created, Report.objects.filter(meeting=meeting).count())
