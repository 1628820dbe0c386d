"""Sending notifications: a row for the bell, and an e-mail through Django's mail settings if configured.

The e-mail goes after the transaction commits, so a rolled-back change never mails anyone; a mail
server that fails is logged and never breaks the action that caused the notice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from mingjing_web.notifications.models import Notification
from mingjing_web.orgs.models import Membership

log = logging.getLogger(__name__)


def email_enabled() -> bool:
    """Mail only when the deployment configured a mail server (EMAIL_HOST); never by default."""
    return bool(getattr(settings, "MINGJING_EMAIL_NOTICES", False))


def _mail(notification_id: int) -> None:
    notice = Notification.objects.select_related("recipient__user").filter(pk=notification_id).first()
    if notice is None or not notice.recipient.user.email:
        return
    try:
        send_mail(
            subject=f"【明镜】{notice.get_kind_display()}",
            message=f"{notice.text}\n\n{notice.url}",
            from_email=None,
            recipient_list=[notice.recipient.user.email],
        )
    except Exception:  # a broken mail server must not break the review
        log.warning("notification mail failed", exc_info=True)
        return
    Notification.objects.filter(pk=notice.pk).update(emailed=True)


def notify(*, recipient: Membership, kind: str, text: str, url: str = "", dedupe_key: str = "") -> bool:
    """Tell ``recipient`` something; with a ``dedupe_key`` at most once. Returns whether a notice was made."""
    if dedupe_key and Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).exists():
        return False
    try:
        with transaction.atomic():
            notice = Notification.objects.create(
                recipient=recipient, kind=kind, text=text[:300], url=url[:300], dedupe_key=dedupe_key[:100]
            )
    except IntegrityError:  # the same key made concurrently
        return False
    if email_enabled():
        transaction.on_commit(lambda: _mail(notice.pk))
    return True


def notifications_mark_read(*, recipient: Membership, notification_id: int | None = None) -> int:
    """Mark one (or all) of the recipient's notices read; returns how many changed."""
    found = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_id is not None:
        found = found.filter(pk=notification_id)
    return found.update(read_at=timezone.now())


def today() -> dt.date:
    return timezone.localdate()
