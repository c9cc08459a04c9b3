import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comments.models import Commentable, CommentableQuerySet
from core.citations import Author, CiteAs, Reference
from core.fields import HttpsURLField
from core.history import ItemHistory
from core.images import ImageRenditions
from core.links import item_url
from core.metadata import (
    DEFAULT_IMAGE,
    CollectionMetadata,
    FeedLink,
    Metadata,
    absolute,
    breadcrumbs,
    organization,
    plain_text,
)
from core.publishing import Publishable, PublishableQuerySet, Status, status_check, status_field
from core.richtext import BASIC_EDITOR_EXTENSIONS, RichTextField
from core.sanitize import clean_html
from core.slugs import SlugField, SluggedModel
from core.uploads import ImageUploadField
from core.validators import http_url_validator, validate_image
from core.video import parse_video, validate_video_url
from core.vocabulary import TranslatedName, russian_name_field
from members.credits import Credit, Credited, CreditedQuerySet
from members.models import Person

WASHINGTON = "America/New_York"

# Addresses under /events/ that an event's slug must not take.
RESERVED_SLUGS = {"past", "series", "calendar"}


def validate_event_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is an events address; choose another slug."), params={"slug": value}
        )


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _(
                "“%(zone)s” is not a time zone name. Use a name such as Europe/Kyiv or America/New_York."
            ),
            params={"zone": value},
        )


def zone_label(name):
    """A reader's name for a zone: “Washington” for America/New_York, else its city."""
    if name == WASHINGTON:
        return "Washington"
    return name.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True)
class TimeRange:
    """An event's start and end as wall-clock times in one zone."""

    start: datetime
    end: datetime
    zone: str

    @property
    def label(self):
        return zone_label(self.zone)

    @property
    def same_day(self):
        return self.start.date() == self.end.date()


