"""Reading the audit log."""

from __future__ import annotations

from django.db import models

from mingjing_web.audit.models import AuditLog
from mingjing_web.orgs.models import Organisation


def audit_list(*, organisation: Organisation, limit: int = 200) -> list[AuditLog]:
    """The organisation's most recent entries, newest first."""
    return list(AuditLog.objects.filter(organisation=organisation)[:limit])


def audit_for_object(*, target: models.Model) -> list[AuditLog]:
    """Every entry about one object, oldest first."""
    found = AuditLog.objects.filter(object_type=target._meta.label_lower, object_id=target.pk)
    return list(found.order_by("created_at", "id"))
