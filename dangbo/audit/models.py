"""The audit trail (nhật ký): one append-only entry per change, written in the same transaction as
the change (Zulip's RealmAuditLog). No code path updates or deletes an entry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm, không được sửa.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm, không được xóa.")


class AuditEntry(models.Model):
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người thực hiện",
    )
    actor_name = models.CharField("người thực hiện", max_length=150)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    action = models.CharField("việc", max_length=60, db_index=True)
    target_type = models.CharField("loại đối tượng", max_length=40)
    target_id = models.CharField("mã đối tượng", max_length=40)
    target_label = models.CharField("đối tượng", max_length=255)
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    # the organization path the change belongs to, so officers see the entries of their subtree
    scope_path = models.CharField(max_length=255, db_index=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm, không được xóa.")
