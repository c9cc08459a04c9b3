from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from core.sections import register_home_section

        from . import sections

        register_home_section(90, sections.home_signup)
