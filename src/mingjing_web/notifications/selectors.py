"""Reading a member's notifications."""

from __future__ import annotations

from mingjing_web.notifications.models import Notification
from mingjing_web.orgs.models import Membership


def unread_count(*, recipient: Membership) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()


def notification_list(*, recipient: Membership, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(recipient=recipient)[:limit])
