"""The database side of ``mingjing frameworks`` (the core's command imports this lazily, only for the DB).

The database is the one DATABASE_URL names (default: the embedded SQLite file). Listing never creates
it: a database that does not exist yet simply has no frameworks; importing migrates it first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mingjing_web.cli_support import setup_django


def _ready(*, create: bool) -> bool:
    """Django set up on the configured database; False when it does not exist yet and ``create`` is off."""
    setup_django()
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and not Path(str(db["NAME"])).exists() and not create:
        return False
    if create:
        from mingjing_web.cli_support import migrate

        migrate()
        return True
    try:
        return "frameworks_framework" in connection.introspection.table_names()
    except Exception:  # unreachable server: the shipped frameworks still list
        return False


def _entry(framework: Any) -> dict[str, Any]:
    data = framework.current.data
    return {
        "id": framework.key,
        "name": framework.name,
        "year": framework.year,
        "kind": "/".join(data.get("meeting_kinds") or []) or framework.kind,
        "aspects": [
            {"name": a["name"], "aliases": list(a.get("aliases", []))} for a in data.get("aspects", [])
        ],
        "source": "database",
        "organisation": framework.organisation.name if framework.organisation else None,
        "version": framework.current.number,
    }


def db_list() -> list[dict[str, Any]]:
    """Frameworks stored in the database that are not a shipped file (those list from the core)."""
    if not _ready(create=False):
        return []
    from mingjing_web.frameworks.models import Framework

    found = Framework.objects.filter(shipped=False, current__isnull=False).select_related(
        "current", "organisation"
    )
    return [_entry(f) for f in found.order_by("-year", "name")]


def _find(key: str) -> Any:
    from mingjing_web.frameworks.models import Framework, FrameworkVersion

    base, _, number = key.partition("@")
    framework = Framework.objects.select_related("current", "organisation").filter(key=base).first()
    if framework is None or not number:
        return framework, framework.current if framework else None
    version = FrameworkVersion.objects.filter(
        framework=framework, number=int(number) if number.isdigit() else -1
    )
    return framework, version.first()


def db_data(key: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(summary entry, full data) of a database framework by key (``key@N`` for version N), or None."""
    if not _ready(create=False):
        return None
    framework, version = _find(key)
    if framework is None or version is None:
        return None
    entry = _entry(framework) | {"version": version.number}
    return entry, dict(version.data)


def db_toml(key: str) -> str | None:
    from mingjing_web.frameworks.data import framework_toml

    found = db_data(key)
    return framework_toml(found[1]) if found else None


def db_import(*, text: str, organisation: str | None) -> dict[str, Any]:
    """Import a framework file into the database (migrating it first); returns its summary entry."""
    _ready(create=True)
    from mingjing_web.errors import ServiceError
    from mingjing_web.frameworks.data import parse_toml
    from mingjing_web.frameworks.services import framework_import
    from mingjing_web.orgs.models import Organisation

    org = None
    if organisation:
        org = Organisation.objects.filter(name=organisation).first()
        if org is None:
            raise ServiceError(
                f"没有名为“{organisation}”的单位，请核对单位名称（或不指定单位，导入为共用框架）。"
            )
    framework = framework_import(data=parse_toml(text), organisation=org)
    framework.refresh_from_db()
    return _entry(framework)
