import datetime

from django.conf import settings
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import dates, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition

from comments.views import add_comments_feed, comments_context
from core import pagecache
from core.metadata import collection_page
from core.pagination import paginate
from core.params import query_int
from core.publishing import get_visible_or_404

from .models import Event, Lecture, LectureTopic, Series, calendar_feed_link

EVENTS_PER_PAGE = 20
FEED_PAST_DAYS = 365  # how far back the subscription feeds reach
# Month names in the reader's language (Django's translated calendar names, lazy).
MONTHS = sorted(dates.MONTHS.items())


def list_metadata(request, title, description, feeds=True, within=()):
    return collection_page(
        request,
        title,
        description,
        feeds=[calendar_feed_link()] if feeds else [],
        within=within,
    )


def upcoming(request):
    page = paginate(request, Event.objects.upcoming().with_people(), EVENTS_PER_PAGE)
    context = {
        "page": page,
        "series_list": Series.objects.filter(events__in=Event.objects.published()).distinct(),
        "metadata": list_metadata(
            request,
            _("Upcoming Events"),
            gettext(
                "Upcoming talks, panels and workshops of the %(site)s network, online and in person."
            )
            % {"site": settings.SITE_NAME},
        ),
    }
    return render(request, "events/upcoming.html", context)


def past(request):
    year = query_int(request, "year", 1900, 2200)
    month = query_int(request, "month", 1, 12)
    if month and not year:
        raise Http404("Choose a year with the month.")
    events = Event.objects.past().with_people()
    if year:
        events = events.filter(start__year=year)
    if month:
        events = events.filter(start__month=month)
    page = paginate(request, events, EVENTS_PER_PAGE)
    years = [d.year for d in Event.objects.past().datetimes("start", "year", order="DESC")]
    month_name = MONTHS[month - 1][1] if month else ""
    period = f"{month_name} {year}".strip() if year else ""
    title = gettext("Past Events · %(period)s") % {"period": period} if period else _("Past Events")
    context = {
        "page": page,
        "years": years,
        "months": MONTHS,
        "year": year,
        "month": month,
        "month_name": month_name,
        "metadata": list_metadata(
            request,
            title,
            gettext("Past events of the %(site)s network, with recordings where they exist.")
            % {"site": settings.SITE_NAME},
        ),
    }
    return render(request, "events/past.html", context)


def live_events():
    """The events readers may see and comment on, shaped for the event page."""
    return Event.objects.published().with_people()


def event_detail(request, slug):
    event = get_visible_or_404(request, Event.objects.with_people(), kept_as="page", slug=slug)
    return render_event(request, event)


def render_event(request, event, comment_form=None, status=200):
    """The event page; `comment_form` is a bound form sent back with its errors."""
    context = {
        "event": event,
        "metadata": add_comments_feed(event.get_metadata(request), event),
        # Rendered only when the page's content is ({% kept %}).
        "kept_context": lambda: comments_context(request, event, comment_form),
    }
    return render(request, "events/event_detail.html", context, status=status)


def series_detail(request, slug):
    series = pagecache.get_kept_or_404(Series, slug=slug)
    upcoming_events = list(Event.objects.upcoming().filter(series=series).with_people())
    page = paginate(
        request, Event.objects.past().filter(series=series).with_people(), EVENTS_PER_PAGE
    )
    context = {"series": series, "upcoming": upcoming_events, "page": page, "metadata": series}
    return render(request, "events/series_detail.html", context)


# Calendars --------------------------------------------------------------------------------


def calendar_response(request, events, filename, name=None, description=None, download=False):
    from .ical import build_calendar  # here: the icalendar library serves the calendars only

    body = build_calendar(events, request.build_absolute_uri, name=name, description=description)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def feed_events():
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return Event.objects.published().filter(end__gte=since).with_people().order_by("start", "id")


def feed_etag(request, slug=None):
    """One aggregate query: any new, changed (SEQUENCE), removed or aged-out event changes it.

    Calendar apps poll the feeds every few hours; an unchanged feed costs them a 304."""
    events = feed_events()
    if slug is not None:
        events = events.filter(series__slug=slug)
    state = events.order_by().aggregate(n=Count("id"), changed=Max("updated"), seq=Sum("sequence"))
    changed = state["changed"].timestamp() if state["changed"] else 0
    return f'"{state["n"]}-{changed:.6f}-{state["seq"] or 0}"'


@condition(etag_func=feed_etag)
def calendar(request):
    return calendar_response(
        request,
        feed_events(),
        "ponars-eurasia-events.ics",
        description=gettext("Upcoming and recent events of %(site)s.")
        % {"site": settings.SITE_NAME},
    )


@condition(etag_func=feed_etag)
def series_calendar(request, slug):
    series = get_object_or_404(Series, slug=slug)
    return calendar_response(
        request,
        feed_events().filter(series=series),
        f"{series.slug}.ics",
        name=f"{series.label} · {settings.SITE_NAME}",
        description=series.description or None,
    )


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().with_people(), slug=slug)
    return calendar_response(request, [event], f"{event.slug}.ics", name=event.title, download=True)


# The Online Academy -----------------------------------------------------------------------


def academy(request):
    lectures = Lecture.objects.published().for_listing()
    topics = list(LectureTopic.objects.filter(lectures__in=Lecture.objects.published()).distinct())
    topic = None
    if slug := request.GET.get("topic", "").strip():
        topic = next((t for t in topics if t.slug == slug), None)
        if topic is None:
            raise Http404("No such topic.")
        lectures = lectures.filter(topic=topic)
    lectures = lectures.order_by("topic__order", "topic__name", "-recorded_on", "-id")
    metadata = list_metadata(
        request,
        gettext("Online Academy") + (f" · {topic.label}" if topic else ""),
        gettext(
            "Recorded lectures by %(site)s scholars on the politics, security and society of Russia and Eurasia."
        )
        % {"site": settings.SITE_NAME},
        feeds=False,
    )
    context = {"lectures": list(lectures), "topics": topics, "topic": topic, "metadata": metadata}
    return render(request, "events/academy.html", context)


def visible_lecture(request, slug):
    return get_visible_or_404(request, Lecture.objects.for_listing(), slug=slug)


def lecture_detail(request, slug):
    lecture = visible_lecture(request, slug)
    metadata = lecture.get_metadata(request)
    metadata.within = [_("Online Academy")]
    return render(request, "events/lecture_detail.html", {"lecture": lecture, "metadata": metadata})
