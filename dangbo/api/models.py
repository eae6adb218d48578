"""Personal API tokens (mã truy cập API): a token acts with its user's roles and scope.

Only a SHA-256 digest of the token is stored; the token itself is shown once, when it is created.
A revoked token keeps its row (who, when), never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name="người dùng",
    )
    name = models.CharField("tên gợi nhớ", max_length=100)
    prefix = models.CharField("đầu mã", max_length=12, help_text="Các ký tự đầu của mã, để nhận ra mã.")
    digest = models.CharField("mã băm SHA-256", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    expires_on = models.DateField("hết hạn ngày", null=True, blank=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked")]
        constraints = [
            models.CheckConstraint(condition=~Q(digest=""), name="apitoken_digest_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
