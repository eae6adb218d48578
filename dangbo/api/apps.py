from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dangbo.api"
    label = "api"
    verbose_name = "API tích hợp"

    def ready(self) -> None:
        from dangbo.api import signals  # noqa: F401
