"""Live review: findings by box, proofreading line by line (what the core's rule keeps), escaping, locking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mingjing_web import analysis
from mingjing_web.editor import fragments, live, services
from mingjing_web.editor import structure as st
from mingjing_web.editor.models import Draft
from mingjing_web.errors import ServiceError
from tests.web.conftest import Cast

PROFILE = analysis.org_profile(unit="青岚县农业农村局党组", level="县", region="某省青岚县")


def _draft(body: str, headline: str = "调研不够深入") -> tuple[st.EditorDraft, str]:
    draft = st.blank_draft(title="个人对照检查材料", byline="李慧", aspects=["理论学习", "工作作风"])
    item = draft.sections[0].groups[0].items[0].id
    return st.apply_fields(draft, {f"ih-{item}": headline, f"ib-{item}": body}), item


def test_a_typo_lands_in_its_items_box() -> None:
    draft, item = _draft("2023年5月检查春耕，自已没有到最困难的村。")
    review = live.live_review(draft, framework=None, profile=PROFILE)
    rules = [(f.rule, f.text) for f in review.boxes.get(f"item-{item}", [])]
    assert ("slip.proofread", "自已") in rules


def test_correct_and_quoted_text_is_not_proofread_as_a_slip() -> None:
    draft, item = _draft("2023年5月检查春耕，自己没有到最困难的村，群众说“自已的事自已办”。")
    review = live.live_review(draft, framework=None, profile=PROFILE)
    hits = [f for f in review.boxes.get(f"item-{item}", []) if f.rule == "slip.proofread"]
    assert hits == []


def test_empty_draft_has_no_findings() -> None:
    draft = st.EditorDraft()
    assert live.live_review(draft, framework=None, profile=PROFILE).count == 0


def test_box_for_maps_fields() -> None:
    assert live.box_for("item-abc") == "item-abc"
    assert live.box_for("gn-g1") == live.box_for("gp-g1") == "grp-g1"
    assert live.box_for("sh-causes") == "sec-causes"
    assert live.box_for("title") == live.box_for(None) == live.GENERAL


def test_fragments_escape_the_writers_text() -> None:
    finding = live.LiveFinding("slip.proofread", "警告", "疑似错字", "<b>自已</b>", "<i>自己</i>", 0, 3)
    html = fragments.box_html("item-x", [finding], [{"text": "<script>", "source": "范文"}], oob=True)
    assert "<b>" not in html and "<script>" not in html and "&lt;b&gt;" in html
    assert 'hx-swap-oob="true"' in html


@pytest.mark.django_db
def test_panel_resent_only_when_items_change(cast: Cast, login) -> None:  # type: ignore[no-untyped-def]
    client = login(cast.member)
    client.get(reverse("editor_open", args=[cast.meeting.pk]))
    draft = Draft.objects.get(author=cast.member)
    item = st.from_data(draft.content).sections[0].groups[0].items[0].id
    url = reverse("editor_live", args=[draft.pk])
    first = client.post(url, {f"ih-{item}": "学习不够系统"}).content.decode()
    assert 'id="answer-panel"' in first  # the item got a number and a label
    again = client.post(url, {f"ib-{item}": "2023年缺席两次集中学习。"}).content.decode()
    assert 'id="answer-panel"' not in again and f'id="num-{item}"' in again


@pytest.mark.django_db
def test_a_submitted_report_locks_the_draft(cast: Cast, login) -> None:  # type: ignore[no-untyped-def]
    from mingjing_web.reports.services import report_submit, version_paste
    from tests.web.conftest import sample_text

    client = login(cast.member)
    client.get(reverse("editor_open", args=[cast.meeting.pk]))
    draft = Draft.objects.get(author=cast.member)
    version = version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    services.draft_import_latest(draft=draft, actor=cast.member)
    draft.refresh_from_db()
    assert sum(1 for _ in st.from_data(draft.content).items()) >= 6
    report_submit(report=version.report, actor=cast.member)
    assert "已提交" in services.draft_locked_reason(draft=draft)
    with pytest.raises(ServiceError):
        services.draft_autosave(draft=draft, actor=cast.member, fields={"title": "改"})
    answer = client.post(reverse("editor_live", args=[draft.pk]), {"title": "改"}).content.decode()
    assert "已提交" in answer


@pytest.mark.django_db
def test_an_earlier_version_can_be_restored(cast: Cast, login) -> None:  # type: ignore[no-untyped-def]
    client = login(cast.member)
    client.get(reverse("editor_open", args=[cast.meeting.pk]))
    draft = Draft.objects.get(author=cast.member)
    first = services.draft_save_version(draft=draft, actor=cast.member, fields={"opening": "第一稿开头。"})
    services.draft_autosave(draft=draft, actor=cast.member, fields={"opening": "第二稿开头。"})
    response = client.post(reverse("editor_change", args=[draft.pk]), {"op": f"restore:{first.number}"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert st.from_data(draft.content).opening == "第一稿开头。"
    assert draft.versions.filter(text__contains="第二稿开头").exists()  # nothing lost by restoring


def test_typing_inside_an_item_reviews_only_what_changed() -> None:
    draft, item = _draft("2023年5月检查春耕，自已没有到最困难的村。")
    session = ("test", item)
    first = live.live_review(draft, framework=None, profile=PROFILE, session=session)
    assert not first.quick
    others = {(b, f.rule) for b, fs in first.boxes.items() for f in fs if f.rule != live.PROOFREAD_RULE}
    assert others  # e.g. parts too short: kept from the whole-text review below
    fixed = st.apply_fields(draft, {f"ib-{item}": "2023年5月检查春耕，自己没有到最困难的村。"})
    second = live.live_review(fixed, framework=None, profile=PROFILE, session=session)
    assert second.quick
    assert not [f for f in second.boxes.get(f"item-{item}", []) if f.text == "自已"]
    kept = {(b, f.rule) for b, fs in second.boxes.items() for f in fs if not b.startswith("item-")}
    assert {x for x in others if not x[0].startswith("item-")} <= kept
    settled = live.live_review(fixed, framework=None, profile=PROFILE, session=session, full=True)
    assert not settled.quick


def test_a_structural_change_gets_a_whole_review() -> None:
    draft, item = _draft("2023年5月检查春耕，自己没有到最困难的村。")
    session = ("test-structure", item)
    live.live_review(draft, framework=None, profile=PROFILE, session=session)
    grown, added = st.add_item(draft, group_id=draft.sections[0].groups[0].id)
    grown = st.apply_fields(grown, {f"ih-{added}": "学用结合不紧"})
    assert not live.live_review(grown, framework=None, profile=PROFILE, session=session).quick
    retitled = st.apply_fields(draft, {"opening": "根据统一部署，我认真查摆。"})
    assert not live.live_review(retitled, framework=None, profile=PROFILE, session=session).quick
