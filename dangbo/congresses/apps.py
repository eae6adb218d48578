from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "dangbo.congresses"
    label = "congresses"
    verbose_name = "Đại hội đảng, bầu cử"
