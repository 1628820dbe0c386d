"""Read once per page: selectors a page asks several times answer from memory the second time.

One page view often asks the same question more than once — the meeting page's timeline and its
征求意见 block both compute the talk coverage, the navigation, the view and the rights tags each look
up the viewer's membership. Each repeat used to cost its SQL queries again (issue 14.7: most of a
page's CPU is Django building queries, not the database answering them).

:class:`RequestMemoMiddleware` opens a memo for each GET or HEAD request (a page view writes nothing
that these selectors read) and drops it when the response is built; :func:`request_memo` makes a
selector answer from it. Outside such a request — services, POSTs, jobs, the shell, tests that call
selectors directly — nothing is memoised and every call queries, so a write is never followed by a
stale read. The memo lives in a context variable: each request thread has its own, and threads a
request starts (background indexing) see none.

Only selectors whose arguments are model instances (keyed by class and primary key) or plain values
qualify, and callers must treat the answer as read-only: the second caller gets the same objects.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db.models import Model
from django.http import HttpRequest, HttpResponse

P = ParamSpec("P")
R = TypeVar("R")

_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("mingjing_request_memo", default=None)
_PLAIN = (int, str, bool, float, type(None))
_MISSING = object()


def memo_active() -> dict[Hashable, Any] | None:
    """The current request's memo (None outside a memoised request)."""
    return _MEMO.get()


def _key_part(value: Any) -> Hashable | None:
    """A hashable stand-in for an argument, or None when the call must not be memoised."""
    if isinstance(value, _PLAIN):
        return (type(value).__name__, value)
    if isinstance(value, Model) and value.pk is not None:
        # The user object of a request is a lazy wrapper around a Model; both key the same.
        return (value._meta.label, value.pk)
    return None


def memo_key(name: str, kwargs: dict[str, Any]) -> Hashable | None:
    """The memo key of a call of ``name`` with keyword arguments ``kwargs`` (None: not memoisable)."""
    parts = []
    for arg, value in sorted(kwargs.items()):
        part = _key_part(value)
        if part is None:
            return None
        parts.append((arg, part))
    return (name, tuple(parts))


def request_memo(fn: Callable[P, R]) -> Callable[P, R]:
    """Memoise a keyword-only selector for the rest of the current page view (see the module's notes)."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _MEMO.get()
        key = memo_key(name, dict(kwargs)) if memo is not None and not args else None
        if memo is None or key is None:
            return fn(*args, **kwargs)
        found = memo.get(key, _MISSING)
        if found is _MISSING:
            found = memo[key] = fn(*args, **kwargs)
        return found  # type: ignore[no-any-return]

    return wrapper


def memo_remember(fn: Callable[..., Any], value: Any, **kwargs: Any) -> None:
    """Record ``value`` as the answer of ``fn(**kwargs)`` for the rest of the request (if memoised).

    For a selector that finds, on the way, what another one would look up again (the same object
    then serves both, with whatever it has cached on itself).
    """
    memo = _MEMO.get()
    key = memo_key(f"{fn.__module__}.{fn.__qualname__}", kwargs) if memo is not None else None
    if memo is not None and key is not None:
        memo.setdefault(key, value)


class RequestMemoMiddleware:
    """Opens the per-request memo for GET and HEAD requests (page views)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _MEMO.set({})
        try:
            return self.get_response(request)
        finally:
            _MEMO.reset(token)
