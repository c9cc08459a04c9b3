import uuid

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comments.models import Commentable, CommentableQuerySet
from core.citations import Author, CiteAs, Reference
from core.fields import HttpsURLField
from core.history import ItemHistory
from core.images import fill
from core.links import item_url
from core.metadata import FeedLink, Metadata, absolute, organization, plain_text
from core.publishing import Language, Publishable, PublishableQuerySet, Status, status_check
from core.richtext import BASIC_EDITOR_EXTENSIONS, RichTextField
from core.sanitize import clean_html
from core.slugs import SlugField, SluggedModel
from core.uploads import ImageUploadField, SiteNamedFileField
from core.validators import check_image, http_url_validator, refuse_over
from core.vocabulary import TranslatedName, russian_name_field
from members.credits import Credit, Credited, CreditedQuerySet
from members.models import Person

from .audio import EXTENSIONS, fetch_audio, inspect_audio
from .categories import CATEGORY_CHOICES, split_category

# Podcasting 2.0: podcast:guid is a UUIDv5 of the feed address in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
ARTWORK_MIN_PX = 1400

SHOW_NOTES_EXTENSIONS = BASIC_EDITOR_EXTENSIONS


def validate_artwork(upload):
    """Podcast artwork: a JPEG or PNG of at least 1400×1400 pixels (checked on upload only)."""
    info = check_image(upload)
    if info is None:
        return  # already stored and checked when it was uploaded
    if info.extension not in {"jpg", "png"}:
        raise ValidationError(
            _("This image is a %(format)s; podcast apps need a JPEG or PNG."),
            params={"format": info.format},
        )
    if info.width < ARTWORK_MIN_PX or info.height < ARTWORK_MIN_PX:
        raise ValidationError(
            _(
                "This image is %(width)s×%(height)s pixels; podcast artwork must be at least "
                "%(min)s×%(min)s (square, up to 3000×3000, works best)."
            ),
            params={"width": info.width, "height": info.height, "min": ARTWORK_MIN_PX},
            code="artwork_too_small",
        )


def validate_audio_upload_size(upload):
    refuse_over(
        upload,
        settings.PODCAST_MAX_AUDIO_BYTES,
        _("This file is %(size)s; the limit for episodes is %(limit)s."),
    )


# Addresses under /podcasts/ that cannot be an episode's slug.
RESERVED_SLUGS = {"feed"}


def validate_episode_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of the feed; choose another slug."), params={"slug": value}
        )


class AudioField(SiteNamedFileField):
    """Episode audio, stored under the extension of its container (.mp3, .m4a or .wav)."""

    accept = "audio/mpeg,audio/mp4,audio/x-m4a,.mp3,.m4a"

    def extension(self, content):
        return EXTENSIONS[inspect_audio(content, content.size).mime_type]


class ShowManager(models.Manager):
    def current(self):
        """The site's one show, or None before an editor creates it."""
        return self.filter(pk=Show.SINGLETON_ID).first()


