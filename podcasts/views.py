import hashlib

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition

from comments.views import add_comments_feed, comments_context
from core import pagecache
from core.metadata import FeedLink, Metadata
from core.pagination import paginate
from core.publishing import get_visible_or_404

from .feed import PodcastFeedGenerator
from .models import Episode, Show


def show_detail(request):
    show = Show.objects.current()
    page = paginate(
        request, Episode.objects.published().with_people(), settings.PODCAST_EPISODES_PER_PAGE
    )
    feed_url = request.build_absolute_uri(reverse("podcasts:feed"))
    metadata = show or Metadata(
        title=_("Podcast"), feeds=[FeedLink(_("Podcast feed"), reverse("podcasts:feed"))]
    )
    return render(
        request,
        "podcasts/show.html",
        {"show": show, "page": page, "feed_url": feed_url, "metadata": metadata},
    )


def visible_episode(request, slug):
    return get_visible_or_404(request, Episode.objects.with_people(), kept_as="page", slug=slug)


def live_episodes():
    """The episodes readers may hear and comment on, shaped for the episode page."""
    return Episode.objects.published().with_people()


def episode_detail(request, slug):
    return render_episode(request, visible_episode(request, slug))


def render_episode(request, episode, comment_form=None, status=200):
    """The episode page; `comment_form` is a bound form sent back with its errors."""
    # The show is a record: kept until a record changes, so the page runs no query of its own.
    show = pagecache.remember("podcast-show", Show.objects.current, records=True)
    context = {
        "episode": episode,
        "show": show,
        "metadata": add_comments_feed(episode.get_metadata(request, show=show), episode),
        # Rendered only when the page's content is ({% kept %}).
        "kept_context": lambda: comments_context(request, episode, comment_form),
    }
    context["metadata"].within = [show.title if show else _("Podcast")]
    return render(request, "podcasts/episode_detail.html", context, status=status)


def episode_transcript(request, slug):
    episode = visible_episode(request, slug)
    if not episode.transcript:
        raise Http404("This episode has no transcript.")
    response = HttpResponse(episode.transcript, content_type="text/plain; charset=utf-8")
    response["Content-Language"] = Show.objects.values_list("language", flat=True).first() or "en"
    return response


# Conditional GET: the feed changes when the show or any published episode changes, when a
# scheduled episode's time comes (published_at), or when an episode leaves the feed (count).
def _feed_state(request):
    if not hasattr(request, "_podcast_feed_state"):
        show = Show.objects.current()
        state = Episode.objects.published().aggregate(
            count=Count("id"), updated=Max("updated"), published=Max("published_at")
        )
        moments = [m for m in (state["updated"], state["published"], show and show.updated) if m]
        fingerprint = f"{show and show.updated.isoformat()}|{state['count']}|{state['updated']}|{state['published']}"
        request._podcast_feed_state = {
            "show": show,
            "last_modified": max(moments) if moments else None,
            "etag": hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
        }
    return request._podcast_feed_state


@condition(
    etag_func=lambda request: _feed_state(request)["etag"],
    last_modified_func=lambda request: _feed_state(request)["last_modified"],
)
def feed(request):
    show = _feed_state(request)["show"]
    if show is None:
        raise Http404("The podcast has not been set up yet.")
    absolute = request.build_absolute_uri
    show_url = absolute(show.get_absolute_url())
    generator = PodcastFeedGenerator(
        title=show.title,
        link=show_url,
        description=show.description,
        language=show.language,
        feed_url=absolute(reverse("podcasts:feed")),
        feed_copyright=show.copyright or None,
        artwork=absolute(show.artwork_feed.url),
        categories_itunes=show.categories,
        explicit=show.explicit,
        itunes_author=show.author,
        owner_name=show.owner_name,
        owner_email=show.owner_email,
        podcast_guid=str(show.podcast_guid),
    )
    for episode in Episode.objects.published().with_people():
        people = [("host", episode.host)] + [("guest", guest) for guest in episode.credited_people]
        generator.add_item(
            title=episode.title,
            link=absolute(episode.get_absolute_url()),
            description=episode.summary,
            unique_id=episode.guid,
            unique_id_is_permalink=False,
            pubdate=episode.published_at,
            updateddate=episode.updated,
            enclosures=[
                Enclosure(absolute(episode.audio_src), str(episode.audio_size), episode.audio_type)
            ],
            duration=episode.duration,
            episode_type=episode.episode_type,
            season=episode.season,
            number=episode.number,
            explicit=show.explicit,
            artwork=absolute(episode.artwork_feed.url) if episode.artwork else None,
            show_notes=episode.show_notes,
            people=[
                (
                    role,
                    person.name,
                    absolute(person.get_absolute_url()),
                    absolute(person.photo_card_fallback.url) if person.photo else None,
                )
                for role, person in people
            ],
            transcript=absolute(reverse("podcasts:transcript", kwargs={"slug": episode.slug}))
            if episode.transcript
            else None,
            language=show.language,
        )
    response = HttpResponse(content_type=generator.content_type)
    generator.write(response, "utf-8")
    return response
