"""One message to one member: a report returned or approved, a deadline passed."""

from __future__ import annotations

from django.db import models

from mingjing_web.orgs.models import Membership


class NoticeKind(models.TextChoices):
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "审核通过"
    OVERDUE = "overdue", "材料逾期"
    SUBMITTED = "submitted", "待审核"


class Notification(models.Model):
    recipient = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类型", max_length=10, choices=NoticeKind.choices)
    text = models.CharField("内容", max_length=300)
    url = models.CharField(max_length=300, blank=True)
    # Makes a notice idempotent (e.g. one overdue notice per member and meeting); empty: always new.
    dedupe_key = models.CharField(max_length=100, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "通知"
        ordering = ("-created_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="one_notice_per_key",
            ),
        )
        indexes = (models.Index(fields=["recipient", "read_at"]),)

    def __str__(self) -> str:
        return self.text[:40]
