"""Background jobs: what was asked, how far it got, what came out (issue 12.3)."""

from __future__ import annotations

from django.db import models

from mingjing_web.meetings.models import Meeting
from mingjing_web.orgs.models import Membership, Organisation


class JobKind(models.TextChoices):
    IMPORT = "meeting.import", "导入会议材料"
    AUDIT = "files.audit", "批量审阅"
    EXPORT = "meeting.export", "导出会议汇总表"
    CLUSTERS = "county.clusters", "计算跨单位雷同材料"


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    RETRYING = "retrying", "失败后重试"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class Job(models.Model):
    """One job. ``done``/``total`` drive the progress bar; ``result`` keeps per-item outcomes so a
    retry resumes where the failed attempt stopped instead of doing the work twice."""

    kind = models.CharField("类型", max_length=30, choices=JobKind.choices)
    state = models.CharField("状态", max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField("进度说明", max_length=300, blank=True)
    result = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    output = models.BinaryField(null=True, blank=True)
    output_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        ordering = ("-created_at",)
        indexes = (models.Index(fields=["organisation", "-created_at"]),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class JobFile(models.Model):
    """An input file of a job, kept in the database so that a worker on another machine can read it."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        verbose_name = "任务文件"
        ordering = ("pk",)
