"""Forms for the anonymous opinion page, importing, correcting, and recording talks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from mingjing_web.consult.models import OverseenUnit, TalkRules
from mingjing_web.consult.services import limits
from mingjing_web.formfields import form_field
from mingjing_web.orgs.models import Membership
from mingjing_web.revisions import RevisionField

# Django's form classes are not subscriptable at run time; the stubs make them generic for mypy only.
if TYPE_CHECKING:
    _TalkRulesFormBase = forms.ModelForm[TalkRules]
else:
    _TalkRulesFormBase = forms.ModelForm

TEAM = ""  # the choice value meaning "the whole 班子"


def _team_choices(team: list[Membership]) -> list[tuple[str, str]]:
    return [(TEAM, "班子整体"), *((str(m.pk), m.display_name) for m in team)]


def subject_of(value: str, team: list[Membership]) -> Membership | None:
    return next((m for m in team if str(m.pk) == value), None) if value else None


class PublicOpinionForm(forms.Form):
    subject = forms.ChoiceField(label="意见针对", required=False)
    text = forms.CharField(
        label="意见内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请写具体的问题或建议；不需要留姓名。",
    )

    def __init__(self, *args: Any, team: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "subject", forms.ChoiceField).choices = _team_choices(team)
        form_field(self, "text", forms.CharField).max_length = int(limits()["opinion"]["max_chars"])


class ImportForm(forms.Form):
    file = forms.FileField(
        label="意见清单（.xlsx 或 .docx）",
        help_text="每行（或每段）一条意见；表格中可有“针对”一列写成员姓名。",
    )
    subject = forms.ChoiceField(label="未注明针对谁的意见归于", required=False)

    def __init__(self, *args: Any, team: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "subject", forms.ChoiceField).choices = _team_choices(team)


class AspectForm(forms.Form):
    aspect = forms.ChoiceField(label="方面", required=False)
    revision = RevisionField()  # the opinion's revision as the page showed it

    def __init__(self, *args: Any, aspects: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "aspect", forms.ChoiceField).choices = [("", "未归类"), *((a, a) for a in aspects)]


class TalkRulesForm(_TalkRulesFormBase):
    revision = RevisionField()  # the rules' revision as the page showed it (pass it as ``initial``)

    class Meta:
        model = TalkRules
        fields = ("head_with_all", "members_pairwise", "members_with_unit_heads")


class UnitForm(forms.Form):
    member = forms.ChoiceField(label="分管领导")
    unit_name = forms.CharField(label="分管单位", max_length=100)
    head_name = forms.CharField(label="单位负责人", max_length=50)

    def __init__(self, *args: Any, team: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "member", forms.ChoiceField).choices = [(str(m.pk), m.display_name) for m in team]


class TalkForm(forms.Form):
    member = forms.ChoiceField(label="谈话人")
    partner = forms.ChoiceField(label="谈话对象")
    held_on = forms.DateField(label="谈话日期", widget=forms.DateInput(attrs={"type": "date"}))
    topics = forms.CharField(label="谈话内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    opinions_raised = forms.CharField(
        label="提出的意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(
        self,
        *args: Any,
        team: list[Membership],
        units: list[OverseenUnit],
        members: list[Membership],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "member", forms.ChoiceField).choices = [(str(m.pk), m.display_name) for m in members]
        partners = [(f"m{m.pk}", m.display_name) for m in team]
        partners += [
            (f"u{u.pk}", f"{u.head_name}（{u.unit_name}负责人，{u.member.display_name}分管）") for u in units
        ]
        form_field(self, "partner", forms.ChoiceField).choices = partners
