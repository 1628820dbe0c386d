"""Template helpers of the editor."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter(name="get_item")
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    """``mapping[key]`` or an empty list (findings of a box, links of an item)."""
    if not mapping:
        return []
    return mapping.get(key, [])


@register.filter(name="cn_index")
def cn_index(value: int) -> str:
    """1 → 一 (section and aspect numbers as the text will carry them)."""
    from mingjing_web.editor.structure import cn_number

    return cn_number(int(value))
