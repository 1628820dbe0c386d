"""Forms of the report pages. Labels are what screen readers announce."""

from __future__ import annotations

from django import forms
from django.conf import settings


class UploadForm(forms.Form):
    file = forms.FileField(
        label="选择文件",
        help_text=f"支持 .docx 和 .txt（GBK/UTF-8 均可），不超过 {settings.MINGJING_MAX_UPLOAD_MB} MB。",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,.txt", "data-max-bytes": settings.MINGJING_MAX_UPLOAD_MB * 1024 * 1024}
        ),
    )


class PasteForm(forms.Form):
    text = forms.CharField(
        label="粘贴全文",
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "把对照检查材料全文粘贴到这里"}),
        strip=False,
    )


class CommentForm(forms.Form):
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label="审核意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "退回时请写明需要修改的地方"}),
        max_length=5000,
    )
