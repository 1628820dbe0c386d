"""Solicitation, anonymous opinions, import, classification, merging, answers and talks."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from mingjing_web.consult import selectors, services
from mingjing_web.consult.importing import read_opinion_list
from mingjing_web.consult.models import Opinion, RateBucket, SolicitationDay
from mingjing_web.consult.services import ConsultError
from tests.web.conftest import Cast
from tests.web.consult.conftest import give

pytestmark = pytest.mark.django_db


def test_opening_twice_keeps_one_link_and_closing_ends_it(cast: Cast, solicitation: Any) -> None:
    again = services.solicitation_open(actor=cast.admin, meeting=cast.meeting)  # type: ignore[arg-type]
    assert again.pk == solicitation.pk
    services.solicitation_close(actor=cast.admin, meeting=cast.meeting)  # type: ignore[arg-type]
    with pytest.raises(ConsultError, match="已经结束"):
        give(solicitation.token, "调研不够深入，听汇报多")


def test_only_an_admin_opens_a_solicitation(cast: Cast) -> None:
    with pytest.raises(ConsultError):
        services.solicitation_open(actor=cast.reviewer, meeting=cast.meeting)  # type: ignore[arg-type]


def test_an_opinion_is_stored_classified_without_anything_about_its_giver(
    cast: Cast, solicitation: Any
) -> None:
    assert give(solicitation.token, "下基层调研少，听汇报多看现场少", cast.member)
    opinion = Opinion.objects.get()
    assert opinion.subject_id == cast.member.pk  # type: ignore[attr-defined]
    assert opinion.aspect == "工作作风" and opinion.confidence > 0.5
    assert len(opinion.pk) >= 20 and not opinion.pk.isdigit()
    fields = {f.name for f in Opinion._meta.get_fields()}
    assert not fields & {"created_at", "ip", "user_agent", "author", "created_by", "day"}
    assert SolicitationDay.objects.get().count == 1


def test_exact_and_near_exact_duplicates_are_not_stored_twice(solicitation: Any) -> None:
    assert give(solicitation.token, "对亲属和身边人员管理不严")
    assert not give(solicitation.token, "对亲属和身边人员管理不严。")
    assert Opinion.objects.count() == 1


@pytest.mark.parametrize(("text", "message"), [("好", "太短"), ("意" * 801, "不能超过")])
def test_too_short_or_too_long_is_refused(solicitation: Any, text: str, message: str) -> None:
    with pytest.raises(ConsultError, match=message):
        give(solicitation.token, text)
    assert not Opinion.objects.exists()


def test_the_rate_is_limited_per_link_not_per_person(
    solicitation: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = {**services.limits(), "opinion": {**services.limits()["opinion"], "per_bucket": 2}}
    monkeypatch.setattr(services, "limits", lambda: limits)
    give(solicitation.token, "理论学习不够系统深入")
    give(solicitation.token, "公务接待要更加规范")
    with pytest.raises(ConsultError, match="过几分钟"):
        give(solicitation.token, "调查研究走马观花")
    assert Opinion.objects.count() == 2
    assert RateBucket.objects.count() == 1  # only the current window is kept


def test_a_subject_outside_the_meetings_team_is_refused(cast: Cast, solicitation: Any) -> None:
    with pytest.raises(ConsultError, match="班子名单"):
        give(solicitation.token, "工作作风不够扎实", cast.reviewer)


def test_an_unknown_link_is_refused() -> None:
    with pytest.raises(ConsultError, match="链接无效"):
        give("no-such-link", "工作作风不够扎实")


def test_summary_counts_collected_and_merged(cast: Cast, solicitation: Any) -> None:
    give(solicitation.token, "下基层调研不够，听汇报多看现场少")
    give(solicitation.token, "下基层调研不够，听汇报多、看现场少，解决问题少")
    give(solicitation.token, "对亲属要求不严", cast.head)
    summary = selectors.opinion_summary(meeting=cast.meeting)  # type: ignore[arg-type]
    assert (summary.collected, summary.merged) == (3, 2)
    assert dict(summary.by_aspect) == {"工作作风": 1, "廉洁自律": 1}


def test_a_member_gets_their_own_and_the_teams_opinions_merged(cast: Cast, solicitation: Any) -> None:
    give(solicitation.token, "理论学习不够深入系统")
    give(solicitation.token, "理论学习不够深入、系统")
    give(solicitation.token, "对身边人员管理不严", cast.member)
    give(solicitation.token, "推动工作办法不多", cast.head)
    texts = selectors.opinions_for_member(member=cast.member, meeting=cast.meeting)  # type: ignore[arg-type]
    assert sorted(texts) == sorted(["对身边人员管理不严", texts[0] if "理论" in texts[0] else texts[1]])
    assert len(texts) == 2 and not any("办法" in t for t in texts)


def test_the_admin_corrects_a_classification(cast: Cast, solicitation: Any) -> None:
    give(solicitation.token, "希望班子多关心年轻干部成长")
    opinion = Opinion.objects.get()
    services.opinion_set_aspect(actor=cast.admin, opinion=opinion, aspect="能力本领")  # type: ignore[arg-type]
    view = selectors.opinion_list(meeting=cast.meeting)[0]  # type: ignore[arg-type]
    assert (view.aspect, view.confirmed) == ("能力本领", True)
    with pytest.raises(ConsultError, match="不属于"):
        services.opinion_set_aspect(actor=cast.admin, opinion=opinion, aspect="不存在的方面")  # type: ignore[arg-type]


def test_listing_order_is_by_aspect_and_content_not_arrival(cast: Cast, solicitation: Any) -> None:
    texts = ["公车使用管理要更严", "调查研究走马观花", "理论学习碎片化", "遇到矛盾绕着走"]
    for text in texts:
        give(solicitation.token, text)
    listed = [v.text for v in selectors.opinion_list(meeting=cast.meeting)]  # type: ignore[arg-type]
    expected = sorted(Opinion.objects.all(), key=lambda o: (o.aspect, o.norm_hash))
    assert listed == [o.text for o in expected]


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_from_xlsx_with_a_subject_column(cast: Cast) -> None:
    data = _xlsx([["序号", "意见内容", "针对"], [1, "调研走访不够经常", "李慧"], [2, "廉洁自律要加强", ""]])
    rows = read_opinion_list(data, "意见.xlsx")
    assert rows == [("调研走访不够经常", "李慧"), ("廉洁自律要加强", None)]
    items = [(text, cast.member if name == "李慧" else None) for text, name in rows]
    stored, skipped = services.opinion_import(actor=cast.admin, meeting=cast.meeting, items=items)  # type: ignore[arg-type]
    assert (stored, skipped) == (2, 0)
    assert Opinion.objects.filter(source="import", subject=cast.member).count() == 1  # type: ignore[misc]


def test_import_from_docx_one_per_paragraph() -> None:
    import docx

    document = docx.Document()
    for text in ["征求意见汇总", "1. 理论学习不够深入", "（二）服务群众不够主动", ""]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    rows = read_opinion_list(buffer.getvalue(), "意见.docx")
    assert [text for text, _ in rows] == ["理论学习不够深入", "服务群众不够主动"]


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04broken"])
def test_an_unreadable_list_gets_one_chinese_sentence(data: bytes) -> None:
    with pytest.raises(ConsultError, match=r"xlsx|无法读取"):
        read_opinion_list(data, "意见.xlsx")


def test_who_has_answered_what(cast: Cast, solicitation: Any, uploaded: Any) -> None:
    text = uploaded.latest.text
    line = next(line for line in text.splitlines() if len(line) > 30)
    give(solicitation.token, line[:40], cast.member)
    give(solicitation.token, "对外汇期货交易监管不力", cast.member)
    row = next(r for r in selectors.answer_matrix(meeting=cast.meeting) if r.member.pk == cast.member.pk)  # type: ignore[arg-type]
    assert row.has_report
    assert row.answered == (line[:40].strip(),) or len(row.answered) == 1
    assert row.unanswered == ("对外汇期货交易监管不力",)


def test_talk_coverage_lists_what_is_missing(cast: Cast) -> None:
    meeting: Any = cast.meeting
    coverage = selectors.talk_coverage(meeting=meeting)
    assert coverage.required == 1 and len(coverage.missing) == 1  # head and member, two people
    services.talk_record(
        actor=cast.head,  # type: ignore[arg-type]
        meeting=meeting,
        member=cast.head,  # type: ignore[arg-type]
        partner=cast.member,  # type: ignore[arg-type]
        unit=None,
        held_on=dt.date.today() - dt.timedelta(days=1),
        topics="交流思想，互提意见",
    )
    coverage = selectors.talk_coverage(meeting=meeting)
    assert (coverage.required, coverage.done, coverage.missing) == (1, 1, [])
    assert coverage.cell(cast.member, cast.head) == "已谈"  # type: ignore[arg-type]


def test_unit_head_rule_is_a_meeting_setting(cast: Cast) -> None:
    meeting: Any = cast.meeting
    unit = services.unit_add(
        actor=cast.admin, meeting=meeting, member=cast.member, unit_name="农技站", head_name="王强"
    )  # type: ignore[arg-type]
    assert selectors.talk_coverage(meeting=meeting).required == 1  # rule off by default
    services.talk_rules_set(
        actor=cast.admin,
        meeting=meeting,
        head_with_all=False,
        members_pairwise=False,
        members_with_unit_heads=True,  # type: ignore[arg-type]
    )
    coverage = selectors.talk_coverage(meeting=meeting)
    assert coverage.required == 1 and coverage.missing[0].unit == unit
    services.talk_record(
        actor=cast.member,
        meeting=meeting,
        member=cast.member,
        partner=None,
        unit=unit,  # type: ignore[arg-type]
        held_on=dt.date.today(),
        topics="听取分管单位意见",
    )
    assert selectors.talk_coverage(meeting=meeting).missing == []


@pytest.mark.parametrize(
    ("who", "member", "partner", "message"),
    [
        ("reviewer", "head", "member", "本人参加"),
        ("member", "member", "member", "不能是本人"),
        ("admin", "head", "reviewer", "班子成员"),
    ],
)
def test_talks_that_cannot_be_recorded(cast: Cast, who: str, member: str, partner: str, message: str) -> None:
    roles: Any = cast.roles()
    with pytest.raises(ConsultError, match=message):
        services.talk_record(
            actor=roles[who],
            meeting=cast.meeting,
            member=roles[member],
            partner=roles[partner],  # type: ignore[arg-type]
            unit=None,
            held_on=dt.date.today(),
            topics="谈话",
        )


def test_legacy_opinions_are_copied_not_lost(cast: Cast) -> None:
    import importlib

    from django.apps import apps

    from mingjing_web.meetings.models import Opinion as OldOpinion

    OldOpinion.objects.create(meeting=cast.meeting, subject=cast.member, category="作风", text="调研不够深入")
    OldOpinion.objects.create(meeting=cast.meeting, subject=None, category="其他", text="  ")
    migration = importlib.import_module("mingjing_web.consult.migrations.0002_copy_legacy_opinions")
    migration.copy_legacy(apps, None)
    copied = Opinion.objects.get()
    assert (copied.text, copied.subject_id, copied.source) == ("调研不够深入", cast.member.pk, "legacy")  # type: ignore[attr-defined]
    assert selectors.opinion_list(meeting=cast.meeting)[0].aspect == "工作作风"  # type: ignore[arg-type]


def test_timeline_steps_say_when_opinions_and_talks_were_done(cast: Cast, solicitation: Any) -> None:
    meeting: Any = cast.meeting
    give(solicitation.token, "理论学习不够深入系统")
    steps = selectors.timeline_steps(meeting=meeting)
    assert steps["opinions"] == (None, "征求中，收集 1 条、归纳 1 条")
    assert steps["talks"] == (None, "已谈 0/1 次")
    services.solicitation_close(actor=cast.admin, meeting=meeting)  # type: ignore[arg-type]
    held = dt.date.today() - dt.timedelta(days=2)
    services.talk_record(
        actor=cast.admin,  # type: ignore[arg-type]
        meeting=meeting,
        member=cast.head,  # type: ignore[arg-type]
        partner=cast.member,  # type: ignore[arg-type]
        unit=None,
        held_on=held,
        topics="交流思想",
    )
    steps = selectors.timeline_steps(meeting=meeting)
    assert steps["opinions"][0] is not None and steps["talks"] == (held, "已谈 1/1 次")


def test_a_zip_bomb_list_is_refused_while_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    """A part whose directory entry claims a tiny size is measured as it inflates, not trusted."""
    import zipfile

    config = {**services.limits(), "import": {**services.limits()["import"], "max_unpacked_mb": 1}}
    monkeypatch.setattr("mingjing_web.consult.importing.limits", lambda: config)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (3 * 1024 * 1024) + b"/>")
    with pytest.raises(ConsultError, match="解压后超过 1 MB"):
        read_opinion_list(buffer.getvalue(), "意见.xlsx")


def test_closing_the_meeting_closes_its_link_and_talk_records(cast: Cast, solicitation: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    from mingjing_web.meetings.services import meeting_set_state

    meeting: Any = cast.meeting
    meeting_set_state(actor=cast.admin, meeting=meeting, state="closed")  # type: ignore[arg-type]
    meeting.refresh_from_db()
    with pytest.raises(ConsultError, match="已经结束"):
        give(solicitation.token, "理论学习不够深入系统")
    assert Client().get(reverse("consult_give", args=[solicitation.token])).status_code == 410
    with pytest.raises(ConsultError, match="已关闭"):
        services.talk_record(
            actor=cast.admin,  # type: ignore[arg-type]
            meeting=meeting,
            member=cast.head,  # type: ignore[arg-type]
            partner=cast.member,  # type: ignore[arg-type]
            unit=None,
            held_on=dt.date.today(),
            topics="交流思想",
        )
