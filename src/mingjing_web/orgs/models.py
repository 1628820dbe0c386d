"""An organisation (党组织/班子所在单位) and who belongs to it in which role."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


def new_corpus_key() -> str:
    return uuid.uuid4().hex


class Level(models.TextChoices):
    """Administrative level (the core's level names); the context-mismatch rule compares text against it."""

    CENTRAL = "中央", "中央和国家机关"
    PROVINCE = "省", "省级"
    CITY = "市", "市级"
    COUNTY = "县", "县级（区）"
    TOWNSHIP = "乡镇", "乡镇（街道）"
    VILLAGE = "村", "村（社区）"


class Role(models.TextChoices):
    ADMIN = "admin", "管理员"
    REVIEWER = "reviewer", "审核人"
    MEMBER = "member", "成员"
    # 上级审阅 (组织部/督导组): reviews the subordinate units' meetings from a higher organisation (issue 12).
    SUPERVISOR = "supervisor", "上级审阅（组织部）"


class TeamRole(models.TextChoices):
    """Place in the 班子; only members with a team role write a report for a meeting."""

    NONE = "", "不在班子"
    HEAD = "head", "主要负责人"
    MEMBER = "member", "班子成员"


class OrgKind(models.TextChoices):
    """What kind of Party organisation it is (the tree: a 县委 → its 党委/党组/党工委 → their 支部)."""

    COMMITTEE = "党委", "党委"
    LEADING_GROUP = "党组", "党组"
    WORKING_COMMITTEE = "党工委", "党工委"
    GENERAL_BRANCH = "党总支", "党总支"
    BRANCH = "党支部", "党支部"
    DEPARTMENT = "组织部", "组织部/督导组"


class Organisation(models.Model):
    name = models.CharField("单位名称", max_length=200)
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.COUNTY)
    # The organisation tree (issue 12): meetings, rights and the copy index will hang on it.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级组织",
    )
    kind = models.CharField("组织类型", max_length=10, choices=OrgKind.choices, default=OrgKind.LEADING_GROUP)
    region = models.CharField("所在地区", max_length=100, blank=True)
    # Names this organisation's copy-check corpus; never reused, so a corpus cannot leak across units.
    corpus_key = models.CharField(max_length=32, default=new_corpus_key, unique=True, editable=False)
    # Bumped on every profile edit: a form opened before another admin's save is refused.
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "组织"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    display_name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100, blank=True)
    role = models.CharField("系统角色", max_length=10, choices=Role.choices, default=Role.MEMBER)
    team_role = models.CharField("班子角色", max_length=10, choices=TeamRole.choices, blank=True, default="")
    # Bumped on every change of role, 班子 role or 职务: a member row saved from an older page is refused.
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "成员"
        ordering = ("team_role", "display_name")
        constraints = (
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
            # One 主要负责人 per organisation at a time (the service says so in Chinese first).
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(team_role="head"), name="one_head_per_org"
            ),
        )

    def __str__(self) -> str:
        return f"{self.display_name}（{self.get_role_display()}）"

    @property
    def active(self) -> bool:
        """A disabled account cannot log in; its reports and history stay."""
        return bool(self.user.is_active)

    @property
    def in_team(self) -> bool:
        return bool(self.team_role)

    @property
    def can_review(self) -> bool:
        return self.role == Role.REVIEWER

    @property
    def can_oversee(self) -> bool:
        """Reviewers and admins see every report of the organisation's meetings."""
        return self.role in (Role.REVIEWER, Role.ADMIN)

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN
