from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dangbo.audit"
    label = "audit"
    verbose_name = "Nhật ký thay đổi"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_save

        from dangbo.audit import figures, registry
        from dangbo.audit.models import AuditEntry

        registry.autodiscover()
        request_started.connect(figures.request_started, dispatch_uid="dangbo.figures.started")
        request_finished.connect(figures.request_finished, dispatch_uid="dangbo.figures.finished")
        post_save.connect(figures.forget_version, sender=AuditEntry, dispatch_uid="dangbo.figures.audit")
