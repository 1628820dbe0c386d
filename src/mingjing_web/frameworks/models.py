"""A checking framework (对照框架) and its versions. A version is never changed once saved.

``data`` holds the framework in the core's data-file shape (see ``src/mingjing/frameworks/data``),
plus ``aspects[].examples`` and ``required_parts`` (shown on the pages) and ``length_norms`` (shown, and passed to
the length check as its thresholds).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from mingjing_web.orgs.models import Membership, Organisation


class FrameworkKind(models.TextChoices):
    DEMOCRATIC = "民主生活会", "民主生活会"
    ORGANISATIONAL = "组织生活会", "组织生活会"
    BOTH = "通用", "民主生活会和组织生活会"


class Framework(models.Model):
    # The shipped file's id for shipped frameworks; a generated key for the others.
    key = models.CharField("标识", max_length=80, unique=True)
    # None: visible to every organisation (shipped, or imported on the command line).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="frameworks"
    )
    shipped = models.BooleanField("随系统发布", default=False)
    name = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField(
        "会议类型", max_length=10, choices=FrameworkKind.choices, default=FrameworkKind.BOTH
    )
    current = models.ForeignKey(
        "FrameworkVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    copied_from = models.ForeignKey(
        "FrameworkVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "对照框架"
        ordering = ("-year", "name")

    def __str__(self) -> str:
        return self.name

    @property
    def editable(self) -> bool:
        """Shipped and shared frameworks are copied, not edited in place."""
        return self.organisation_id is not None and not self.shipped


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    data = models.JSONField("内容", default=dict)
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "对照框架版本"
        ordering = ("framework", "number")
        constraints = (
            models.UniqueConstraint(fields=["framework", "number"], name="unique_framework_version"),
        )

    def __str__(self) -> str:
        return f"{self.framework.name} 第{self.number}版"

    @property
    def core_id(self) -> str:
        """The id the core knows this exact version by (registered on first use)."""
        return f"{self.framework.key}@{self.number}"

    @property
    def aspects(self) -> list[dict[str, Any]]:
        return list(self.data.get("aspects", []))

    @property
    def requirements(self) -> list[dict[str, Any]]:
        return list(self.data.get("requirements", []))

    @property
    def required_parts(self) -> list[str]:
        return list(self.data.get("required_parts", []))

    @property
    def length_norms(self) -> dict[str, int]:
        return dict(self.data.get("length_norms", {}))
