"""The meeting as held (attendance, self-criticism order, mutual criticism, the 督导组's remarks), the
rectification ledger that follows it, and the reports sent to the level above."""

from __future__ import annotations

from django.db import models

from mingjing_web.meetings.models import Meeting, MeetingMember, Opinion
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import ReportVersion


class MeetingRecord(models.Model):
    """What the minutes say beyond attendance and criticism. Edited with a revision (no lost update)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="record")
    held_at = models.DateTimeField("召开时间", null=True, blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    chair = models.CharField("主持人", max_length=50, blank=True)
    recorder = models.CharField("记录人", max_length=50, blank=True)
    supervisor_remarks = models.TextField("督导组点评", blank=True)
    closing_remarks = models.TextField("主要负责人总结讲话", blank=True)
    revision = models.PositiveIntegerField(default=1)
    # The attendance sheet (every ``Attendance`` row of the meeting) is saved as one form: its own
    # counter, so that saving the minutes does not make an open attendance form stale, nor the reverse.
    attendance_revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "会议记录"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class Attendance(models.Model):
    """One seat of the meeting's 班子 snapshot at the meeting: came or not, and when they spoke."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(MeetingMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField("出席情况", max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField("请假事由", max_length=200, blank=True)
    speaking_order = models.PositiveSmallIntegerField("发言顺序", null=True, blank=True)
    spoke_from = models.ForeignKey(
        ReportVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发言所据版本",
    )

    class Meta:
        verbose_name = "出席情况"
        ordering = ("speaking_order", "id")
        constraints = (models.UniqueConstraint(fields=["meeting", "seat"], name="one_attendance_per_seat"),)


class GuestRole(models.TextChoices):
    SUPERVISOR = "supervisor", "督导组"
    OBSERVER = "observer", "列席"


class Guest(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    role = models.CharField("身份", max_length=12, choices=GuestRole.choices, default=GuestRole.SUPERVISOR)
    name = models.CharField("姓名", max_length=50)
    unit = models.CharField("单位职务", max_length=100, blank=True)

    class Meta:
        verbose_name = "督导组及列席人员"
        ordering = ("role", "id")


class Criticism(models.Model):
    """One 相互批评意见: what ``giver`` said to ``receiver`` at the meeting, and how the core judged it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="criticisms")
    giver = models.ForeignKey(MeetingMember, on_delete=models.CASCADE, related_name="criticisms_given")
    receiver = models.ForeignKey(MeetingMember, on_delete=models.CASCADE, related_name="criticisms_received")
    text = models.TextField("批评意见")
    # [{"kind": "praise"|"wish"|"no-fact", "message": "…"}] from mingjing.meeting.check_criticism
    flags = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "相互批评意见"
        ordering = ("receiver__display_name", "id")

    @property
    def flag_summary(self) -> str:
        return "；".join(str(f.get("message", "")) for f in self.flags)


class ItemStatus(models.TextChoices):
    PENDING = "pending", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    DONE = "done", "已完成"
    ONGOING = "ongoing", "长期坚持"
    EXTENSION = "extension", "申请延期"


# Statuses that need evidence and someone other than the owner.
CLOSING_STATUSES = (ItemStatus.DONE, ItemStatus.ONGOING)


class ItemSource(models.TextChoices):
    REPORT = "report", "对照检查材料"
    CRITICISM = "criticism", "相互批评"
    OPINION = "opinion", "征求意见"
    CARRIED = "carried", "上年度带入"
    MANUAL = "manual", "手工添加"


class LedgerItem(models.Model):
    """One line of the rectification ledger: 问题 → 整改措施 → 责任人 → 完成时限 → 状态 → 佐证材料."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ledger_items")
    owner = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="ledger_items", verbose_name="责任人"
    )
    problem = models.TextField("问题")
    measure = models.TextField("整改措施", blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    progress = models.TextField("进展情况", blank=True)
    draft = models.BooleanField("草稿", default=True)
    source = models.CharField("来源", max_length=10, choices=ItemSource.choices, default=ItemSource.MANUAL)
    # Where the words came from: a report version and the [start, end) of the problem and the measure.
    source_version = models.ForeignKey(
        ReportVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    problem_start = models.PositiveIntegerField(null=True, blank=True)
    problem_end = models.PositiveIntegerField(null=True, blank=True)
    measure_start = models.PositiveIntegerField(null=True, blank=True)
    measure_end = models.PositiveIntegerField(null=True, blank=True)
    source_criticism = models.ForeignKey(
        Criticism, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_opinion = models.ForeignKey(
        Opinion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_into"
    )
    # Which meeting it was carried from, as text: survives an archive moved to another database.
    carried_origin = models.CharField("带入自", max_length=250, blank=True)
    # Makes generation idempotent: one item per source place.
    source_key = models.CharField(max_length=120, blank=True)
    closed_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="销号人"
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    overdue_notified_on = models.DateField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "整改事项"
        ordering = ("owner__display_name", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["meeting", "source_key"],
                condition=~models.Q(source_key=""),
                name="one_item_per_source",
            ),
        )
        indexes = (models.Index(fields=["meeting", "status"]), models.Index(fields=["meeting", "owner"]))

    def __str__(self) -> str:
        return self.problem[:30]

    @property
    def closed(self) -> bool:
        return self.status in CLOSING_STATUSES


class Evidence(models.Model):
    """佐证材料: a file, a written account, or both."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="evidence")
    text = models.TextField("书面说明", blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    data = models.BinaryField("文件", default=bytes)
    added_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        ordering = ("added_at", "id")


class ItemHistory(models.Model):
    """Every change to a ledger item: who, when, and each field's old and new value."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20)
    changes = models.JSONField(default=dict)  # {field label: [old, new]}
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "整改事项修改记录"
        ordering = ("at", "id")


class UpwardKind(models.TextChoices):
    MEETING = "meeting", "会后情况报告"
    RECTIFICATION = "rectification", "整改落实情况报告"


class UpwardReport(models.Model):
    """A report to the level above, due some days after the meeting; marked when sent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="upward_reports")
    kind = models.CharField(max_length=16, choices=UpwardKind.choices)
    due_on = models.DateField("报送时限", null=True, blank=True)
    sent_on = models.DateField("报送日期", null=True, blank=True)
    sent_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "向上级报告"
        constraints = (
            models.UniqueConstraint(fields=["meeting", "kind"], name="one_upward_report_per_kind"),
        )
