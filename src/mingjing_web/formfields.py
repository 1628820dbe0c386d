"""Typed access to a form's fields after ``__init__`` (``form.fields`` is typed as plain ``Field``).

Forms narrow a field's choices or queryset per request; this returns the field as the class it was
declared with, so the assignment is checked, and fails loudly if a form is ever changed to another class.
"""

from __future__ import annotations

from typing import TypeVar

from django import forms

_F = TypeVar("_F", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """``form.fields[name]`` as ``kind``; TypeError (a programming error, never user input) otherwise."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"form field {name!r} is {type(field).__name__}, expected {kind.__name__}")
    return field
