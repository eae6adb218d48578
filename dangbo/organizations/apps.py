from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "dangbo.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng"
