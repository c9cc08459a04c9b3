from django.apps import AppConfig


class PonarsConfig(AppConfig):
    """The site layer as an app: the commands that span every app (demo content, page benchmark)."""

    name = "ponars"
    verbose_name = "Site"
