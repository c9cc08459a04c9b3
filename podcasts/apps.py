from django.utils.translation import gettext_lazy as _

from core.sections import SectionsConfig


class PodcastsConfig(SectionsConfig):
    default = True
    name = "podcasts"
    verbose_name = _("Podcasts")
    sections = {"person": [(20, "person_episodes")], "home": [(20, "home_podcast")]}
