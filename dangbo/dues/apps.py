from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "dangbo.dues"
    verbose_name = "Đảng phí"
