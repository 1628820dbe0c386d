"""A member's report for a meeting, every version of it, and the reviewers' comments."""

from __future__ import annotations

from django.db import models

from mingjing_web.meetings.models import Meeting
from mingjing_web.orgs.models import Membership


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "已通过"


EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


class Report(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    latest = models.ForeignKey(
        "ReportVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "对照检查材料"
        constraints = (models.UniqueConstraint(fields=["meeting", "author"], name="one_report_per_member"),)

    def __str__(self) -> str:
        return f"{self.author.display_name} · {self.meeting.title}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Source(models.TextChoices):
    UPLOAD = "upload", "上传文件"
    PASTE = "paste", "粘贴文本"


class ReportVersion(models.Model):
    """One uploaded version, kept forever with everything computed from it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    filename = models.CharField("文件名", max_length=255)
    data = models.BinaryField("原始文件")
    text = models.TextField("规范化文本")
    parse_json = models.JSONField(default=dict)
    review_json = models.JSONField(default=dict)
    reuse_json = models.JSONField(default=dict)
    verdict = models.CharField("结论", max_length=10, blank=True)
    score = models.FloatField("得分", default=0.0)
    copy_ratio = models.FloatField("复制比", default=0.0)
    finding_count = models.PositiveIntegerField(default=0)
    # Small summaries kept beside the big JSON so lists and the dashboard never load the latter.
    family_counts = models.JSONField(default=dict)
    severity_counts = models.JSONField(default=dict)
    aspect_stats = models.JSONField(default=dict)
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "材料版本"
        ordering = ("report", "number")
        constraints = (models.UniqueConstraint(fields=["report", "number"], name="unique_version_number"),)

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"


class CommentKind(models.TextChoices):
    COMMENT = "comment", "意见"
    RETURN = "return", "退回修改"
    APPROVE = "approve", "审核通过"


class ReviewComment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    text = models.TextField("意见")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "审核意见"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.text[:30]


class SimilarityCache(models.Model):
    """The colleagues similarity matrix of a meeting, computed for one set of latest versions."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="similarity")
    key = models.CharField(max_length=500)
    matrix_json = models.JSONField(default=dict)
    heatmap_png = models.BinaryField(default=bytes)
    computed_at = models.DateTimeField(auto_now=True)
    # A version was saved and the server refreshes the matrix in the background: until then, report pages
    # show this (older) matrix instead of computing it again themselves (reports.similarity).
    refresh_until = models.DateTimeField(null=True, blank=True)
