"""The library upload form."""

from __future__ import annotations

from django import forms

from mingjing_web.library.models import DocumentKind


class LibraryUploadForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=DocumentKind.choices)
    title = forms.CharField(label="标题", max_length=200, required=False, help_text="留空则使用文件名")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    file = forms.FileField(
        label="文件",
        help_text=".docx 或 .txt",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}),
    )
