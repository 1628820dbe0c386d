"""Forms for meetings and solicited opinions. Validation rules live in ``services.meeting_validate``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.db.models import QuerySet

from mingjing_web.formfields import form_field
from mingjing_web.frameworks.models import FrameworkVersion
from mingjing_web.meetings.models import Meeting, Opinion
from mingjing_web.orgs.models import Membership, Organisation

# Django's form classes are not subscriptable at run time; the stubs make them generic for mypy only.
if TYPE_CHECKING:
    _VersionChoiceBase = forms.ModelChoiceField[FrameworkVersion]
    _MemberChoiceBase = forms.ModelChoiceField[Membership]
    _MeetingFormBase = forms.ModelForm[Meeting]
    _OpinionFormBase = forms.ModelForm[Opinion]
else:
    _VersionChoiceBase = _MemberChoiceBase = forms.ModelChoiceField
    _MeetingFormBase = _OpinionFormBase = forms.ModelForm


class _VersionChoice(_VersionChoiceBase):
    def label_from_instance(self, obj: FrameworkVersion) -> str:
        return _framework_label(obj)


class _SubjectChoice(_MemberChoiceBase):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.display_name


class _CandidateChoice(_MemberChoiceBase):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.display_name}{'（' + obj.position + '）' if obj.position else ''}"


class MeetingForm(_MeetingFormBase):
    """Create or edit a meeting; ``revision`` carries the version the form was opened on."""

    revision = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args: Any, organisation: Organisation, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mingjing_web.frameworks.selectors import framework_list

        ids: list[int] = [f.current_id for f in framework_list(organisation=organisation) if f.current_id]
        if self.instance.pk and self.instance.framework_version_id:
            ids.append(self.instance.framework_version_id)  # the version it keeps, even if superseded
        field = form_field(self, "framework_version", _VersionChoice)
        field.queryset = FrameworkVersion.objects.filter(pk__in=ids).select_related("framework")
        field.empty_label = "自动识别（不指定）"
        field.help_text = "材料按哪个框架的方面查摆；会议保存所选框架的当前版本，框架以后修改不影响本次会议。"
        self.fields["year"].widget = forms.NumberInput(attrs={"min": 2000, "max": 2100, "step": 1})
        self.fields["year"].help_text = "四位数字，如 2026（年度会议多在次年年初召开）。"
        if not editing:
            for name in ("reported_on", "rectified_on"):
                del self.fields[name]

    class Meta:
        model = Meeting
        field_classes: ClassVar[dict[str, type[forms.Field]]] = {"framework_version": _VersionChoice}
        fields = (
            "title",
            "kind",
            "year",
            "framework_version",
            "submit_by",
            "held_on",
            "check_templates",
            "check_peers",
            "reported_on",
            "rectified_on",
        )
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "submit_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reported_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "rectified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict[str, Any]:
        from mingjing_web.meetings.services import meeting_problems

        data = super().clean() or {}
        year = data.get("year", 0) if "year" not in self.errors else 2000
        found = meeting_problems(year=year, submit_by=data.get("submit_by"), held_on=data.get("held_on"))
        for field, message in found.items():
            self.add_error(field, message)
        return data


def _framework_label(version: FrameworkVersion) -> str:
    return f"{version.framework.name}（{version.framework.year}，第 {version.number} 版）"


class SeatAddForm(forms.Form):
    membership = _CandidateChoice(label="加入班子成员", queryset=Membership.objects.none())

    def __init__(self, *args: Any, candidates: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "membership", _CandidateChoice)
        field.queryset = Membership.objects.filter(pk__in=[c.pk for c in candidates])


class OpinionForm(_OpinionFormBase):
    def __init__(self, *args: Any, team: QuerySet[Membership] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        subject = form_field(self, "subject", _SubjectChoice)
        subject.queryset = team if team is not None else Membership.objects.none()
        subject.empty_label = "班子整体"

    class Meta:
        model = Opinion
        field_classes: ClassVar[dict[str, type[forms.Field]]] = {"subject": _SubjectChoice}
        fields = ("subject", "category", "text")
        widgets: ClassVar[dict[str, forms.Widget]] = {"text": forms.Textarea(attrs={"rows": 3})}
