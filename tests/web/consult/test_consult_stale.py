"""The opinion classification form and the talk rules form carry the revision they were based on
(issue 14.5): a stale one is refused (409, the choice shown again) and changes nothing; a fresh one
saves and bumps the revision. Correcting an opinion still records nothing about anyone.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.db import connection, connections, models
from django.urls import reverse

from mingjing_web.audit.models import AuditLog
from mingjing_web.consult import selectors, services
from mingjing_web.consult.models import Opinion, TalkRules
from mingjing_web.revisions import StaleError
from tests.web.conftest import Cast
from tests.web.consult.conftest import give

pytestmark = pytest.mark.django_db


def _form_revision(html: str, action: str) -> int:
    """The hidden revision of the form posting to ``action``, as the page showed it."""
    found = re.search(rf'action="{re.escape(action)}"[^>]*>.*?name="revision" value="(\d+)"', html, re.S)
    assert found is not None, f"the form {action} carries its revision"
    return int(found.group(1))


@pytest.fixture
def opinion(cast: Cast, solicitation: Any) -> Opinion:
    assert give(solicitation.token, "下基层调研少，听汇报多看现场少", cast.member)
    return Opinion.objects.get()


def _two_other_aspects(cast: Cast, opinion: Opinion) -> tuple[str, str]:
    aspects = [
        a for a in selectors.meeting_core_framework(meeting=cast.meeting).aspects if a != opinion.aspect
    ]  # type: ignore[arg-type]
    assert len(aspects) >= 2
    return aspects[0], aspects[1]


# -- opinion aspect ----------------------------------------------------------------------------------------


def test_a_fresh_classification_saves_and_bumps_the_revision(
    login: Any, cast: Cast, opinion: Opinion
) -> None:
    client = login(cast.admin)
    action = reverse("consult_opinion_aspect", args=[cast.meeting.pk, opinion.pk])  # type: ignore[attr-defined]
    shown = _form_revision(
        client.get(reverse("consult_overview", args=[cast.meeting.pk])).content.decode(), action
    )  # type: ignore[attr-defined]
    chosen, _other = _two_other_aspects(cast, opinion)
    response = client.post(action, {"aspect": chosen, "revision": shown})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.aspect, opinion.aspect_confirmed, opinion.revision) == (chosen, True, shown + 1)


def test_a_stale_classification_gets_409_keeps_the_choice_and_changes_nothing(
    login: Any, cast: Cast, opinion: Opinion
) -> None:
    client = login(cast.admin)
    overview = reverse("consult_overview", args=[cast.meeting.pk])  # type: ignore[attr-defined]
    action = reverse("consult_opinion_aspect", args=[cast.meeting.pk, opinion.pk])  # type: ignore[attr-defined]
    shown = _form_revision(client.get(overview).content.decode(), action)
    theirs, mine = _two_other_aspects(cast, opinion)
    # The reviewer corrects the same opinion after the admin's page was loaded.
    services.opinion_set_aspect(actor=cast.reviewer, opinion=opinion, aspect=theirs, revision=shown)  # type: ignore[arg-type]
    audits = AuditLog.objects.count()
    response = client.post(action, {"aspect": mine, "revision": shown})
    html = response.content.decode()
    assert response.status_code == 409
    assert "在您编辑期间，这条意见的归类已被他人修改" in html and f"当前归类：{theirs}" in html
    form = re.search(rf'action="{re.escape(action)}".*?</form>', html, re.S)
    assert form is not None
    assert f'<option value="{mine}" selected>' in form.group(0)  # the choice is kept
    assert _form_revision(html, action) == shown
    opinion.refresh_from_db()
    assert (opinion.aspect, opinion.revision) == (theirs, shown + 1)
    # Anonymity: the refusal and the corrections wrote no audit row and no time to the opinion.
    assert AuditLog.objects.count() == audits
    kinds = (models.DateTimeField, models.DateField, models.TimeField, models.ForeignKey)
    people = [f.name for f in Opinion._meta.concrete_fields if isinstance(f, kinds) and f.name != "meeting"]
    assert people == ["subject"]  # the only reference to a person is whom the opinion is about


def test_a_store_between_page_and_save_keeps_the_revision(
    cast: Cast, solicitation: Any, opinion: Opinion
) -> None:
    """Storing a new opinion rewrites every row of the meeting: a correction's revision survives it."""
    chosen, _other = _two_other_aspects(cast, opinion)
    services.opinion_set_aspect(actor=cast.admin, opinion=opinion, aspect=chosen, revision=1)  # type: ignore[arg-type]
    assert give(solicitation.token, "学习不够深入系统，以干代学", None)
    again = Opinion.objects.get(pk=opinion.pk)
    assert (again.aspect, again.revision) == (chosen, 2)
    with pytest.raises(StaleError):
        services.opinion_set_aspect(actor=cast.admin, opinion=again, aspect="", revision=1)  # type: ignore[arg-type]


