from django.apps import AppConfig


class MemberstatsConfig(AppConfig):
    name = "dangbo.memberstats"
    verbose_name = "Thống kê đảng viên"
