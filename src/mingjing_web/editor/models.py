"""A member's draft written in the editor, its saved versions, and what each item answers."""

from __future__ import annotations

from django.db import models

from mingjing_web.meetings.models import Meeting
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import ReportVersion


class Draft(models.Model):
    """The structure being written (``content``: see ``editor.structure.to_data``), one per member and meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="drafts")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="drafts")
    content = models.JSONField(default=dict)
    reuse_json = models.JSONField(default=dict)  # copy detection at the last saved version
    submitted_version = models.ForeignKey(
        ReportVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "在线草稿"
        constraints = (models.UniqueConstraint(fields=["meeting", "author"], name="one_draft_per_member"),)

    def __str__(self) -> str:
        return f"{self.author.display_name} · {self.meeting.title}（草稿）"


class DraftVersion(models.Model):
    """A snapshot of the draft: taken automatically while writing (at most one per few minutes) and on save."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    content = models.JSONField(default=dict)
    text = models.TextField()
    manual = models.BooleanField("手动保存", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "草稿版本"
        ordering = ("draft", "-number")
        constraints = (models.UniqueConstraint(fields=["draft", "number"], name="unique_draft_version"),)


class AnswerKind(models.TextChoices):
    OPINION = "opinion", "征求意见"
    TALK = "talk", "谈心谈话"
    CRITICISM = "criticism", "上年度批评意见"
    LEDGER = "ledger", "整改事项"


class AnswerLink(models.Model):
    """The writer marks an opinion, criticism or rectification item answered by one item of the draft."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=10, choices=AnswerKind.choices)
    key = models.CharField(
        max_length=64
    )  # the opinion's id, the criticism's or ledger item's pk, a talk's pk
    item_id = models.CharField(max_length=20)  # the draft item (editor.structure ids)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "回应对应"
        constraints = (models.UniqueConstraint(fields=["draft", "kind", "key"], name="one_link_per_source"),)
