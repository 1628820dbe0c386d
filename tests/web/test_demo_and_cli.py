"""``mingjing demo`` (idempotent demo organisation) and ``mingjing serve`` (gunicorn after collectstatic)."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client

from mingjing.cli import main
from mingjing_web import cli_support
from mingjing_web.demo import DEMO_PASSWORD, demo_load, demo_members
from mingjing_web.library.models import LibraryDocument
from mingjing_web.orgs.models import Membership, Role, TeamRole
from mingjing_web.reports.models import Report, ReportVersion, Status


def test_demo_members_come_from_the_shipped_samples() -> None:
    members = demo_members()
    assert len(members) == 5
    assert [m.team_role for m in members].count(TeamRole.HEAD) == 1
    assert all(m.path.is_file() and m.name for m in members)


@pytest.mark.django_db
def test_demo_load_is_complete_and_idempotent() -> None:
    first = demo_load()
    assert first.created_reports == 5 and first.total_reports == 5
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles["admin"] == Role.ADMIN and roles["reviewer"] == Role.REVIEWER
    assert Membership.objects.filter(organisation__name=first.organisation).exclude(team_role="").count() == 5
    assert LibraryDocument.objects.count() >= 10
    statuses = set(Report.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED} <= statuses
    assert all(v.review_json.get("findings") is not None for v in ReportVersion.objects.all())
    versions = ReportVersion.objects.count()  # the demo meeting's 5, plus any an earlier demo meeting has
    again = demo_load()
    assert again.created_reports == 0 and ReportVersion.objects.count() == versions
    usernames = [login[0] for login in again.logins]
    assert usernames[:7] == ["admin", "reviewer", *(f"member{i}" for i in range(1, 6))]
    assert "county" in usernames  # the demo county's 组织部 (issue 12)
    assert Client().login(username="member1", password=DEMO_PASSWORD)


@pytest.mark.parametrize("name", ["demo", "serve"])
def test_commands_are_registered_with_chinese_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and "数据库" in result.output


def test_serve_collects_static_then_execs_gunicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(cli_support, "_unapplied_migrations", lambda: False)
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(cli_support.os, "execv", lambda path, args: calls.append(args))
    cli_support.serve(host="127.0.0.1", port=8123, workers=3, threads=2)
    assert calls[0] == ("collectstatic",)
    args = calls[1]
    assert "gunicorn" in args and "mingjing_web.wsgi:application" in args
    assert args[args.index("--bind") + 1] == "127.0.0.1:8123" and args[args.index("--workers") + 1] == "3"


@pytest.mark.django_db
def test_migrations_match_the_models() -> None:
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero on drift
