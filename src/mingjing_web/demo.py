"""The demo organisation: a county bureau's 班子 of five with their reports, a reviewer, an admin,
and the template library — loaded idempotently by ``mingjing demo``.

The texts are the sample reports that ship with 明镜 (``mingjing.samples``, our own writing, each
with the kinds of flaws real ones have). Every report goes through the same services as an upload
in the browser, so the demo data is reviewed and copy-checked exactly like real data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from mingjing_web.library.models import DocumentKind, LibraryDocument
from mingjing_web.meetings.models import Meeting, Opinion
from mingjing_web.orgs.models import Membership, Organisation, Role, TeamRole

DEMO_PASSWORD = "mingjing-demo"


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
    from mingjing.samples import demo_members as sample_members

    members = []
    for index, member in enumerate(sample_members(), start=1):
        role = TeamRole.HEAD if member.role == "主要负责人" else TeamRole.MEMBER
        members.append(DemoMember(f"member{index}", member.name, role, member.title, member.path))
    return members


def _level(word: str) -> str:
    from mingjing.checks.config import normalise_level

    return normalise_level(word) or "县"


def _user(username: str) -> object:
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password(DEMO_PASSWORD)
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
    from mingjing.samples import demo_organisation

    sample = demo_organisation()
    org, _ = Organisation.objects.get_or_create(
        name=sample.unit, defaults={"level": _level(sample.level), "region": sample.region}
    )
    admin = _membership(org, "admin", "刘文静", Role.ADMIN, position="局机关党委专职副书记")
    reviewer = _membership(org, "reviewer", "赵国强", Role.REVIEWER, position="县委主题教育第三督导组组长")
    members = [
        _membership(org, m.username, m.name, Role.MEMBER, m.team_role, m.position) for m in demo_members()
    ]
    defaults = _meeting_defaults(sample.meeting_date, sample.meeting_kind, sample.framework)
    meeting, created = Meeting.objects.get_or_create(
        organisation=org, title=sample.meeting, defaults=defaults
    )
    if created:
        for who, category, text in _OPINIONS:
            subject = members[who - 1] if who is not None and who <= len(members) else None
            Opinion.objects.create(meeting=meeting, subject=subject, category=category, text=text)
    return org, meeting, admin, reviewer, members


def _library(admin: Membership, progress: Callable[[str], None]) -> None:
    from mingjing.samples import template_entries
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
            f"{member.display_name}：{version.verdict}，{version.score:.0f} 分，复制比 {version.copy_ratio:.0%}"
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
    logins = [("admin", admin.display_name, "管理员"), ("reviewer", reviewer.display_name, "审核人")]
    logins += [(m.user.username, m.display_name, m.get_team_role_display()) for m in members]
    return DemoResult(org.name, logins, created, Report.objects.filter(meeting=meeting).count())
