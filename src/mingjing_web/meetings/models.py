"""A meeting for which the 班子 writes its reports, and the opinions solicited before it."""

from __future__ import annotations

from django.db import models

from mingjing_web.orgs.models import Membership, Organisation


class MeetingKind(models.TextChoices):
    DEMOCRATIC = "民主生活会", "民主生活会"
    ORGANISATIONAL = "组织生活会", "组织生活会"


class MeetingState(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已召开"
    ARCHIVED = "archived", "已归档"


class Meeting(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField("会议名称", max_length=200)
    kind = models.CharField(
        "会议类型", max_length=10, choices=MeetingKind.choices, default=MeetingKind.DEMOCRATIC
    )
    year = models.PositiveSmallIntegerField("年度")
    # Legacy: a shipped framework by id; new meetings keep the exact framework version instead.
    framework_id = models.CharField("对照框架", max_length=80, blank=True, help_text="留空则自动识别")
    framework_version = models.ForeignKey(
        "frameworks.FrameworkVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="对照框架",
    )
    state = models.CharField("状态", max_length=10, choices=MeetingState.choices, default=MeetingState.OPEN)
    submit_by = models.DateField("材料提交截止", null=True, blank=True)
    held_on = models.DateField("召开日期", null=True, blank=True)
    check_templates = models.BooleanField("比对范文库", default=True)
    check_peers = models.BooleanField("比对同事及往年材料", default=True)
    reported_on = models.DateField("会议情况上报日期", null=True, blank=True)
    rectified_on = models.DateField("整改方案印发日期", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every edit: a form based on an older revision is refused (no lost update).
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会议"
        ordering = ("-year", "-created_at")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == MeetingState.OPEN


class MeetingMember(models.Model):
    """Who writes a report for this meeting: a snapshot of the 班子 taken at creation, edited on the
    meeting itself. Later changes to the organisation's 班子 never rewrite it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="meeting_seats")
    display_name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100, blank=True)
    team_role = models.CharField("班子角色", max_length=10)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "参会班子成员"
        constraints = (models.UniqueConstraint(fields=["meeting", "membership"], name="one_seat_per_member"),)

    def __str__(self) -> str:
        return f"{self.display_name} · {self.meeting}"

    @property
    def is_head(self) -> bool:
        return self.team_role == "head"

    @property
    def team_role_label(self) -> str:
        return "主要负责人" if self.is_head else "班子成员"


class OpinionCategory(models.TextChoices):
    POLITICS = "政治", "政治建设"
    STUDY = "学习", "理论学习"
    DUTY = "担当", "担当作为"
    STYLE = "作风", "工作作风"
    INTEGRITY = "廉洁", "廉洁自律"
    OTHER = "其他", "其他"


class Opinion(models.Model):
    """One opinion solicited (征求意见) about a member or the whole 班子.

    Privacy by construction: no author, no IP and no timestamp — nothing that could identify who
    gave it. The meeting is the finest time information kept.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    subject = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name="针对",
    )
    category = models.CharField(
        "类别", max_length=10, choices=OpinionCategory.choices, default=OpinionCategory.OTHER
    )
    text = models.TextField("意见内容")

    class Meta:
        verbose_name = "征求意见"
        # Random-looking order would be nicer still; by category at least hides entry order.
        ordering = ("category", "text")

    def __str__(self) -> str:
        return self.text[:30]
