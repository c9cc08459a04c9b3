"""Blocks this app adds to pages it does not own (see core.sections)."""

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.sections import kept_section
from members.credits import credits_section

from .models import Episode

HOME_EPISODES = 5


def person_episodes(person):
    return credits_section(
        person,
        Episode.objects.published().with_people(),
        "podcasts/includes/person_episodes.html",
        _("Podcast episodes"),
        "episodes",
    )


def home_podcast(request):
    """The latest episodes (one query; kept across changes to other items, core.sections)."""
    episodes = Episode.objects.published().select_related("series")[:HOME_EPISODES]

    def load():
        shown = list(episodes)
        return {"episodes": shown} if shown else None

    return kept_section(
        "podcasts/includes/home_podcast.html",
        episodes,
        load,
        gettext("%(site)s Podcast") % {"site": settings.SITE_NAME},
    )
