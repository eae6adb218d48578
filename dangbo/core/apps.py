from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangbo.core"
    label = "core"
    verbose_name = "Lõi"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from dangbo.core.backup import make_sqlite_private

        connection_created.connect(make_sqlite_private, dispatch_uid="dangbo_sqlite_private")
