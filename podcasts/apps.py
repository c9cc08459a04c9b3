from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PodcastsConfig(AppConfig):
    name = "podcasts"
    verbose_name = _("Podcasts")

    def ready(self):
        from core.sections import register_home_section, register_person_section

        from . import sections

        register_person_section(20, sections.person_episodes)
        register_home_section(20, sections.home_podcast)