# -- talk rules --------------------------------------------------------------------------------------------


def test_fresh_talk_rules_save_and_bump_the_revision(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    action = reverse("talk_rules", args=[cast.meeting.pk])  # type: ignore[attr-defined]
    shown = _form_revision(client.get(reverse("talk_index", args=[cast.meeting.pk])).content.decode(), action)  # type: ignore[attr-defined]
    response = client.post(
        action, {"head_with_all": "on", "members_with_unit_heads": "on", "revision": shown}
    )
    assert response.status_code == 302
    rules = TalkRules.objects.get(meeting=cast.meeting)
    assert (rules.head_with_all, rules.members_pairwise, rules.members_with_unit_heads) == (True, False, True)
    assert rules.revision == shown + 1


def test_stale_talk_rules_get_409_keep_the_ticks_and_change_nothing(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    action = reverse("talk_rules", args=[cast.meeting.pk])  # type: ignore[attr-defined]
    shown = _form_revision(client.get(reverse("talk_index", args=[cast.meeting.pk])).content.decode(), action)  # type: ignore[attr-defined]
    # Another admin saves the rules (the first save of the defaults) after the page was loaded.
    services.talk_rules_set(
        actor=cast.admin,  # type: ignore[arg-type]
        meeting=cast.meeting,  # type: ignore[arg-type]
        head_with_all=True,
        members_pairwise=True,
        members_with_unit_heads=True,
        revision=shown,
    )
    audits = AuditLog.objects.count()
    response = client.post(action, {"head_with_all": "on", "revision": shown})
    html = response.content.decode()
    assert response.status_code == 409
    assert "在您编辑期间，本次会议的谈话要求已被他人修改" in html
    form = re.search(rf'action="{re.escape(action)}".*?</form>', html, re.S)
    assert form is not None
    boxes = dict(re.findall(r'<input type="checkbox" name="(\w+)"([^>]*)>', form.group(0)))
    assert "checked" in boxes["head_with_all"]
    assert "checked" not in boxes["members_pairwise"] and "checked" not in boxes["members_with_unit_heads"]
    rules = TalkRules.objects.get(meeting=cast.meeting)
    assert (rules.members_pairwise, rules.members_with_unit_heads, rules.revision) == (True, True, shown + 1)
    assert AuditLog.objects.count() == audits


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_rules_cannot_both_win(cast: Cast) -> None:
    """Two admins save the rules they both saw at revision 2 at the same moment: the row lock lets one
    through, the other reads the revision after the first commit and is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's (SQLite serialises every write)")
    _save_rules(cast, pairwise=True, revision=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(pairwise: bool) -> None:
        try:
            barrier.wait()
            _save_rules(cast, pairwise=pairwise, revision=2)
            outcomes.append("saved")
        except StaleError:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(flag,)) for flag in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["saved", "stale"]
    assert TalkRules.objects.get(meeting=cast.meeting).revision == 3


def _save_rules(cast: Cast, *, pairwise: bool, revision: int) -> None:
    services.talk_rules_set(
        actor=cast.admin,  # type: ignore[arg-type]
        meeting=cast.meeting,  # type: ignore[arg-type]
        head_with_all=True,
        members_pairwise=pairwise,
        members_with_unit_heads=False,
        revision=revision,
    )
