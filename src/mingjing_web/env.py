"""Strict readers for settings taken from the environment.

Each helper returns the default when the variable is unset or empty and raises
``ImproperlyConfigured`` (with the variable's name) when it is set to something unusable, so a
typo in production fails at start-up instead of silently falling back.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def env_str(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    """A string setting."""
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """A boolean setting: 1/true/yes/on or 0/false/no/off (any case)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """An integer setting, optionally bounded."""
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, got {number}")
    return number


def env_list(name: str, default: list[str], *, environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list; empty entries are an error (they are always a typo)."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name} has an empty entry: {value!r}")
    return items


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the embedded default keeps its files: MINGJING_DATA_DIR, else the XDG data folder."""
    explicit = _raw("MINGJING_DATA_DIR", environ)
    if explicit is not None:
        return Path(explicit).expanduser()
    xdg = _raw("XDG_DATA_HOME", environ)
    base = Path(xdg).expanduser() if xdg is not None else Path.home() / ".local" / "share"
    return base / "mingjing"


def default_database_url(environ: Mapping[str, str] | None = None) -> str:
    """The embedded default: a SQLite file in the user's data folder."""
    return f"sqlite:///{data_dir(environ) / 'mingjing.sqlite3'}"


def stored_secret_key(folder: Path) -> str:
    """A secret key generated once and kept (mode 0600) in ``folder`` — for the demo only.

    Production sets SECRET_KEY; the stored key keeps sessions valid across restarts of the demo.
    """
    path = folder / "secret_key"
    if path.exists():
        key = path.read_text("utf-8").strip()
        if len(key) >= 50:
            return key
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
