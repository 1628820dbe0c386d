"""Forms for meetings and solicited opinions."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from mingjing_web.meetings.models import Meeting, Opinion
from mingjing_web.orgs.models import Membership


def framework_choices() -> list[tuple[str, str]]:
    """The frameworks the core ships, plus automatic detection."""
    from mingjing.frameworks import list_frameworks

    return [("", "自动识别"), *((f.id, f.name) for f in list_frameworks())]


class MeetingForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework_id"] = forms.ChoiceField(
            label="对照框架",
            choices=framework_choices(),
            required=False,
            help_text="材料按哪个框架的方面查摆",
        )

    class Meta:
        model = Meeting
        fields = (
            "title",
            "kind",
            "year",
            "framework_id",
            "submit_by",
            "held_on",
            "check_templates",
            "check_peers",
        )
        widgets: ClassVar[dict[str, forms.Widget]] = {
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
        fields = ("subject", "category", "text")
        widgets: ClassVar[dict[str, forms.Widget]] = {"text": forms.Textarea(attrs={"rows": 3})}