class Show(models.Model):
    """The podcast itself (the site has one): what the feed's channel and /podcasts/ show."""

    SINGLETON_ID = 1

    title = models.CharField(max_length=200)
    description = models.TextField(
        help_text=_("Plain text; shown on /podcasts/ and in podcast apps.")
    )
    artwork = ImageUploadField(
        upload_to="podcasts/artwork/",
        validators=[validate_artwork],
        help_text=_("JPEG or PNG, at least 1400×1400 pixels; square works best."),
    )
    artwork_card = fill("artwork", 600, 600, "WEBP")
    artwork_card_fallback = fill("artwork", 600, 600, "JPEG")
    artwork_feed = fill("artwork", 1400, 1400, "JPEG", quality=88)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    category = models.CharField(
        max_length=80,
        choices=CATEGORY_CHOICES,
        default="News > Politics",
        help_text=_("Apple Podcasts category."),
    )
    secondary_category = models.CharField(max_length=80, choices=CATEGORY_CHOICES, blank=True)
    explicit = models.BooleanField(
        default=False, help_text=_("Contains explicit language (itunes:explicit).")
    )
    author = models.CharField(
        max_length=200, help_text=_("Shown as the show's author in podcast apps.")
    )
    owner_name = models.CharField(max_length=200)
    owner_email = models.EmailField(
        help_text=_("Published in the feed: podcast directories write here.")
    )
    copyright = models.CharField(max_length=200, blank=True)
    apple_podcasts_url = HttpsURLField(
        _("Apple Podcasts link"), blank=True, validators=[http_url_validator]
    )
    spotify_url = HttpsURLField(_("Spotify link"), blank=True, validators=[http_url_validator])
    podcast_guid = models.UUIDField(
        _("podcast GUID"),
        null=True,
        blank=True,
        help_text=_(
            "Podcasting 2.0 podcast:guid. Made from the feed address when the show is first saved; "
            "it must never change afterwards."
        ),
    )
    updated = models.DateTimeField(auto_now=True)

    objects = ShowManager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="podcast_single_show"),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="podcast_show_language_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_ID
        if not self.podcast_guid:
            feed = f"{Site.objects.get_current().domain}{reverse('podcasts:feed')}".rstrip("/")
            self.podcast_guid = uuid.uuid5(PODCAST_GUID_NAMESPACE, feed)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("podcasts:show")

    def feed_link(self):
        return FeedLink(
            gettext("%(title)s (podcast feed)") % {"title": self.title}, reverse("podcasts:feed")
        )

    def schema_org(self, request, brief=False):
        """The show as a schema.org PodcastSeries; `brief` for an episode's partOfSeries."""
        url = absolute(request, self.get_absolute_url())
        data = {"@type": "PodcastSeries", "@id": f"{url}#series", "name": self.title, "url": url}
        if brief:
            return data
        return {
            **data,
            "description": plain_text(self.description, 60, html=False),
            "image": absolute(request, self.artwork_feed.url),
            "webFeed": absolute(request, reverse("podcasts:feed")),
            "inLanguage": self.language,
            "author": {"@type": "Organization", "name": self.author},
            "publisher": organization(request),
        }

    def get_metadata(self, request):
        return Metadata(
            title=self.title,
            description=plain_text(self.description, 40, html=False),
            url=self.get_absolute_url(),
            image=self.artwork_feed.url,
            image_alt=f"{self.title} artwork",
            image_width=1400,
            image_height=1400,
            language=self.language,
            feeds=[self.feed_link()],
            json_ld=[self.schema_org(request)],
        )

    @property
    def categories(self):
        """[(category, subcategory or None), …] for itunes:category."""
        return [
            split_category(value) for value in (self.category, self.secondary_category) if value
        ]


class Series(TranslatedName, models.Model):
    name = models.CharField(
        _("name"), max_length=120, unique=True, help_text=_("e.g. Lipman Series 2021")
    )
    name_ru = russian_name_field(120)

    class Meta:
        ordering = ["name"]
        # Not "Series": the admin's index also lists the event series.
        verbose_name = _("podcast series")
        verbose_name_plural = _("podcast series")

    def __str__(self):
        return self.label


class EpisodeType(models.TextChoices):
    FULL = "full", _("Full episode")
    TRAILER = "trailer", _("Trailer")
    BONUS = "bonus", _("Bonus")


class EpisodeQuerySet(CommentableQuerySet, PublishableQuerySet, CreditedQuerySet):
    def with_people(self):
        """Everything a list of episodes shows (series, host, guests, comment count) in a fixed
        number of queries."""
        return self.select_related("series", "host").with_credits().with_comment_count()

    def credited_to(self, person):
        """Episodes `person` hosted or was a guest on."""
        return self.filter(Q(host=person) | self.credit_of(person))


def new_guid():
    return str(uuid.uuid4())


