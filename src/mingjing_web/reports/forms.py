"""Forms of the report pages. Labels are what screen readers announce."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from mingjing_web.reports.uploads import ACCEPT, FORMATS_TEXT
from mingjing_web.revisions import RevisionField


class UploadForm(forms.Form):
    file = forms.FileField(label="选择文件", widget=forms.ClearableFileInput())
    author = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read at every request: MINGJING_MAX_UPLOAD_MB is the one place the limit is set.
        limit_mb = int(settings.MINGJING_MAX_UPLOAD_MB)
        field = self.fields["file"]
        field.help_text = f"支持 {FORMATS_TEXT}，不超过 {limit_mb} MB。"
        field.widget.attrs.update({"accept": ACCEPT, "data-max-bytes": limit_mb * 1024 * 1024})


class PasteForm(forms.Form):
    text = forms.CharField(
        label="粘贴全文",
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "把对照检查材料全文粘贴到这里"}),
        strip=False,
    )


class CommentForm(forms.Form):
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    version = RevisionField()  # the latest version the page showed (a comment is filed under it)


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label="审核意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "退回时请写明需要修改的地方"}),
        max_length=5000,
    )
    # What the page showed: the latest version's number and the report's state (a stale page is refused).
    version = RevisionField()
    revision = RevisionField()
