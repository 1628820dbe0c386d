"""Forms for the record, criticisms, guests and ledger items. Rules live in ``ledger.services``."""

from __future__ import annotations

from typing import Any

from django import forms

from mingjing_web.ledger.models import CLOSING_STATUSES, GuestRole, ItemStatus, LedgerItem
from mingjing_web.meetings.models import Meeting, MeetingMember
from mingjing_web.orgs.models import Membership

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput())
    held_at = forms.DateTimeField(
        label="召开时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label="地点", max_length=200, required=False)
    chair = forms.CharField(label="主持人", max_length=50, required=False)
    recorder = forms.CharField(label="记录人", max_length=50, required=False)
    supervisor_remarks = forms.CharField(
        label="督导组点评", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    closing_remarks = forms.CharField(
        label="主要负责人总结讲话", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GuestForm(forms.Form):
    role = forms.ChoiceField(label="身份", choices=GuestRole.choices)
    name = forms.CharField(label="姓名", max_length=50)
    unit = forms.CharField(label="单位职务", max_length=100, required=False)


class _SeatChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class CriticismForm(forms.Form):
    giver = _SeatChoice(label="提出人", queryset=MeetingMember.objects.none())
    receiver = _SeatChoice(label="被批评人", queryset=MeetingMember.objects.none())
    text = forms.CharField(
        label="批评意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明具体事实（时间、场合、事例）。“注意身体”“希望多来指导”之类不是批评，会被标出。",
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seats = MeetingMember.objects.filter(meeting=meeting).order_by("display_name")
        self.fields["giver"].queryset = seats  # type: ignore[attr-defined]
        self.fields["receiver"].queryset = seats  # type: ignore[attr-defined]


class _MemberChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def _owners(meeting: Meeting) -> Any:
    return Membership.objects.filter(organisation_id=meeting.organisation_id).order_by("display_name")


class ItemForm(forms.Form):
    """What the owner changes; managers also get the problem, the owner and the deadline."""

    revision = forms.IntegerField(widget=forms.HiddenInput())
    problem = forms.CharField(label="问题", widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label="整改措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = _MemberChoice(label="责任人", queryset=Membership.objects.none())
    deadline = forms.DateField(label="完成时限", required=False, widget=DATE)
    status = forms.ChoiceField(label="状态")
    progress = forms.CharField(label="进展情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, item: LedgerItem, manager: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (v, label) for v, label in ItemStatus.choices if v not in CLOSING_STATUSES or v == item.status
        ]
        self.fields["status"].choices = choices  # type: ignore[attr-defined]
        self.fields["status"].help_text = "已完成、长期坚持须上传佐证材料后由台账管理人员销号。"
        if manager:
            self.fields["owner"].queryset = _owners(item.meeting)  # type: ignore[attr-defined]
        else:
            for name in ("problem", "owner", "deadline"):
                del self.fields[name]


class ItemAddForm(forms.Form):
    owner = _MemberChoice(label="责任人", queryset=Membership.objects.none())
    problem = forms.CharField(label="问题", widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label="整改措施", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="完成时限", required=False, widget=DATE)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners(meeting)  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    text = forms.CharField(label="书面说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(
        label="佐证文件", required=False, help_text="会议纪要、制度文件、照片等，不超过 20 MB。"
    )


class CloseForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput())
    status = forms.ChoiceField(
        label="销号为", choices=[(s.value, s.label) for s in CLOSING_STATUSES], initial=ItemStatus.DONE
    )
    note = forms.CharField(label="审核意见", max_length=300, required=False)
