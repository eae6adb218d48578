from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "dangbo.evaluations"
    label = "evaluations"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def ready(self) -> None:
        from dangbo.evaluations.rollups import tree_changed_receiver
        from dangbo.organizations.signals import tree_changed

        tree_changed.connect(tree_changed_receiver, dispatch_uid="evaluations.rollups")
