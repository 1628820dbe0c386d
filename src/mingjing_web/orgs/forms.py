"""Forms for the organisation profile and its members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth import get_user_model

from mingjing_web.orgs.models import Level, Organisation, OrgKind, Role, TeamRole
from mingjing_web.revisions import RevisionField

# Django's form classes are not subscriptable at run time; the stubs make them generic for mypy only.
if TYPE_CHECKING:
    _OrganisationFormBase = forms.ModelForm[Organisation]
else:
    _OrganisationFormBase = forms.ModelForm


class OrganisationForm(_OrganisationFormBase):
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput())

    class Meta:
        model = Organisation
        fields = ("name", "level", "region")


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput(render_value=False), max_length=128)


class MemberCreateForm(forms.Form):
    display_name = forms.CharField(label="姓名", max_length=50)
    position = forms.CharField(label="职务", max_length=100, required=False)
    username = forms.CharField(label="登录名", max_length=150)
    password = forms.CharField(label="初始密码", min_length=8, widget=forms.PasswordInput(render_value=False))
    role = forms.ChoiceField(label="系统角色", choices=Role.choices, initial=Role.MEMBER)
    team_role = forms.ChoiceField(label="班子角色", choices=TeamRole.choices, required=False)

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        if get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError("该登录名已被使用，请换一个。")
        return username

    def clean(self) -> dict[str, object]:
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        data = super().clean() or {}
        if data.get("password"):
            try:
                validate_password(str(data["password"]))
            except ValidationError as err:
                self.add_error("password", err)
        return data


class MemberRoleForm(forms.Form):
    revision = RevisionField()  # the member row's revision as the page showed it
    position = forms.CharField(label="职务", max_length=100, required=False)
    role = forms.ChoiceField(label="系统角色", choices=Role.choices)
    team_role = forms.ChoiceField(label="班子角色", choices=TeamRole.choices, required=False)


class SubOrganisationForm(forms.Form):
    """A unit below one's own, with its first admin account."""

    name = forms.CharField(label="下级组织名称", max_length=200)
    kind = forms.ChoiceField(label="组织类型", choices=OrgKind.choices)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    region = forms.CharField(label="所在地区", max_length=100, required=False)
    admin_display_name = forms.CharField(label="管理员姓名", max_length=50)
    admin_username = forms.CharField(label="管理员登录名", max_length=150)
    admin_password = forms.CharField(
        label="管理员初始密码", min_length=8, widget=forms.PasswordInput(render_value=False)
    )
