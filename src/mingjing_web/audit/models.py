"""Append-only record of every change to a report, a review or the organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mingjing_web.orgs.models import Organisation

ACTION_LABELS = {
    "report.version": "上传新版本",
    "report.submit": "提交审核",
    "review.return": "退回修改",
    "review.approve": "审核通过",
    "review.comment": "发表意见",
    "library.add": "范文库添加",
    "library.remove": "范文库删除",
    "meeting.create": "新建会议",
    "membership.create": "添加成员",
    "membership.update": "修改成员",
    "opinion.add": "录入征求意见",
    "opinion.remove": "删除征求意见",
    "organisation.update": "修改单位信息",
    "meeting.update": "修改会议",
    "meeting.open": "重新开放会议",
    "meeting.closed": "关闭会议（已召开）",
    "meeting.archived": "归档会议",
    "meeting.member_add": "会议加入班子成员",
    "meeting.member_remove": "会议移出班子成员",
    "membership.enable": "启用账号",
    "membership.disable": "停用账号",
    "membership.password_reset": "重置密码",
    "framework.create": "新建对照框架",
    "framework.update": "修改对照框架",
    "framework.import": "导入对照框架",
}


class AuditLog(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=100)
    action = models.CharField("操作", max_length=50)
    object_type = models.CharField("对象类型", max_length=50)
    object_id = models.PositiveBigIntegerField("对象编号")
    summary = models.CharField("说明", max_length=300)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "审计日志"
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=["object_type", "object_id"]),)

    @property
    def action_label(self) -> str:
        """The action in Chinese for the log page (the stable id stays in ``action``)."""
        return ACTION_LABELS.get(self.action, self.action)

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.object_type}#{self.object_id}"
