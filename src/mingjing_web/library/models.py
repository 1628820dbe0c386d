"""Reference documents an organisation checks its reports against."""

from __future__ import annotations

from django.db import models

from mingjing_web.orgs.models import Membership, Organisation


class DocumentKind(models.TextChoices):
    TEMPLATE = "template", "范文/模板"
    PAST = "past", "往年材料"


class LibraryDocument(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="library")
    kind = models.CharField(
        "类型", max_length=10, choices=DocumentKind.choices, default=DocumentKind.TEMPLATE
    )
    title = models.CharField("标题", max_length=200)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    filename = models.CharField("文件名", max_length=255)
    text = models.TextField("规范化文本")
    added_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "范文库文档"
        ordering = ("kind", "title")

    def __str__(self) -> str:
        return self.title