class Series(CollectionMetadata, TranslatedName, SluggedModel):
    """A run of events under one name, e.g. “New Voices on Eurasia”."""

    SLUG_FALLBACK = "series"

    name = models.CharField(_("name"), max_length=200)
    name_ru = russian_name_field(200)
    slug = SlugField(max_length=200, unique=True, blank=True)
    description = models.TextField(
        blank=True, help_text=_("One or two plain sentences for the series page.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def get_absolute_url(self):
        return item_url("events:series", slug=self.slug)

    def get_calendar_url(self):
        return item_url("events:series_calendar", slug=self.slug)

    def collection_description(self):
        return self.description or gettext("Events in the series %(name)s, with recordings.") % {
            "name": self.label
        }

    def collection_feeds(self):
        title = gettext("%(name)s (calendar)") % {"name": self.label}
        return [FeedLink(title, self.get_calendar_url(), "text/calendar")]


class Format(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("In person and online")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not shown)")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled (still listed, marked cancelled)")


# Fields whose change a subscribed calendar must pick up (iCalendar SEQUENCE).
CALENDAR_FIELDS = [
    "title",
    "slug",
    "summary",
    "start",
    "end",
    "time_zone",
    "format",
    "venue",
    "address",
    "online_url",
    "status",
]


ATTENDANCE = {
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "in_person": "https://schema.org/OfflineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def calendar_feed_link():
    title = gettext("%(site)s events (calendar)") % {"site": settings.SITE_NAME}
    return FeedLink(title, reverse("events:calendar"), "text/calendar")


class EventQuerySet(CommentableQuerySet, PublishableQuerySet, CreditedQuerySet):
    # published(): published and cancelled events (Event.LIVE_STATUSES); drafts are hidden.

    def upcoming(self, now=None):
        """Visible events that have not ended yet, soonest first (decided at query time)."""
        now = now or timezone.now()
        return self.published().filter(end__gt=now).order_by("start", "id")

    def past(self, now=None):
        """Visible events that have ended, most recent first."""
        now = now or timezone.now()
        return self.published().filter(end__lte=now).order_by("-start", "-id")

    def with_people(self):
        """Everything an events list shows, in a fixed number of queries."""
        return self.select_related("series").with_credits().with_comment_count()


class Event(SluggedModel, Credited, Publishable, Commentable, ImageRenditions):
    # Lists of events are ordered by start and split by end (upcoming, past), by series.
    LISTED_BY = ("status", "published_at", "start", "end", "series", "slug")
    SLUG_SOURCE = "title"
    SLUG_FALLBACK = "event"
    RESERVED_SLUGS = frozenset(RESERVED_SLUGS)

    # Cancelled events stay listed (marked cancelled): readers see both.
    LIVE_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)

    title = models.CharField(max_length=300)
    slug = SlugField(max_length=300, unique=True, blank=True, validators=[validate_event_slug])
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    summary = models.TextField(
        blank=True, help_text=_("One or two plain sentences for lists, calendars and previews.")
    )
    description = RichTextField(extensions=BASIC_EDITOR_EXTENSIONS, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64,
        default=WASHINGTON,
        validators=[validate_time_zone],
        help_text=_(
            "Where the event happens; the start and end you type are wall-clock times in this zone."
        ),
    )
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.ONLINE)
    venue = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("e.g. Elliott School of International Affairs, Room 505"),
    )
    address = models.CharField(max_length=300, blank=True, help_text=_("Street, city"))
    online_url = HttpsURLField(
        _("online link"),
        max_length=500,
        blank=True,
        validators=[http_url_validator],
        help_text=_("Where to watch or join (leave empty if the link is sent after registration)."),
    )
    registration_url = HttpsURLField(
        _("registration link"), max_length=500, blank=True, validators=[http_url_validator]
    )
    registration_deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Registration closes then (default: when the event starts)."),
    )
    image = ImageUploadField(upload_to="events/%Y/", blank=True, validators=[validate_image])
    image_alt = models.CharField(_("image alt text"), max_length=300, blank=True)
    image_credit = models.CharField(max_length=300, blank=True)
    recording_url = HttpsURLField(
        _("recording"),
        max_length=500,
        blank=True,
        validators=[validate_video_url],
        help_text=_("A YouTube or Vimeo address, added after the event."),
    )
    status = status_field(EventStatus, default=EventStatus.PUBLISHED)
    people = models.ManyToManyField(
        Person, through="Participant", related_name="events", blank=True
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Raised each time the event changes, so calendars update."),
    )

    history = ItemHistory(excluded_fields=["created", "updated", "sequence"])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["status", "end"], name="event_status_end_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("start")),
                name="event_registration_closes_by_start",
            ),
            models.CheckConstraint(
                condition=Q(format__in=Format.values), name="event_format_valid"
            ),
            status_check(EventStatus),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="event_image_has_alt"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.description = clean_html(self.description)
        if self.pk is not None and not kwargs.get("force_insert"):
            before = (
                Event.objects.filter(pk=self.pk).values(*CALENDAR_FIELDS, "description").first()
            )
            if before and any(
                before[f] != getattr(self, f) for f in [*CALENDAR_FIELDS, "description"]
            ):
                self.sequence += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return item_url("events:detail", slug=self.slug)

    def get_ics_url(self):
        return item_url("events:ics", slug=self.slug)

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The event must end after it starts."
        if self.start and self.registration_deadline and self.registration_deadline > self.start:
            errors["registration_deadline"] = "Registration must close before the event starts."
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = "Describe the image: alt text is required when there is an image."
        if self.format in {Format.IN_PERSON, Format.HYBRID} and not self.venue.strip():
            errors["venue"] = "Say where an in-person event takes place."
        if errors:
            raise ValidationError(errors)

    def get_metadata(self, request):
        """Link previews and schema.org Event data (uses prefetched participants: no query)."""
        url = self.get_absolute_url()
        page = absolute(request, url)
        description = (
            plain_text(self.summary, html=False) or plain_text(self.description) or self.title
        )
        local = self.local_times
        site = organization(request)
        data = {
            "@type": "Event",
            "@id": f"{page}#event",
            "name": self.title,
            "description": description,
            "url": page,
            "startDate": local.start.isoformat(),
            "endDate": local.end.isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if self.is_cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": ATTENDANCE[self.format],
            "location": self.schema_locations(page),
            "organizer": {
                "@type": "Organization",
                "@id": site["@id"],
                "name": site["name"],
                "url": site["url"],
            },
            "isAccessibleForFree": True,
        }
        if self.speakers:
            data["performer"] = [person.schema_org(request, brief=True) for person in self.speakers]
        metadata = Metadata(
            title=("Cancelled: " if self.is_cancelled else "") + self.title,
            description=description,
            url=url,
            robots=self.robots,
            feeds=[calendar_feed_link()],
        )
        if self.image:
            metadata.image = absolute(request, self.image_social.url)
            metadata.image_alt = self.image_alt
            metadata.image_width, metadata.image_height = self.SOCIAL_IMAGE_SIZE
            data["image"] = [metadata.image]
        else:
            data["image"] = [absolute(request, static(DEFAULT_IMAGE))]
        trail = [(settings.SITE_NAME, "/"), (gettext("Events"), reverse("events:upcoming"))]
        if self.series_id:
            trail.append((self.series.label, self.series.get_absolute_url()))
            metadata.feeds.extend(self.series.collection_feeds())
        metadata.json_ld = [data, breadcrumbs(request, [*trail, (self.title, url)])]
        return metadata

    def schema_locations(self, page):
        places = []
        if self.is_in_person:
            place = {"@type": "Place", "name": self.venue}
            if self.address:
                place["address"] = {"@type": "PostalAddress", "streetAddress": self.address}
            places.append(place)
        if self.is_online:
            places.append({"@type": "VirtualLocation", "url": self.online_url or page})
        return places[0] if len(places) == 1 else places

    # What the pages show -------------------------------------------------------------

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def times_in(self, zone_name):
        zone = zoneinfo.ZoneInfo(zone_name)
        return TimeRange(self.start.astimezone(zone), self.end.astimezone(zone), zone_name)

    @property
    def local_times(self):
        return self.times_in(self.time_zone)

    @property
    def washington_times(self):
        """Washington time, or None when the event's own zone already is Washington's."""
        if self.time_zone == WASHINGTON:
            return None
        return self.times_in(WASHINGTON)

    @property
    def comments_since(self):
        """Comments close COMMENTS_CLOSE_AFTER_DAYS after the event ends."""
        return self.end

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def is_past(self):
        return self.end <= timezone.now()

    @property
    def is_happening(self):
        return self.start <= timezone.now() < self.end

    @property
    def is_in_person(self):
        return self.format in {Format.IN_PERSON, Format.HYBRID}

    @property
    def is_online(self):
        return self.format in {Format.ONLINE, Format.HYBRID}

    @property
    def registration_closes(self):
        return self.registration_deadline or self.start

    @property
    def registration_open(self):
        return (
            bool(self.registration_url)
            and not self.is_cancelled
            and timezone.now() < self.registration_closes
        )

    @property
    def recording(self):
        return parse_video(self.recording_url) if self.recording_url else None

    @property
    def location(self):
        """One line for calendars: the place, the link, or both."""
        place = ", ".join(p for p in [self.venue, self.address] if p)
        if self.format == Format.ONLINE:
            return self.online_url or "Online"
        if self.format == Format.HYBRID:
            return gettext("%(place)s and online") % {"place": place} + (
                f" ({self.online_url})" if self.online_url else ""
            )
        return place

    def _people(self, role):
        return [p.person for p in self.credits.all() if p.role == role]

    @property
    def speakers(self):
        """Speakers in order, from the prefetched credits (no query when prefetched)."""
        return self._people(Role.SPEAKER)

    @property
    def moderators(self):
        return self._people(Role.MODERATOR)


