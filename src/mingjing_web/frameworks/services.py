"""Creating, copying and editing frameworks. Every edit is a new version; versions are never changed.

A meeting points at the version it was created with, so editing a framework never changes what an
earlier meeting's reports were checked against.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from django.db import transaction

from mingjing_web.audit.services import audit_record
from mingjing_web.errors import ServiceError
from mingjing_web.frameworks.data import framework_data_clean, shipped_mappings
from mingjing_web.frameworks.models import Framework, FrameworkKind, FrameworkVersion
from mingjing_web.orgs.models import Membership, Organisation

_sync_lock = threading.Lock()
_shipped_total: int | None = None  # how many framework files the core ships (read once per process)


def _kind(data: dict[str, Any]) -> str:
    kinds = list(data.get("meeting_kinds") or [])
    return kinds[0] if len(kinds) == 1 else FrameworkKind.BOTH


def _new_version(
    framework: Framework, data: dict[str, Any], actor: Membership | None, note: str = ""
) -> FrameworkVersion:
    number = (framework.current.number if framework.current else 0) + 1
    version = FrameworkVersion.objects.create(
        framework=framework, number=number, data=data, created_by=actor, note=note[:200]
    )
    framework.current = version
    framework.name, framework.year, framework.kind = data["name"], data["year"], _kind(data)
    framework.save(update_fields=["current", "name", "year", "kind", "updated_at"])
    return version


def _audit(actor: Membership | None, framework: Framework, action: str, summary: str) -> None:
    organisation = framework.organisation or (actor.organisation if actor else None)
    if organisation is None:
        return  # shared frameworks changed from the command line: no unit to log them under
    audit_record(actor=actor, organisation=organisation, action=action, target=framework, summary=summary)


@transaction.atomic
def framework_sync_shipped() -> int:
    """Make the shipped framework files the starting set in the database; returns how many changed.

    A file that changed since the last sync becomes a new version; meetings keep the one they used.
    """
    changed = 0
    for key, raw in shipped_mappings():
        data = {**raw, "id": key}
        framework = Framework.objects.select_for_update().filter(key=key).first()
        if framework is None:
            framework = Framework.objects.create(
                key=key, shipped=True, name=data["name"], year=data["year"], kind=_kind(data)
            )
        elif framework.current is not None and framework.current.data == data:
            continue
        _new_version(framework, data, None, note="随系统发布")
        changed += 1
    return changed


def framework_ensure_shipped() -> None:
    """Sync the shipped files on the first call in a process (a changed file becomes a new version),
    later only when the database lacks some of them (a new or restored database): one count query."""
    global _shipped_total
    if _shipped_total is None:
        _shipped_total = sum(1 for _ in shipped_mappings())
    elif Framework.objects.filter(shipped=True).count() >= _shipped_total:
        return
    with _sync_lock:
        framework_sync_shipped()


def _require_admin(actor: Membership) -> None:
    if not actor.is_admin:
        raise ServiceError("只有管理员可以创建或修改对照框架。")


def _new_key(year: int) -> str:
    return f"{year}-u{uuid.uuid4().hex[:10]}"


@transaction.atomic
def framework_create(*, actor: Membership, data: dict[str, Any], note: str = "新建") -> Framework:
    """A new framework of the actor's organisation (admins only), from validated form data."""
    _require_admin(actor)
    raw_year = data.get("year")
    key = _new_key(raw_year if isinstance(raw_year, int) else 0)
    clean = framework_data_clean(data, key=key)
    framework = Framework.objects.create(
        key=key, organisation=actor.organisation, name=clean["name"], year=clean["year"], kind=_kind(clean)
    )
    _new_version(framework, clean, actor, note=note)
    _audit(actor, framework, "framework.create", f"新建对照框架：{framework.name}")
    return framework


@transaction.atomic
def framework_copy(
    *,
    actor: Membership,
    source: FrameworkVersion,
    year: int,
    name: str,
    data: dict[str, Any] | None = None,
) -> Framework:
    """Copy a framework version (e.g. last year's) into a new framework for ``year``.

    ``data`` is the copy as edited before saving (default: the source unchanged but for year and name).
    """
    _require_admin(actor)
    data = {**(data or source.data), "year": year, "name": name, "short_names": []}
    framework = framework_create(
        actor=actor, data=data, note=f"复制自“{source.framework.name}”第{source.number}版"
    )
    Framework.objects.filter(pk=framework.pk).update(copied_from=source)
    framework.copied_from = source
    return framework


@transaction.atomic
def framework_update(
    *, actor: Membership, framework: Framework, data: dict[str, Any], base_number: int, note: str = ""
) -> FrameworkVersion:
    """Save an edit as the next version. ``base_number`` is the version the form was opened on:
    if someone saved in between, nothing is saved and the editor is told (no lost update)."""
    _require_admin(actor)
    # Lock only the framework row: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    locked = Framework.objects.select_for_update(of=("self",)).select_related("current").get(pk=framework.pk)
    if not locked.editable or locked.organisation_id != actor.organisation_id:
        raise ServiceError("随系统发布或共用的框架不能直接修改，请先复制一份再修改。")
    current = locked.current.number if locked.current else 0
    if base_number != current:
        raise ServiceError(
            f"在您编辑期间，该框架已被保存为第 {current} 版。您的修改尚未保存，请核对后重新提交。"
        )
    clean = framework_data_clean(data, key=locked.key)
    if locked.current is not None and locked.current.data == clean:
        raise ServiceError("内容没有变化，未生成新版本。")
    version = _new_version(locked, clean, actor, note=note or "修改")
    _audit(actor, locked, "framework.update", f"修改对照框架：{locked.name}（第 {version.number} 版）")
    return version


@transaction.atomic
def framework_import(
    *, data: dict[str, Any], organisation: Organisation | None = None, actor: Membership | None = None
) -> Framework:
    """Import a framework file (command line or page): a new framework, or a new version of the same key."""
    raw_key = data.get("id")
    existing = Framework.objects.filter(key=raw_key).first() if isinstance(raw_key, str) else None
    if existing is not None and existing.shipped:
        raise ServiceError(f"“{raw_key}”是随系统发布的框架，不能覆盖；请改用新的 id 后再导入。")
    if existing is not None and existing.organisation_id != (organisation.pk if organisation else None):
        raise ServiceError(f"“{raw_key}”已属于另一个单位，请改用新的 id 后再导入。")
    key = existing.key if existing else (raw_key if isinstance(raw_key, str) and raw_key else _new_key(0))
    clean = framework_data_clean(data, key=key)
    framework = existing or Framework.objects.create(
        key=key, organisation=organisation, name=clean["name"], year=clean["year"], kind=_kind(clean)
    )
    if framework.current is not None and framework.current.data == clean:
        return framework
    _new_version(framework, clean, actor, note="导入")
    _audit(actor, framework, "framework.import", f"导入对照框架：{framework.name}")
    return framework


_registered: set[str] = set()


def framework_core_id(*, version: FrameworkVersion) -> str:
    """Register this exact version with the core (once per process) and return the id to check against."""
    from mingjing.facade import framework_from_mapping, register_framework

    core_id = version.core_id
    if core_id not in _registered:
        register_framework(framework_from_mapping(version.data, id=core_id))
        _registered.add(core_id)
    return core_id
