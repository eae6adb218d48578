from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dangbo.web"
    label = "web"
    verbose_name = "Giao diện"
