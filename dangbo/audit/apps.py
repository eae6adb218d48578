from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dangbo.audit"
    label = "audit"
    verbose_name = "Nhật ký thay đổi"

    def ready(self) -> None:
        from dangbo.audit import registry

        registry.autodiscover()
