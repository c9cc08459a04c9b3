"""Episodes embedded in rich text (core.embeds): the episode's audio player and its link."""

from django.template.loader import render_to_string

from .models import Episode


def render(slugs):
    """Every live episode of `slugs`, drawn, in one query."""
    episodes = Episode.objects.published().filter(slug__in=slugs)
    return {
        episode.slug: render_to_string("podcasts/includes/embed.html", {"episode": episode})
        for episode in episodes
    }
