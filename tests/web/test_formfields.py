"""Typed form fields: the per-request narrowing of choices keeps its labels and refuses a changed field class."""

from __future__ import annotations

import pytest
from django import forms

from mingjing_web.formfields import form_field
from mingjing_web.meetings.forms import MeetingForm, OpinionForm, SeatAddForm
from mingjing_web.orgs.models import Membership
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db


class _Plain(forms.Form):
    name = forms.CharField()


def test_form_field_returns_the_declared_class() -> None:
    field = form_field(_Plain(), "name", forms.CharField)
    field.max_length = 5
    assert _Plain().fields["name"] is not field  # each form instance has its own copy
    assert field.max_length == 5


def test_form_field_refuses_another_class() -> None:
    with pytest.raises(TypeError, match="name"):
        form_field(_Plain(), "name", forms.ChoiceField)


def test_meeting_form_labels_versions_and_offers_auto_detection(cast: Cast) -> None:
    from mingjing_web.frameworks.services import framework_sync_shipped

    framework_sync_shipped()
    form = MeetingForm(organisation=cast.org)
    choices = list(form.fields["framework_version"].widget.choices)
    assert choices[0][1] == "自动识别（不指定）"
    assert len(choices) > 1 and all(str(label).endswith("第 1 版）") for _, label in choices[1:])
    assert (
        "reported_on" not in form.fields
        and "reported_on" in MeetingForm(organisation=cast.org, editing=True).fields
    )


def test_seat_and_opinion_forms_label_members_by_name(cast: Cast) -> None:
    cast.head.position = "局长"
    cast.head.save(update_fields=["position"])
    seat = SeatAddForm(candidates=[cast.head, cast.member])
    labels = [str(label) for _, label in seat.fields["membership"].widget.choices]
    assert "周明远（局长）" in labels and "李慧" in labels
    team = Membership.objects.filter(pk__in=[cast.member.pk])
    opinion = OpinionForm(team=team)
    labels = [str(label) for _, label in opinion.fields["subject"].widget.choices]
    assert labels == ["班子整体", "李慧"]
