from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "dangbo.badges"
    verbose_name = "Huy hiệu Đảng"
