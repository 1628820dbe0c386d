"""The framework editor: the framework's fields plus one small form per aspect (a formset).

Lists are typed one item per line (an alias may itself contain 、, as official wording often does;
only requirement names may also be 、-separated); the forms only split text into lists,
``data.framework_data_clean`` is what validates.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from mingjing_web.frameworks.data import DEFAULT_NORMS, PART_NAMES

_SPLIT = re.compile(r"[\n\r、，,；;]+")
KIND_CHOICES = (
    ("通用", "民主生活会和组织生活会"),
    ("民主生活会", "民主生活会"),
    ("组织生活会", "组织生活会"),
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _items(text: str) -> list[str]:
    return [item.strip() for item in _SPLIT.split(text or "") if item.strip()]


class FrameworkForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200, help_text="如：2026年度民主生活会")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, help_text="四位数字")
    kind = forms.ChoiceField(label="适用会议", choices=KIND_CHOICES)
    source = forms.CharField(
        label="来源", required=False, max_length=1000, help_text="通知文号或出处，便于核对原文"
    )
    keywords = forms.CharField(
        label="识别关键词",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个；材料中出现这些词时更容易识别为本框架",
    )
    required_parts = forms.MultipleChoiceField(
        label="必备部分",
        choices=[(p, p) for p in PART_NAMES],
        initial=list(PART_NAMES),
        widget=forms.CheckboxSelectMultiple,
    )
    norm_problems = forms.IntegerField(
        label="问题查摆不少于（字）", required=False, min_value=0, max_value=100000
    )
    norm_causes = forms.IntegerField(
        label="原因剖析不少于（字）", required=False, min_value=0, max_value=100000
    )
    norm_measures = forms.IntegerField(
        label="整改措施不少于（字）", required=False, min_value=0, max_value=100000
    )
    requirements = forms.CharField(
        label="具体要求",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一条，写成“名称：内容”",
    )
    note = forms.CharField(label="修改说明", required=False, max_length=200)
    base_number = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def clean_requirements(self) -> list[dict[str, str]]:
        result = []
        for line in _lines(self.cleaned_data.get("requirements", "")):
            parts = re.split(r"[:：]", line, maxsplit=1)
            if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
                raise forms.ValidationError(f"“{line[:20]}”请写成“名称：内容”。")
            result.append({"name": parts[0].strip(), "text": parts[1].strip()})
        return result


class AspectForm(forms.Form):
    name = forms.CharField(label="方面（原文表述）", max_length=200, required=False)
    aliases = forms.CharField(
        label="别名",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="材料里常见的其他写法，用顿号或换行分隔",
    )
    examples = forms.CharField(
        label="问题示例", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="每行一个"
    )
    requirements = forms.CharField(
        label="对应要求", required=False, help_text="填“具体要求”中的名称，顿号分隔"
    )


AspectFormSet = forms.formset_factory(AspectForm, extra=2, can_delete=True, max_num=30)


def framework_initial(data: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Initial values of the form and the aspect forms from stored framework data."""
    kinds = list(data.get("meeting_kinds") or [])
    norms = dict(data.get("length_norms") or {})
    initial = {
        "name": data.get("name", ""),
        "year": data.get("year"),
        "kind": kinds[0] if len(kinds) == 1 else "通用",
        "source": data.get("source", ""),
        "keywords": "\n".join((data.get("detect") or {}).get("keywords", [])),
        "required_parts": data.get("required_parts") or list(PART_NAMES),
        "norm_problems": norms.get("problems"),
        "norm_causes": norms.get("causes"),
        "norm_measures": norms.get("measures"),
        "requirements": "\n".join(f"{r['name']}：{r['text']}" for r in data.get("requirements", [])),
    }
    aspects = [
        {
            "name": a.get("name", ""),
            "aliases": "\n".join(a.get("aliases", [])),
            "examples": "\n".join(a.get("examples", [])),
            "requirements": "、".join(a.get("requirements", [])),
        }
        for a in data.get("aspects", [])
    ]
    return initial, aspects


def framework_data(form: FrameworkForm, aspects: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Framework data from valid forms; fields the editor does not show are kept from ``base``."""
    data = dict(base or {})
    cleaned = form.cleaned_data
    kind = cleaned["kind"]
    norms = {key: cleaned[f"norm_{key}"] for key in DEFAULT_NORMS if cleaned.get(f"norm_{key}") is not None}
    detect = dict(data.get("detect") or {})
    detect["keywords"] = _lines(cleaned.get("keywords", ""))
    data.update(
        name=cleaned["name"],
        year=cleaned["year"],
        meeting_kinds=["民主生活会", "组织生活会"] if kind == "通用" else [kind],
        source=cleaned.get("source", ""),
        detect=detect,
        required_parts=list(cleaned.get("required_parts") or []),
        length_norms=norms,
        requirements=cleaned.get("requirements") or [],
        aspects=[
            {
                "name": a["name"].strip(),
                "aliases": _lines(a.get("aliases", "")),
                "examples": _lines(a.get("examples", "")),
                "requirements": _items(a.get("requirements", "")),
            }
            for a in aspects.cleaned_data
            if a and a.get("name", "").strip() and not a.get("DELETE")
        ],
    )
    return data
