from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "dangbo.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng"

    def ready(self) -> None:
        from dangbo.organizations.lookups import register

        register()
