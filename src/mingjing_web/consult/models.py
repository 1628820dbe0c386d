"""征求意见 and 谈心谈话 for a meeting.

Anonymity is built into the schema: an ``Opinion`` has a random id and no author, address, user
agent or timestamp. What is counted over time lives in other tables written in other transactions
(``SolicitationDay``: a count per day; ``RateBucket``: the current rate window of a link).
"""

from __future__ import annotations

import secrets

from django.db import models

from mingjing_web.meetings.models import Meeting
from mingjing_web.orgs.models import Membership


def new_link_token() -> str:
    return secrets.token_urlsafe(18)


def new_opinion_id() -> str:
    # Random, so neither the id nor its order says which opinion came first.
    return secrets.token_urlsafe(16)


class Solicitation(models.Model):
    """One period in which a meeting's link accepts opinions (an admin opens and closes it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="solicitations")
    token = models.CharField(max_length=40, unique=True, default=new_link_token, editable=False)
    is_open = models.BooleanField("开放中", default=True)
    opened_on = models.DateField("开始日期")
    closed_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "征求意见期"
        ordering = ("-opened_on", "-id")

    def __str__(self) -> str:
        return f"{self.meeting} 征求意见"


class OpinionSource(models.TextChoices):
    LINK = "link", "链接提交"
    IMPORT = "import", "导入"
    LEGACY = "legacy", "早前录入"


class Opinion(models.Model):
    """One opinion about a member (``subject``) or the whole 班子 (no subject). Nothing about its giver."""

    id = models.CharField(primary_key=True, max_length=32, default=new_opinion_id, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="consult_opinions")
    subject = models.ForeignKey(
        Membership,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="consult_opinions",
        verbose_name="针对",
    )
    source = models.CharField(max_length=10, choices=OpinionSource.choices, default=OpinionSource.LINK)
    text = models.TextField("意见内容")
    norm_hash = models.CharField(max_length=64, db_index=True)
    aspect = models.CharField("方面", max_length=200, blank=True)
    confidence = models.FloatField("把握", default=0.0)
    aspect_confirmed = models.BooleanField("已人工确认", default=False)
    # Counts corrections of the classification (no lost update between two admins); says nothing
    # about when the opinion arrived or who gave it (every stored opinion starts at 1).
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "征求意见"
        # Never insertion order: by aspect, then by the content hash (which says nothing about time).
        ordering = ("aspect", "norm_hash")

    def __str__(self) -> str:
        return self.text[:30]


class SolicitationDay(models.Model):
    """How many opinions a link received on one day: the only record of time, and day-coarse."""

    solicitation = models.ForeignKey(Solicitation, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["solicitation", "day"], name="one_count_per_day"),)
        ordering = ("day",)


class RateBucket(models.Model):
    """The current rate window of a link (older windows are deleted); per link, never per person."""

    solicitation = models.ForeignKey(Solicitation, on_delete=models.CASCADE, related_name="+")
    bucket = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["solicitation", "bucket"], name="one_rate_bucket"),)


class TalkRules(models.Model):
    """Which talks a meeting requires (谈心谈话 coverage); no rule is mandatory everywhere."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="talk_rules")
    head_with_all = models.BooleanField("主要负责人与每名班子成员谈", default=True)
    members_pairwise = models.BooleanField("班子成员相互之间谈", default=True)
    members_with_unit_heads = models.BooleanField("班子成员与分管单位负责人谈", default=False)
    revision = models.PositiveIntegerField(default=1)  # bumped on every save: a stale form is refused

    class Meta:
        verbose_name = "谈心谈话要求"


class OverseenUnit(models.Model):
    """A unit a 班子成员 oversees (分管) and its head, for the unit-head talk rule."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="overseen_units")
    member = models.ForeignKey(
        Membership, on_delete=models.RESTRICT, related_name="+", verbose_name="分管领导"
    )
    unit_name = models.CharField("分管单位", max_length=100)
    head_name = models.CharField("单位负责人", max_length=50)

    class Meta:
        verbose_name = "分管单位"
        ordering = ("member_id", "unit_name")

    def __str__(self) -> str:
        return f"{self.head_name}（{self.unit_name}）"


class Talk(models.Model):
    """One 谈心谈话: a 班子成员 with another member or with the head of a unit they oversee."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="talks")
    member = models.ForeignKey(Membership, on_delete=models.RESTRICT, related_name="+", verbose_name="谈话人")
    partner = models.ForeignKey(
        Membership,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="谈话对象",
    )
    unit = models.ForeignKey(
        OverseenUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="talks"
    )
    held_on = models.DateField("谈话日期")
    topics = models.TextField("谈话内容")
    opinions_raised = models.TextField("提出的意见", blank=True)
    recorded_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "谈心谈话"
        ordering = ("-held_on", "-id")

    @property
    def partner_label(self) -> str:
        if self.partner is not None:
            return self.partner.display_name
        return str(self.unit) if self.unit is not None else "（已删除的分管单位）"
