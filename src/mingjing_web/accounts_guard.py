"""Throttled logins: too many failures for one account, or from one address, lock further attempts.

Why our own ~100 lines and not django-axes: we need exactly two counters (per account, per client
address) with a Chinese message on our own login page; axes brings its own models, migrations,
admin pages and English lockout responses, and ties the lockout to its own handler chain. The
counters live in the ``throttle`` cache (a folder all gunicorn workers of the machine share, see
``settings.CACHES``), so a restart of a worker does not reset them and no migration is needed.

Failures are counted through Django's ``user_login_failed`` signal (sent by ``authenticate`` for
every wrong password, whichever view asked); the middleware refuses a login POST while a lock
holds, before the password is even checked, so a locked account costs no password hashing.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import caches
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

CACHE_ALIAS = "throttle"


def _cache() -> Any:
    return caches[CACHE_ALIAS]


def _key(kind: str, value: str) -> str:
    # Hashed: user names and addresses never appear as file names of the cache.
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]
    return f"login:{kind}:{digest}"


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's, or the one our trusted proxies put in X-Forwarded-For."""
    hops = int(getattr(settings, "MINGJING_TRUSTED_PROXY_HOPS", 0))
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    if hops > 0 and len(forwarded) >= hops:
        return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _limits() -> dict[str, int]:
    return {
        "account": int(settings.MINGJING_LOGIN_FAILURES_PER_ACCOUNT),
        "address": int(settings.MINGJING_LOGIN_FAILURES_PER_ADDRESS),
    }


def _keys(*, username: str, address: str) -> dict[str, str]:
    return {"account": _key("account", username.strip().lower()), "address": _key("address", address)}


def login_locked_seconds(*, username: str, address: str, now: float | None = None) -> float:
    """Seconds until a login for ``username`` from ``address`` may be tried again (0: not locked)."""
    moment = time.time() if now is None else now
    waits = [0.0]
    for key in _keys(username=username, address=address).values():
        entry = _cache().get(key)
        if entry and entry.get("until", 0) > moment:
            waits.append(float(entry["until"] - moment))
    return max(waits)


def login_failure_record(*, username: str, address: str, now: float | None = None) -> None:
    """Count one failed login for the account and the address; lock each when it reaches its limit."""
    moment = time.time() if now is None else now
    window = int(settings.MINGJING_LOGIN_WINDOW_MINUTES) * 60
    lock = int(settings.MINGJING_LOGIN_LOCK_MINUTES) * 60
    limits = _limits()
    for kind, key in _keys(username=username, address=address).items():
        entry = _cache().get(key)
        if not entry or (entry.get("start", 0) + window < moment and entry.get("until", 0) <= moment):
            entry = {"start": moment, "count": 0, "until": 0.0}
        entry["count"] += 1
        if entry["count"] >= limits[kind]:
            entry["until"] = moment + lock
        _cache().set(key, entry, timeout=max(window, lock) + 60)


def login_success_record(*, username: str) -> None:
    """A correct password clears the account's counter (the address keeps its own)."""
    _cache().delete(_key("account", username.strip().lower()))


def locked_message(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"登录失败次数过多，请 {minutes} 分钟后再试。"


@receiver(user_login_failed)
def _on_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    if request is None:  # authenticate() called outside a request (a command): nothing to throttle
        return
    login_failure_record(username=str(credentials.get("username", "")), address=client_address(request))


@receiver(user_logged_in)
def _on_logged_in(sender: object, request: HttpRequest | None, user: Any, **_: Any) -> None:
    login_success_record(username=str(user.get_username()))


class LoginThrottleMiddleware:
    """Refuse a login POST while its account or address is locked: the login page with the message, 429."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._login_path: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path == self._path():
            username = str(request.POST.get("username", ""))
            wait = login_locked_seconds(username=username, address=client_address(request))
            if wait > 0:
                return self._locked(request, username, wait)
        return self.get_response(request)

    def _path(self) -> str:
        if self._login_path is None:
            self._login_path = reverse(settings.LOGIN_URL)
        return self._login_path

    def _locked(self, request: HttpRequest, username: str, wait: float) -> HttpResponse:
        from django.contrib.auth.forms import AuthenticationForm

        form = AuthenticationForm(request, initial={"username": username})
        context = {"form": form, "locked_message": locked_message(wait), "next": request.POST.get("next", "")}
        page = render_to_string("registration/login.html", context, request=request)
        response = HttpResponse(page, status=429)
        response["Retry-After"] = str(max(1, math.ceil(wait)))
        return response