class Role(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")


class Participant(Credit):
    """A person speaking at or moderating an event, in the order shown."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.SPEAKER)

    class Meta(Credit.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"], name="unique_event_participant"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="participant_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}) at {self.event}"

    @property
    def label(self):
        return self.person.name + (" (moderator)" if self.role == Role.MODERATOR else "")


# The Online Academy --------------------------------------------------------------------


class LectureTopic(TranslatedName, SluggedModel):
    SLUG_FALLBACK = "topic"

    name = models.CharField(_("name"), max_length=120)
    name_ru = russian_name_field(120)
    slug = SlugField(max_length=120, unique=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]


class LectureQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.select_related("topic", "lecturer")

    def credited_to(self, person):
        return self.filter(lecturer=person)


class Lecture(SluggedModel, Publishable):
    SLUG_SOURCE = "title"
    SLUG_FALLBACK = "lecture"

    """A recorded Online Academy lecture."""

    title = models.CharField(max_length=300)
    slug = SlugField(max_length=300, unique=True, blank=True)
    lecturer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="lectures")
    topic = models.ForeignKey(LectureTopic, on_delete=models.PROTECT, related_name="lectures")
    summary = models.TextField(blank=True, help_text=_("One or two plain sentences."))
    recording_url = HttpsURLField(
        _("recording"),
        max_length=500,
        validators=[validate_video_url],
        help_text=_("A YouTube or Vimeo address."),
    )
    recorded_on = models.DateField()
    status = status_field(default=Status.PUBLISHED)

    objects = LectureQuerySet.as_manager()
    history = ItemHistory(excluded_fields=["created", "updated"])

    class Meta:
        ordering = ["-recorded_on", "-id"]
        constraints = [status_check()]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return item_url("academy:lecture", slug=self.slug)

    @property
    def recording(self):
        return parse_video(self.recording_url)

    def get_reference(self, request):
        """The recorded lecture for a reference manager (core.citations)."""
        return Reference(
            kind=CiteAs.LECTURE,
            title=self.title,
            url=absolute(request, self.get_absolute_url()),
            issued=self.recorded_on,
            authors=[Author(self.lecturer.name, self.lecturer.sort_name)],
            publisher=settings.SITE_NAME,
            container=gettext("%(site)s Online Academy") % {"site": settings.SITE_NAME},
            genre=gettext("Lecture"),
            abstract=self.summary,
        )

    def get_metadata(self, request):
        url = self.get_absolute_url()
        page = absolute(request, url)
        description = self.summary or gettext("An Online Academy lecture by %(name)s.") % {
            "name": self.lecturer.name
        }
        data = {
            "@type": "WebPage",
            "name": self.title,
            "url": page,
            "description": description,
            "author": self.lecturer.schema_org(request, brief=True),
            "about": self.topic.name,
            "isPartOf": {"@id": absolute(request, "/#website")},
        }
        trail = [
            (settings.SITE_NAME, "/"),
            (gettext("Online Academy"), reverse("academy:index")),
            (self.title, url),
        ]
        return Metadata(
            title=self.title,
            description=description,
            url=url,
            robots=self.robots,
            json_ld=[data, breadcrumbs(request, trail)],
        )
