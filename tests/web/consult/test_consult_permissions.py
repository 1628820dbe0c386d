"""The permission matrix of the consult views: every role, a disabled account, another unit, the link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import Cast
from tests.web.consult.conftest import give

pytestmark = pytest.mark.django_db

ROLES = ("admin", "reviewer", "head", "member", "outsider", "outsider_admin", "disabled", "anonymous")
OK, REDIRECT = 200, 302
LOGIN = "login"  # redirected to the login page


def _expect(**by_role: int | str) -> dict[str, int | str]:
    assert set(by_role) == set(ROLES)
    return by_role


def _others(value: int | str, **given: int | str) -> dict[str, int | str]:
    base = dict.fromkeys(("admin", "reviewer", "head", "member"), value)
    base.update(outsider=404, outsider_admin=404, disabled=LOGIN, anonymous=LOGIN)
    base.update(given)
    return _expect(**base)


Objects = dict[str, Any]
M: Callable[[Objects], int] = lambda o: o["meeting"].pk  # noqa: E731

MATRIX: list[tuple[str, str, Callable[[Objects], str], dict[str, Any], dict[str, int | str]]] = [
    (
        "overview",
        "get",
        lambda o: reverse("consult_overview", args=[M(o)]),
        {},
        _others(403, admin=OK, reviewer=OK, head=OK),
    ),
    (
        "xlsx",
        "get",
        lambda o: reverse("consult_xlsx", args=[M(o)]),
        {},
        _others(403, admin=OK, reviewer=OK, head=OK),
    ),
    ("open", "post", lambda o: reverse("consult_open", args=[M(o)]), {}, _others(403, admin=REDIRECT)),
    ("close", "post", lambda o: reverse("consult_close", args=[M(o)]), {}, _others(403, admin=REDIRECT)),
    (
        "import",
        "post",
        lambda o: reverse("consult_import", args=[M(o)]),
        {},
        _others(403, admin=REDIRECT, reviewer=REDIRECT),
    ),
    (
        "aspect",
        "post",
        lambda o: reverse("consult_opinion_aspect", args=[M(o), o["opinion"].pk]),
        {"aspect": "工作作风"},
        _others(403, admin=REDIRECT, reviewer=REDIRECT),
    ),
    (
        "delete",
        "post",
        lambda o: reverse("consult_opinion_delete", args=[M(o), o["opinion"].pk]),
        {},
        _others(403, admin=REDIRECT, reviewer=REDIRECT),
    ),
    ("talks", "get", lambda o: reverse("talk_index", args=[M(o)]), {}, _others(OK)),
    ("talk-add", "post", lambda o: reverse("talk_index", args=[M(o)]), {}, _others(400, reviewer=403)),
    ("talk-rules", "post", lambda o: reverse("talk_rules", args=[M(o)]), {}, _others(403, admin=REDIRECT)),
    (
        "talk-unit",
        "post",
        lambda o: reverse("talk_unit_create", args=[M(o)]),
        {},
        _others(403, admin=REDIRECT),
    ),
    (
        "talk-delete",
        "post",
        lambda o: reverse("talk_delete", args=[M(o), o["talk"].pk]),
        {},
        _others(REDIRECT, reviewer=403),
    ),
    (
        "give",
        "get",
        lambda o: reverse("consult_give", args=[o["token"]]),
        {},
        _expect(**dict.fromkeys(ROLES, OK)),
    ),
    (
        "give-post",
        "post",
        lambda o: reverse("consult_give", args=[o["token"]]),
        {"subject": "", "text": "调研不够深入，听汇报多"},
        _expect(**dict.fromkeys(ROLES, OK)),
    ),
]


def _objects(cast: Cast) -> Objects:
    from mingjing_web.consult.models import Opinion
    from mingjing_web.consult.services import solicitation_open, talk_record

    solicitation = solicitation_open(actor=cast.admin, meeting=cast.meeting)  # type: ignore[arg-type]
    give(solicitation.token, "理论学习不够深入")
    talk = talk_record(
        actor=cast.admin,
        meeting=cast.meeting,
        member=cast.head,
        partner=cast.member,
        unit=None,  # type: ignore[arg-type]
        held_on=dt.date.today(),
        topics="交流思想",
    )
    return {
        "meeting": cast.meeting,
        "opinion": Opinion.objects.get(),
        "talk": talk,
        "token": solicitation.token,
    }


def _client(cast: Cast, role: str) -> Client:
    from mingjing_web.orgs.models import Role, TeamRole
    from mingjing_web.orgs.services import membership_create

    client = Client()
    if role == "anonymous":
        return client
    if role == "disabled":
        disabled = membership_create(
            organisation=cast.org,
            username="t-disabled",
            password="cast-password-123",  # type: ignore[arg-type]
            display_name="停用账号",
            role=Role.ADMIN,
            team_role=TeamRole.NONE,
        )
        disabled.user.is_active = False
        disabled.user.save()
        client.force_login(disabled.user)
        return client
    client.force_login(cast.roles()[role].user)  # type: ignore[attr-defined]
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), MATRIX, ids=[row[0] for row in MATRIX]
)
def test_permission_matrix(
    cast: Cast,
    role: str,
    name: str,
    method: str,
    url: Callable[[Objects], str],
    data: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    objects = _objects(cast)
    client = _client(cast, role)
    response = getattr(client, method)(url(objects), data)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and "/login/" in response["Location"], (name, role)
    else:
        assert response.status_code == want, (name, role, response.status_code)


def test_a_closed_link_answers_gone_and_an_unknown_one_not_found(cast: Cast) -> None:
    objects = _objects(cast)
    client = Client()
    assert client.get(reverse("consult_give", args=["nope"])).status_code == 404
    from mingjing_web.consult.services import solicitation_close

    solicitation_close(actor=cast.admin, meeting=cast.meeting)  # type: ignore[arg-type]
    response = client.post(reverse("consult_give", args=[objects["token"]]), {"text": "理论学习不够深入系统"})
    assert response.status_code == 410
    assert "已经结束" in response.content.decode()


def test_the_link_page_lists_the_team_and_refuses_bad_input_in_chinese(cast: Cast) -> None:
    objects = _objects(cast)
    client = Client()
    page = client.get(reverse("consult_give", args=[objects["token"]])).content.decode()
    assert "周明远" in page and "李慧" in page and "审核人乙" not in page
    response = client.post(reverse("consult_give", args=[objects["token"]]), {"text": "好"})
    assert response.status_code == 400 and "意见太短" in response.content.decode()


def test_the_overview_shows_link_qr_and_summary(cast: Cast, login: Any) -> None:
    objects = _objects(cast)
    page = login(cast.admin).get(reverse("consult_overview", args=[objects["meeting"].pk])).content.decode()
    assert objects["token"] in page and "<svg" in page
    assert "收集 <strong>1</strong> 条、归纳 <strong>1</strong> 条" in page


def test_the_talks_page_shows_the_matrix_and_missing_talks(cast: Cast, login: Any) -> None:
    meeting: Any = cast.meeting
    page = login(cast.member).get(reverse("talk_index", args=[meeting.pk])).content.decode()
    assert "应谈 <strong>1</strong> 次" in page and "还缺" in page
    assert 'data-testid="talk-matrix"' in page


def test_the_meeting_block_shows_counts_and_answers_to_overseers_only(cast: Cast) -> None:
    from django.template.loader import render_to_string

    _objects(cast)
    html = render_to_string("consult/_meeting_block.html", {"meeting": cast.meeting, "viewer": cast.reviewer})
    assert 'data-testid="consult-block"' in html and "收集 <strong>1</strong> 条" in html
    assert "周明远" in html  # the answers table lists the 班子
    hidden = render_to_string("consult/_meeting_block.html", {"meeting": cast.meeting, "viewer": cast.member})
    assert "consult-block" not in hidden


def test_a_member_sees_the_opinions_addressed_to_them_and_the_team(cast: Cast) -> None:
    from django.template.loader import render_to_string

    objects = _objects(cast)
    give(objects["token"], "对分管领域监督不够到位", cast.member)
    give(objects["token"], "推动工作的办法不多", cast.head)
    html = render_to_string("consult/_member_opinions.html", {"meeting": cast.meeting, "viewer": cast.member})
    assert "对分管领域监督不够到位" in html and "理论学习不够深入" in html
    assert "推动工作的办法不多" not in html
    without_report = render_to_string(
        "consult/_member_opinions.html", {"meeting": cast.meeting, "viewer": cast.member, "report": None}
    )
    assert "请在材料中逐条回应" in without_report


def test_the_summary_xlsx_has_merged_opinions_and_nothing_about_givers(cast: Cast, login: Any) -> None:
    import io

    from openpyxl import load_workbook

    from mingjing_web.consult.models import Opinion

    objects = _objects(cast)
    give(
        objects["token"], "理论学习不够深入。"
    )  # merged with the fixture's 理论学习不够深入? exact: not stored
    give(objects["token"], "理论学习不够深入，学用脱节", cast.member)
    response = login(cast.reviewer).get(reverse("consult_xlsx", args=[cast.meeting.pk]))  # type: ignore[attr-defined]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "收集 2 条、归纳 2 条" in rows[0][0]
    assert rows[1] == ("针对", "方面", "意见（相近意见已合并）", "相近意见条数")
    assert {r[0] for r in rows[2:]} == {"班子整体", "李慧"}
    flat = " ".join(str(v) for row in rows for v in row)
    for opinion in Opinion.objects.all():
        assert opinion.pk not in flat