class Episode(SluggedModel, Credited, Publishable, Commentable):
    LISTED_BY = ("status", "published_at", "series", "slug")
    SLUG_SOURCE = "title"
    SLUG_FALLBACK = "episode"
    RESERVED_SLUGS = frozenset(RESERVED_SLUGS)

    title = models.CharField(max_length=300)
    slug = SlugField(max_length=300, unique=True, blank=True, validators=[validate_episode_slug])
    summary = models.TextField(
        help_text=_("One or two sentences, plain text: lists, feeds and podcast apps.")
    )
    show_notes = RichTextField(extensions=SHOW_NOTES_EXTENSIONS, blank=True)
    audio = AudioField(
        upload_to="podcasts/audio/%Y/",
        blank=True,
        validators=[validate_audio_upload_size],
        help_text=_("An MP3 or M4A file. Its duration, size and type are read from the file."),
    )
    audio_url = HttpsURLField(
        _("audio address"),
        max_length=500,
        blank=True,
        validators=[http_url_validator],
        help_text=_(
            "Or the address of the file on a media host (instead of uploading it). "
            "The file is fetched once to read its duration, size and type."
        ),
    )
    duration = models.PositiveIntegerField(_("duration (seconds)"), null=True, editable=False)
    audio_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, editable=False)
    audio_type = models.CharField(_("type"), max_length=40, blank=True, editable=False)
    season = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField(_("episode number"), null=True, blank=True)
    episode_type = models.CharField(
        max_length=10, choices=EpisodeType.choices, default=EpisodeType.FULL
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    host = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="hosted_episodes")
    guests = models.ManyToManyField(
        Person, through="EpisodeGuest", related_name="guest_episodes", blank=True
    )
    transcript = models.TextField(
        blank=True, help_text=_("Plain text; paragraphs separated by blank lines.")
    )
    artwork = ImageUploadField(
        upload_to="podcasts/artwork/",
        blank=True,
        validators=[validate_artwork],
        help_text=_(
            "Optional episode artwork: JPEG or PNG, at least 1400×1400 pixels. "
            "Without it, apps show the show's artwork."
        ),
    )
    artwork_card = fill("artwork", 300, 300, "WEBP")
    artwork_card_fallback = fill("artwork", 300, 300, "JPEG")
    artwork_feed = fill("artwork", 1400, 1400, "JPEG", quality=88)
    guid = models.CharField(
        _("GUID"),
        max_length=200,
        unique=True,
        blank=True,
        default=new_guid,
        help_text=_(
            "How podcast apps recognise the episode. Generated; keep an imported episode's old GUID. "
            "It cannot change once the episode has been published."
        ),
    )
    guid_locked = models.BooleanField(default=False, editable=False)

    objects = EpisodeQuerySet.as_manager()
    history = ItemHistory(excluded_fields=["created", "updated"])

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="episode_published_idx")]
        constraints = [
            status_check(),
            models.CheckConstraint(
                condition=Q(episode_type__in=EpisodeType.values), name="episode_type_valid"
            ),
            models.CheckConstraint(
                condition=~Q(audio="", audio_url="") & (Q(audio="") | Q(audio_url="")),
                name="episode_has_one_audio_source",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._stored_value("guid_locked") and self.guid != self._stored_value("guid"):
            raise ValueError("The GUID of a published episode never changes.")
        if not self.guid:
            self.guid = new_guid()
        if self.status == Status.PUBLISHED:
            self.guid_locked = True
        self.show_notes = clean_html(self.show_notes)
        super().save(*args, **kwargs)
        self._stored = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}
        self._stored["audio"] = self.audio.name

    def get_absolute_url(self):
        return item_url("podcasts:episode", slug=self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored = dict(zip(field_names, values, strict=True))
        return instance

    def _stored_value(self, name):
        return getattr(self, "_stored", {}).get(name)

    def clean(self):
        errors = {}
        if self.audio and self.audio_url:
            errors["audio_url"] = "Give either an uploaded file or an address, not both."
        elif not self.audio and not self.audio_url:
            errors["audio"] = (
                "Upload the episode's audio (MP3 or M4A) or give its address on a media host."
            )
        elif self.audio_needs_reading():
            try:
                self.read_audio()
            except ValidationError as exc:
                errors["audio" if self.audio else "audio_url"] = exc.messages
        if self._stored_value("guid_locked") and self.guid != self._stored_value("guid"):
            errors["guid"] = "This episode has been published: its GUID cannot change."
        if errors:
            raise ValidationError(errors)

    def audio_needs_reading(self):
        if self.duration is None or not self.audio_type:
            return True
        if self.audio:
            return not self.audio._committed or self.audio.name != self._stored_value("audio")
        return self.audio_url != self._stored_value("audio_url")

    def read_audio(self):
        """Set duration, size and type from the audio file (or the file at `audio_url`)."""
        if self.audio and not self.audio._committed:
            info = inspect_audio(self.audio.file, self.audio.size)
        elif self.audio:
            with self.audio.open("rb") as stored:
                info = inspect_audio(stored, self.audio.size)
        else:
            download, size = fetch_audio(self.audio_url)
            with download:
                info = inspect_audio(download, size)
        self.duration, self.audio_size, self.audio_type = info.duration, info.size, info.mime_type

    @property
    def audio_src(self):
        """Where the audio is: the uploaded file's URL, or the media host's address."""
        return self.audio.url if self.audio else self.audio_url

    @property
    def audio_extension(self):
        return {"audio/mpeg": "MP3", "audio/x-m4a": "M4A", "audio/wav": "WAV"}.get(
            self.audio_type, "audio"
        )

    def get_reference(self, request, show=None):
        """The episode for a reference manager (core.citations): the host, then the guests."""
        people = [self.host, *self.credited_people]
        return Reference(
            kind=CiteAs.EPISODE,
            title=self.title,
            url=absolute(request, self.get_absolute_url()),
            issued=timezone.localtime(self.published_at).date(),
            authors=[Author(p.name, p.sort_name) for p in people],
            publisher=settings.SITE_NAME,
            container=show.title
            if show
            else gettext("%(site)s Podcast") % {"site": settings.SITE_NAME},
            genre=gettext("Audio podcast episode"),
            number=str(self.number or ""),
            language=show.language if show else "en",
            abstract=plain_text(self.summary, 120, html=False),
        )

    def get_metadata(self, request, show=None):
        """Link preview and schema.org PodcastEpisode; uses the prefetched host and guests."""
        url = absolute(request, self.get_absolute_url())
        audio = absolute(request, self.audio_src)
        data = {
            "@type": "PodcastEpisode",
            "@id": f"{url}#episode",
            "name": self.title,
            "url": url,
            "description": plain_text(self.summary, 60, html=False),
            "datePublished": self.published_at,
            "dateModified": max(self.updated or self.published_at, self.published_at),
            "author": [self.host.schema_org(request, brief=True)],
            "associatedMedia": {
                "@type": "AudioObject",
                "contentUrl": audio,
                "encodingFormat": self.audio_type,
            },
        }
        if self.credited_people:
            data["contributor"] = [
                guest.schema_org(request, brief=True) for guest in self.credited_people
            ]
        if self.duration:
            hours, rest = divmod(self.duration, 3600)
            minutes, seconds = divmod(rest, 60)
            data["timeRequired"] = data["associatedMedia"]["duration"] = (
                f"PT{hours}H{minutes}M{seconds}S"
            )
        if self.number:
            data["episodeNumber"] = self.number
        if self.season:
            data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": self.season}
        metadata = Metadata(
            title=self.title,
            description=data["description"],
            url=self.get_absolute_url(),
            robots=self.robots,
            properties=[("og:audio", audio), ("og:audio:type", self.audio_type)]
            if self.audio_type
            else [],
        )
        if self.artwork:
            metadata.image = data["image"] = absolute(request, self.artwork_feed.url)
            metadata.image_alt, metadata.image_width, metadata.image_height = (
                f"{self.title} artwork",
                1400,
                1400,
            )
        if show is not None:
            data["partOfSeries"] = show.schema_org(request, brief=True)
            metadata.language = show.language
            metadata.feeds = [show.feed_link()]
            if not self.artwork:
                metadata.image = data["image"] = absolute(request, show.artwork_feed.url)
                metadata.image_alt, metadata.image_width, metadata.image_height = (
                    f"{show.title} artwork",
                    1400,
                    1400,
                )
        metadata.json_ld = [data]
        return metadata

    @property
    def duration_display(self):
        if self.duration is None:
            return ""
        hours, rest = divmod(self.duration, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class EpisodeGuest(Credit):
    """A guest on an episode, in the order they are introduced."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        verbose_name = _("guest")
        constraints = [
            models.UniqueConstraint(fields=["episode", "person"], name="unique_episode_guest")
        ]
