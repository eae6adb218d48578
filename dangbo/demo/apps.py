from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dangbo.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
