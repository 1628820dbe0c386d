"""Template helpers available in every template (registered as a builtin in settings).

- ``{{ version.score|score }}`` and ``{{ ratio|percent }}``: the one number format (``numbers``);
- ``{% rights report as can %}`` then ``{% if can.review %}``: the rights from ``policy``;
- ``{% optional_include "consult/_meeting_block.html" %}``: include a template another app may
  provide, rendering nothing when that app is not installed.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from mingjing_web import numbers, policy

register = template.Library()


@register.filter(name="score")
def score(value: float | None) -> str:
    return numbers.score_text(value)


@register.filter(name="percent")
def percent(value: float | None) -> str:
    return numbers.percent_text(value)


@register.simple_tag(takes_context=True)
def rights(context: template.Context, obj: Any) -> dict[str, bool]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return policy.rights(who=user, obj=obj)


@register.simple_tag(takes_context=True)
def optional_include(context: template.Context, name: str) -> SafeString:
    try:
        found = get_template(name)
    except template.TemplateDoesNotExist:
        return mark_safe("")
    # The stubs type flatten()'s keys as any hashable; a template context's keys are always names.
    values = {str(key): value for key, value in context.flatten().items()}
    return mark_safe(found.render(values, context.get("request")))
