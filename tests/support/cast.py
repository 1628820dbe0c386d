"""The one shared cast of users of the web tests, the county above it, and ``fresh`` copies of shared rows.

A module of its own (not a conftest): pytest imports each conftest.py as a module named ``conftest``, beside
the ``tests.web.conftest`` the test modules import, so a class defined in a conftest exists twice and its
instances cannot be pickled by ``fresh``. The fixtures that use these live in tests/web/conftest.py and
tests/web/county/conftest.py.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.docx_build import docx_bytes

PASSWORD = "cast-password-123"


@dataclass
class Cast:
    """One organisation with every role, a meeting, and an outsider from another organisation."""

    org: object
    meeting: object
    admin: object
    reviewer: object
    head: object  # 主要负责人, role 成员
    member: object  # 班子成员, role 成员
    outsider: object  # reviewer of another organisation
    outsider_admin: object  # admin of another organisation
    other_org: object
    other_meeting: object

    def roles(self) -> dict[str, object]:
        return {
            "admin": self.admin,
            "reviewer": self.reviewer,
            "head": self.head,
            "member": self.member,
            "outsider": self.outsider,
            "outsider_admin": self.outsider_admin,
        }


def make_cast() -> Cast:
    from mingjing_web.meetings.services import meeting_create
    from mingjing_web.orgs.models import Role, TeamRole
    from mingjing_web.orgs.services import membership_create, organisation_create

    org = organisation_create(name="青岚县农业农村局党组", level="县", region="某省青岚县")
    add = lambda o, u, n, r, t="": membership_create(  # noqa: E731
        organisation=o, username=u, password=PASSWORD, display_name=n, role=r, team_role=t
    )
    admin = add(org, "t-admin", "管理员甲", Role.ADMIN)
    reviewer = add(org, "t-reviewer", "审核人乙", Role.REVIEWER)
    head = add(org, "t-head", "周明远", Role.MEMBER, TeamRole.HEAD)
    member = add(org, "t-member", "李慧", Role.MEMBER, TeamRole.MEMBER)
    other = organisation_create(name="白鹤镇党委", level="乡镇", region="某省青岚县")
    outsider = add(other, "t-outsider", "外单位审核人", Role.REVIEWER)
    other_admin = add(other, "t-other-admin", "外单位管理员", Role.ADMIN)
    meeting = meeting_create(
        actor=admin, title="2023年度主题教育专题民主生活会", kind="民主生活会", year=2023
    )
    other_meeting = meeting_create(
        actor=other_admin, title="白鹤镇2023年度民主生活会", kind="民主生活会", year=2023
    )
    return Cast(org, meeting, admin, reviewer, head, member, outsider, other_admin, other, other_meeting)


@dataclass
class County:
    cast: Cast
    county_org: Any
    county: Any  # 组织部 user, role 上级审阅
    county_admin: Any  # the county's admin (not a reviewer of the units)
    far: Any  # 上级审阅 of another county
    county_off: Any  # disabled 上级审阅 of the county
    head_report: Any  # the cast unit's 主要负责人's report, submitted
    member_report: Any  # the cast unit's 班子成员's report, submitted


def make_county(cast: Cast) -> County:
    """Put the cast's unit and its sibling under a county, with the county's users and two submitted reports."""
    from mingjing_web.orgs.models import Organisation, OrgKind, Role
    from mingjing_web.orgs.services import membership_create, membership_set_active, organisation_create
    from mingjing_web.reports.services import report_submit, version_paste

    top = organisation_create(name="青岚县委", level="县", region="某省青岚县")
    top.kind = OrgKind.COMMITTEE
    top.save()
    Organisation.objects.filter(pk__in=[cast.org.pk, cast.other_org.pk]).update(parent=top)  # type: ignore[attr-defined]
    far_org = organisation_create(name="远山县委", level="县", region="某省远山县")

    def add(org: Any, username: str, name: str, role: str) -> Any:
        return membership_create(
            organisation=org, username=username, password=PASSWORD, display_name=name, role=role
        )

    supervisor = add(top, "t-county", "组织部王科长", Role.SUPERVISOR)
    county_admin = add(top, "t-county-admin", "县委管理员", Role.ADMIN)
    far = add(far_org, "t-far", "远山组织部", Role.SUPERVISOR)
    off = add(top, "t-county-off", "已停用审阅人", Role.SUPERVISOR)
    membership_set_active(membership=off, actor=county_admin, active=False)
    head = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0)).report
    head = report_submit(report=head, actor=cast.head)
    member = version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1)).report
    member = report_submit(report=member, actor=cast.member)
    return County(cast, top, supervisor, county_admin, far, off, head, member)


def sample_text(index: int = 0) -> str:
    """A demo report shipped with 明镜 (our own writing), as text."""
    from mingjing.samples import demo_members

    return demo_members()[index].path.read_text("utf-8")


def upload_clean(cast: Cast) -> object:
    """Upload 李慧's demo report (the clean one) as the 班子成员's; the real core reviews it."""
    from mingjing_web.reports.services import version_upload

    version = version_upload(
        meeting=cast.meeting, actor=cast.member, data=docx_bytes(sample_text(1)), filename="李慧.docx"
    )
    return version.report


# What ``fresh`` read first, per shared value: (the value, the pickled copy). Emptied when a module's
# shared rows are rolled back (``shared_rows``).
_FIRST_READS: dict[int, tuple[Any, bytes]] = {}


def fresh(value: Any) -> Any:
    """The same rows read again from the database (in dicts, lists and dataclasses such as ``Cast``): a test
    may change and refresh its copies without touching the objects other tests share.

    Every test of a module with shared rows starts from the same database state (what a test writes is
    rolled back), so the rows are read at the first call for a value and later calls unpickle that reading:
    new objects each time, without the queries (a permission matrix asks for them hundreds of times)."""
    first = _FIRST_READS.get(id(value))
    if first is not None and first[0] is value:
        return pickle.loads(first[1])
    copy = _read_again(value)
    _FIRST_READS[id(value)] = (value, pickle.dumps(copy))
    return copy


def _read_again(value: Any) -> Any:
    from django.db.models import Model

    if isinstance(value, Model):
        return type(value)._default_manager.get(pk=value.pk)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value)(**{f.name: _read_again(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, dict):
        return {key: _read_again(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_read_again(item) for item in value]
    return value


def own_corpora(value: Any) -> None:
    """Give every organisation a new ``corpus_key`` for this test, and ``value``'s copies of them the same.

    A unit's copy corpus lives outside the database transaction (an SQLite file or a PostgreSQL schema named
    after the key) and is never rolled back: rows shared by a module's tests would otherwise let one test's
    rolled-back versions stay in the corpus the next test reads. New keys give each test empty corpora, as
    rows built for one test had; the change itself is rolled back with the test."""
    from mingjing_web.orgs.models import Organisation, new_corpus_key

    keys = {pk: new_corpus_key() for pk in Organisation.objects.values_list("pk", flat=True)}
    for pk, key in keys.items():
        Organisation.objects.filter(pk=pk).update(corpus_key=key)
    for organisation in _organisations_in(value):
        organisation.corpus_key = keys[organisation.pk]


def _organisations_in(value: Any) -> Iterator[Any]:
    from mingjing_web.orgs.models import Organisation

    if isinstance(value, Organisation):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _organisations_in(getattr(value, field.name))


def forget_first_reads() -> None:
    """Called when a module's shared rows are rolled back: their first readings no longer hold."""
    _FIRST_READS.clear()


def commits_to_database(item: pytest.Item) -> bool:
    """A test that commits to the database (pytest-django runs these after the other database tests)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def shares_rows_for(request: pytest.FixtureRequest, fixture: str) -> bool:
    """Whether ``fixture``'s rows can be built once for the module (``shared_rows``) instead of once per test.

    Only when every database test of the module asks for the fixture, so that each test starts from the
    database state it would have had on its own, and when none of them commits (their transactions cannot
    nest in the module's)."""
    tests = [item for item in request.session.items if item.path == request.path]
    on_database = [item for item in tests if item.get_closest_marker("django_db") or _asks_for_db(item)]
    return all(fixture in getattr(item, "fixturenames", ()) for item in on_database) and not any(
        commits_to_database(item) for item in on_database
    )


def _asks_for_db(item: pytest.Item) -> bool:
    return bool({"db", "transactional_db", "django_db_blocker"} & set(getattr(item, "fixturenames", ())))
