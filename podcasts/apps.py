from django.utils.translation import gettext_lazy as _

from core.sections import SectionsConfig


class PodcastsConfig(SectionsConfig):
    default = True
    name = "podcasts"
    verbose_name = _("Podcasts")
    sections = {"person": [(20, "person_episodes")], "home": [(20, "home_podcast")]}

    def ready(self):
        super().ready()
        from core.embeds import register_embed

        from . import embeds

        # Episodes embedded in rich text (core.embeds).
        register_embed("podcast", "podcasts:episode", embeds.render)
