"""Throttled logins (issue 14.4): per account and per address, with the Chinese message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches

from mingjing_web.accounts_guard import CACHE_ALIAS, client_address, login_locked_seconds
from tests.web.conftest import PASSWORD

MESSAGE = "登录失败次数过多，请"


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


def _attempt(client, username: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_with_a_chinese_message(cast, client, settings) -> None:  # type: ignore[no-untyped-def]
    username = cast.member.user.username
    for _ in range(settings.MINGJING_LOGIN_FAILURES_PER_ACCOUNT):
        response = _attempt(client, username, "wrong-password")
        assert response.status_code == 200 and MESSAGE not in response.content.decode()
    locked = _attempt(client, username, PASSWORD)  # even the right password waits
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "登录失败次数过多，请 15 分钟后再试。" in text
    assert int(locked["Retry-After"]) > 800
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_from_another_address_for_that_account(cast, client, settings) -> None:  # type: ignore[no-untyped-def]
    username = cast.member.user.username
    for _ in range(settings.MINGJING_LOGIN_FAILURES_PER_ACCOUNT):
        _attempt(client, username, "wrong", address="10.0.0.1")
    assert _attempt(client, username, PASSWORD, address="10.0.0.2").status_code == 429
    other = _attempt(client, cast.head.user.username, PASSWORD, address="10.0.0.2")
    assert other.status_code == 302  # another account is not affected


def test_many_accounts_from_one_address_lock_the_address(cast, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MINGJING_LOGIN_FAILURES_PER_ADDRESS = 8
    for index in range(8):
        _attempt(client, f"guess-{index}", "wrong", address="10.9.9.9")
    response = _attempt(client, cast.head.user.username, PASSWORD, address="10.9.9.9")
    assert response.status_code == 429 and MESSAGE in response.content.decode()
    assert _attempt(client, cast.head.user.username, PASSWORD, address="10.9.9.10").status_code == 302


def test_a_success_before_the_limit_resets_the_account(cast, client, settings) -> None:  # type: ignore[no-untyped-def]
    username = cast.member.user.username
    for _ in range(settings.MINGJING_LOGIN_FAILURES_PER_ACCOUNT - 1):
        _attempt(client, username, "wrong")
    assert _attempt(client, username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.MINGJING_LOGIN_FAILURES_PER_ACCOUNT - 1):
        _attempt(client, username, "wrong")
    assert _attempt(client, username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_lock_time(cast, client, settings) -> None:  # type: ignore[no-untyped-def]
    import time

    username = cast.member.user.username
    for _ in range(settings.MINGJING_LOGIN_FAILURES_PER_ACCOUNT):
        _attempt(client, username, "wrong")
    later = time.time() + settings.MINGJING_LOGIN_LOCK_MINUTES * 60 + 1
    assert login_locked_seconds(username=username, address="10.0.0.1") > 0
    assert login_locked_seconds(username=username, address="10.0.0.1", now=later) == 0


def test_the_address_behind_a_trusted_proxy(rf, settings) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.MINGJING_TRUSTED_PROXY_HOPS = 0
    assert client_address(request) == "127.0.0.1"
    settings.MINGJING_TRUSTED_PROXY_HOPS = 1
    assert client_address(request) == "203.0.113.7"  # the spoofable first entry is never used
