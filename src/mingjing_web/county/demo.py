"""The demo county (issue 12): 青岚县委 above the demo bureau and a second unit, 白鹤镇党委, and the
county 组织部 login that reviews both. Loaded by ``mingjing demo`` after the demo unit; idempotent
(organisations are found by stable keys, accounts by username, reports by author).

白鹤镇's 主要负责人 handed in a text adapted from the same 范文 one of the bureau's members used, so
the county sees one template used in two units as a cross-unit cluster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.db import transaction

from mingjing_web.meetings.models import Meeting, MeetingMember
from mingjing_web.orgs.models import Membership, Organisation, OrgKind, Role, TeamRole

COUNTY_KEY = "6d696e676a696e672d64656d6f000002"  # 青岚县委
TOWN_KEY = "6d696e676a696e672d64656d6f000003"  # 白鹤镇党委
COUNTY_LOGIN = "county"  # 组织部, 上级审阅
TOWN_LOGINS = (
    ("town-admin", "白鹤镇组织委员", Role.ADMIN, TeamRole.NONE, "镇党委组织委员"),
    ("town-head", "孙立新", Role.MEMBER, TeamRole.HEAD, "镇党委书记"),
    ("town-member", "何静", Role.MEMBER, TeamRole.MEMBER, "镇党委副书记、镇长"),
)
# Which demo member's text the town's 主要负责人 adapted (王建国's, index 2 of the demo 班子).
_SHARED_SOURCE = 2


def _org(key: str, **fields: object) -> Organisation:
    found = Organisation.objects.filter(corpus_key=key).first()
    return found or Organisation.objects.create(corpus_key=key, **fields)


def _member(
    org: Organisation, username: str, name: str, role: str, team_role: str, position: str
) -> Membership:
    from mingjing_web.demo import _user

    membership, _ = Membership.objects.get_or_create(
        user=cast(Any, _user(username)),  # the demo's helper returns the User untyped
        organisation=org,
        defaults={"display_name": name, "role": role, "team_role": team_role, "position": position},
    )
    return membership


@transaction.atomic
def _setup(unit: Organisation, template: Meeting) -> tuple[Meeting, list[Membership]]:
    region = unit.region
    county = _org(COUNTY_KEY, name="青岚县委", level="县", region=region, kind=OrgKind.COMMITTEE)
    town = _org(TOWN_KEY, name="青岚县白鹤镇党委", level="乡镇", region=region, kind=OrgKind.COMMITTEE)
    for child in (unit, town):
        if child.parent_id is None:  # an admin may have moved it since: never undo that
            Organisation.objects.filter(pk=child.pk).update(parent=county)
    _member(county, COUNTY_LOGIN, "组织部王科长", Role.SUPERVISOR, TeamRole.NONE, "县委组织部干部监督科科长")
    members = [_member(town, *login) for login in TOWN_LOGINS]
    meeting = Meeting.objects.filter(organisation=town, year=template.year, kind=template.kind).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            organisation=town,
            title=f"白鹤镇党委{template.year}年度民主生活会",
            kind=template.kind,
            year=template.year,
            framework_id=template.framework_id,
            framework_version_id=template.framework_version_id,
            submit_by=template.submit_by,
            held_on=template.held_on,
        )
    for m in members:
        if m.team_role:
            MeetingMember.objects.get_or_create(
                meeting=meeting,
                membership=m,
                defaults={"display_name": m.display_name, "position": m.position, "team_role": m.team_role},
            )
    return meeting, members


def _head_report(meeting: Meeting, head: Membership, progress: Callable[[str], None]) -> None:
    from mingjing.facade import demo_members
    from mingjing_web.reports import services
    from mingjing_web.reports.models import Report

    if Report.objects.filter(meeting=meeting, author=head).exists():
        return
    source = demo_members()[_SHARED_SOURCE]
    text = source.path.read_text("utf-8").replace(source.name, head.display_name)
    text = text.replace("县农业农村局党组", "白鹤镇党委").replace("农业农村局", "白鹤镇")
    version = services.version_paste(meeting=meeting, actor=head, text=text)
    services.report_submit(report=version.report, actor=head)
    progress(f"白鹤镇党委 {head.display_name}：{version.verdict}，已提交")


def demo_county(
    *, unit: Organisation, meeting: Meeting, progress: Callable[[str], None]
) -> list[tuple[str, str, str]]:
    """Create what is missing of the demo county; returns its logins (username, name, role)."""
    town_meeting, members = _setup(unit, meeting)
    _head_report(town_meeting, members[1], progress)
    logins = [(COUNTY_LOGIN, "组织部王科长", "上级审阅（青岚县委组织部）")]
    logins += [
        (
            m.user.username,
            m.display_name,
            f"白鹤镇 · {m.get_team_role_display() if m.team_role else m.get_role_display()}",
        )
        for m in members
    ]
    return logins
