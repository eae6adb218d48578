from django.apps import AppConfig


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangbo.planning"
    verbose_name = "Quy hoạch cán bộ"
