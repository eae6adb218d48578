from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who uses Dangbo. What they may see comes from their role assignments."""

    full_name = models.CharField("họ và tên", max_length=200, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held by a user on one node of the tree; the role reaches the node's whole subtree."""

    class Role(models.TextChoices):
        COMMITTEE_OFFICER = "committee_officer", "Cán bộ ban tổ chức cấp ủy"
        GRASSROOTS_STAFF = "grassroots_staff", "Cán bộ tổ chức cơ sở đảng"
        CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ"
        VIEWER = "viewer", "Chỉ xem báo cáo"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name="người dùng")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức"
    )
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization_id}"

    @property
    def can_write(self) -> bool:
        return self.role != self.Role.VIEWER
