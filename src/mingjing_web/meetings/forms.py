"""Forms for meetings and solicited opinions."""

from __future__ import annotations

from django import forms

from mingjing_web.meetings.models import Meeting, Opinion
from mingjing_web.orgs.models import Membership


class MeetingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Meeting
        fields = ["title", "kind", "year", "framework_id", "submit_by", "held_on", "check_templates", "check_peers"]
        widgets = {
            "submit_by": forms.DateInput(attrs={"type": "date"}),
            "held_on": forms.DateInput(attrs={"type": "date"}),
        }


class OpinionForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: object, team: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        subject = self.fields["subject"]
        subject.queryset = team if team is not None else Membership.objects.none()  # type: ignore[attr-defined]
        subject.empty_label = "班子整体"  # type: ignore[attr-defined]
        subject.label_from_instance = lambda m: m.display_name  # type: ignore[attr-defined]

    class Meta:
        model = Opinion
        fields = ["subject", "category", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
