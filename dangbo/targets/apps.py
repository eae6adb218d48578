from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "dangbo.targets"
    verbose_name = "Chỉ tiêu và sinh hoạt chi bộ"
