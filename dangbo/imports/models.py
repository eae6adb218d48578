"""An import run: the uploaded file, what checking it found, and what importing it wrote.

The run is the record of who imported what and when; its issues are the errors and warnings
found in the file, each naming sheet, row, column and value.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Đã tải lên"
        CHECKING = "checking", "Đang kiểm tra"
        CHECKED = "checked", "Đã kiểm tra, chờ xác nhận"
        INVALID = "invalid", "Có lỗi, không ghi gì"
        IMPORTING = "importing", "Đang nhập"
        DONE = "done", "Đã nhập xong"
        FAILED = "failed", "Không nhập được"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField("tên tệp", max_length=255)
    content = models.BinaryField("nội dung tệp")
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.UPLOADED)
    dry_run = models.BooleanField("chỉ kiểm tra", default=False)
    total_rows = models.PositiveIntegerField("số dòng", default=0)
    error_count = models.PositiveIntegerField("số lỗi", default=0)
    warning_count = models.PositiveIntegerField("số cảnh báo", default=0)
    summary = models.JSONField("tổng hợp", default=dict, blank=True)
    message = models.TextField("thông báo", blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField("thời gian nhập (giây)", null=True, blank=True)
    # a finished import's marks of its rows, for the next import (dangbo.imports.plan.marks)
    row_marks = models.BinaryField("dấu các dòng đã nhập", null=True, blank=True, editable=False)
    # The job (dangbo.imports.tasks): who started it (the task runs as that user, scope checked
    # again), its task's id, the worker process checking or importing it ("host:pid", empty while
    # it waits in the queue) and when it took the run; a run whose worker is gone is failed when a
    # worker starts (services.import_runs_fail_abandoned).
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    task_id = models.CharField("mã công việc", max_length=64, blank=True)
    worker = models.CharField("tiến trình xử lý", max_length=100, blank=True)
    worker_since = models.DateTimeField(null=True, blank=True)
    # Its progress, written by the worker (dangbo.imports.progress), read by every web process;
    # progress_at is also the worker's last sign of life.
    progress_phase = models.CharField("bước đang làm", max_length=100, blank=True)
    progress_done = models.PositiveIntegerField("số dòng đã xử lý", default=0)
    progress_total = models.PositiveIntegerField("tổng số dòng", default=0)
    progress_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lần nhập tệp"
        verbose_name_plural = "lần nhập tệp"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "created_at"], name="importrun_user_created")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)


class ImportIssue(models.Model):
    class Severity(models.TextChoices):
        ERROR = "error", "Lỗi"
        WARNING = "warning", "Cảnh báo"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="issues")
    severity = models.CharField(max_length=8, choices=Severity.choices)
    sheet = models.CharField("sheet", max_length=100, blank=True)
    row = models.PositiveIntegerField("dòng", null=True, blank=True)
    column = models.CharField("cột", max_length=4, blank=True)
    header = models.CharField("tên cột", max_length=255, blank=True)
    value = models.CharField("giá trị", max_length=255, blank=True)
    message = models.TextField("lý do")

    class Meta:
        verbose_name = "lỗi, cảnh báo khi nhập"
        verbose_name_plural = "lỗi, cảnh báo khi nhập"
        ordering = ["run_id", "id"]
        indexes = [models.Index(fields=["run", "severity"], name="importissue_run_severity")]

    def __str__(self) -> str:
        return f"{self.sheet} {self.row} {self.column}: {self.message[:40]}"
