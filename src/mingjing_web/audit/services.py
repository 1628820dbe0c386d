"""Writing the audit log. Called inside the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from django.db import models

from mingjing_web.audit.models import AuditLog
from mingjing_web.orgs.models import Membership, Organisation


def audit_record(
    *,
    actor: Membership | None,
    organisation: Organisation,
    action: str,
    target: models.Model,
    summary: str,
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """Record that ``actor`` did ``action`` (a stable id such as ``report.submit``) to ``target``."""
    return AuditLog.objects.create(
        organisation=organisation,
        actor=actor.user if actor is not None else None,
        actor_name=actor.display_name if actor is not None else "系统",
        action=action,
        object_type=target._meta.label_lower,
        object_id=target.pk,
        summary=summary[:300],
        data=data or {},
    )
