"""The templates uploaded for the documents (kept, never deleted), what a board chose at its last
download of each document (number, date of signing, signer, recipients), and the numbers issued
for the transfer letters (unique per issuing body and year)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DocumentTemplate(models.Model):
    """Mẫu văn bản: one version of the template of a kind of document. The latest row of a kind is
    in force; `shipped` marks a return to the template shipped with Dangbo (no content). Stored in
    the database, never under MEDIA: served only to an administrator."""

    kind = models.CharField("loại văn bản", max_length=40)
    content = models.BinaryField("tệp mẫu", blank=True)
    shipped = models.BooleanField("mẫu gốc của Dangbo", default=False)
    file_name = models.CharField("tên tệp", max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mẫu văn bản"
        verbose_name_plural = "mẫu văn bản"
        ordering = ["kind", "-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["kind", "uploaded_at"], name="doctemplate_kind_time")]

    def __str__(self) -> str:
        return f"{self.kind} {self.uploaded_at:%d/%m/%Y}"


class DocumentChoice(models.Model):
    """What a person chose at the last download of a kind of document for an organization, offered
    again at the next one."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("loại văn bản", max_length=40)
    number = models.CharField("số", max_length=20, blank=True)
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=120, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=120, blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "lựa chọn khi in văn bản"
        verbose_name_plural = "lựa chọn khi in văn bản"
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="documentchoice_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.organization_id}"


class IssuedNumber(models.Model):
    """Số giấy giới thiệu: the running number a body gave a document of a kind in a year, once per
    record (the letter of a transfer keeps its number when printed again)."""

    issuer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại văn bản", max_length=40)
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveIntegerField("số")
    event = models.ForeignKey("members.MemberEvent", on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "số văn bản đã cấp"
        verbose_name_plural = "số văn bản đã cấp"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "kind", "year", "number"], name="issuednumber_unique_number"
            ),
            models.UniqueConstraint(fields=["kind", "event"], name="issuednumber_one_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.year})"
