"""Checks made when the settings load: production refuses to start with a weak secret key.

A weak key lets anyone forge session cookies and password-reset tokens, so in production mode
(``MINGJING_PRODUCTION=1``) the server stops at start-up with one Chinese sentence instead of
running insecurely. The demo (no production mode) keeps its generated, stored key.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
# Keys copied from examples and documentation: refused whatever their length.
_PLACEHOLDER_WORDS = (
    "change-me",
    "changeme",
    "django-insecure",
    "secret-key",
    "tests-only",
    "example",
    "xxxxxxxx",
)


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is unfit for production (Chinese), or None when it is fine."""
    if not key:
        return "生产模式必须用环境变量 SECRET_KEY 设置密钥"
    if len(key) < MIN_KEY_LENGTH:
        return f"SECRET_KEY 只有 {len(key)} 个字符，生产模式至少需要 {MIN_KEY_LENGTH} 个随机字符"
    if len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return "SECRET_KEY 重复字符太多，不是随机生成的"
    lowered = key.lower()
    if any(word in lowered for word in _PLACEHOLDER_WORDS):
        return "SECRET_KEY 是示例或默认值，不能用于生产"
    return None


def production_secret_key(key: str) -> str:
    """``key`` when it is fit for production; else ImproperlyConfigured with a Chinese message."""
    problem = secret_key_problem(key)
    if problem is not None:
        raise ImproperlyConfigured(
            f'{problem}：请用 python -c "import secrets; print(secrets.token_urlsafe(64))" '
            "生成一个新密钥，写入 SECRET_KEY 后再启动。"
        )
    return key
