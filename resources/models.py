"""Digital resources: the members' Bookstore, Course Syllabi and the Knowledge Hub.

This app refers to people (members.Person) and to nothing else in the domain: it stands
beside `articles`, never on it. Its topics are therefore its own small model (`Topic`),
not the articles app's taggit tags; editors pick them with autocomplete.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.citations import Author, CiteAs, Reference
from core.fields import HttpsURLField
from core.history import ItemHistory
from core.images import fill, fit
from core.links import item_url
from core.metadata import Metadata, absolute, plain_text
from core.publishing import Publishable, PublishableQuerySet, status_check
from core.slugs import SlugField, SluggedModel
from core.uploads import ImageUploadField, PdfField
from core.validators import http_url_validator, validate_image, validate_pdf
from core.vocabulary import TranslatedName, russian_name_field
from members.credits import Credit, Credited, CreditedQuerySet
from members.models import Person

EARLIEST_YEAR = 1800


def latest_year():
    """Books may be announced a couple of years ahead of publication."""
    return timezone.localdate().year + 2


def validate_book_year(value):
    if value is not None and value > latest_year():
        raise ValidationError(
            _("Enter a year no later than %(year)s."), params={"year": latest_year()}
        )


def http_url_constraint(field, name):
    """The database refuses a link that is not http(s), whatever wrote it."""
    return models.CheckConstraint(
        condition=Q(**{field: ""})
        | Q(**{f"{field}__istartswith": "http://"})
        | Q(**{f"{field}__istartswith": "https://"}),
        name=name,
    )


class Topic(TranslatedName, SluggedModel):
    """A subject shared by books, syllabi and hub entries (the hub is grouped by it)."""

    SLUG_FALLBACK = "topic"

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_ru = russian_name_field(120)
    slug = SlugField(max_length=120, unique=True, blank=True)
    order = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order of the groups on the Knowledge Hub.")
    )

    class Meta:
        ordering = ["order", "name"]
        # Not "Topics": the admin's index also lists the articles' topics.
        verbose_name = _("resource topic")
        verbose_name_plural = _("resource topics")


# ---------------------------------------------------------------- Books


class LinkKind(models.TextChoices):
    BUY = "buy", _("Buy the book")
    READ = "read", _("Read online")
    PUBLISHER = "publisher", _("At the publisher")


class CreditedItemQuerySet(PublishableQuerySet, CreditedQuerySet):
    """Books and syllabi: published, with their people."""

    def for_lists(self):
        """Everything a list of books or syllabi shows, in a fixed number of queries."""
        return self.with_credits()


class Book(SluggedModel, Credited, Publishable):
    SLUG_SOURCE = "title"
    SLUG_FALLBACK = "book"

    title = models.CharField(max_length=300)
    slug = SlugField(max_length=300, unique=True, blank=True)
    authors = models.ManyToManyField(Person, through="BookAuthor", related_name="books", blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(EARLIEST_YEAR), validate_book_year],
        help_text=_("Year of publication."),
    )
    description = models.TextField(
        blank=True,
        help_text=_("A short description in plain text; shown on lists and the book's page."),
    )
    prizes = models.TextField(
        blank=True, help_text=_("One prize per line, e.g. “Pushkin House Book Prize 2020”.")
    )
    link = HttpsURLField(
        _("buy or read link"),
        max_length=500,
        blank=True,
        validators=[http_url_validator],
        help_text=_("Where to buy or read the book (http or https only)."),
    )
    link_kind = models.CharField(max_length=10, choices=LinkKind.choices, default=LinkKind.BUY)
    topics = models.ManyToManyField(Topic, related_name="books", blank=True)
    cover = ImageUploadField(upload_to="books/%Y/", blank=True, validators=[validate_image])
    cover_alt = models.CharField(
        _("cover alt text"),
        max_length=300,
        blank=True,
        help_text=_("Describe the cover for readers who cannot see it."),
    )
    # The same upload-time renditions as article images (core.images, imagekit Optimistic).
    cover_card = fill("cover", 240, 360, "WEBP")
    cover_card_fallback = fill("cover", 240, 360, "JPEG")
    cover_large = fit("cover", 600, "WEBP")
    cover_large_fallback = fit("cover", 600, "JPEG")

    history = ItemHistory(excluded_fields=["created", "updated"])
    objects = CreditedItemQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title", "id"]
        indexes = [models.Index(fields=["status", "-year"], name="book_published_idx")]
        constraints = [
            status_check(),
            models.CheckConstraint(
                condition=Q(link_kind__in=LinkKind.values), name="book_link_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST_YEAR), name="book_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(cover="") | ~Q(cover_alt=""), name="book_cover_has_alt"
            ),
            http_url_constraint("link", "book_link_http"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return item_url("resources:book", slug=self.slug)

    def clean(self):
        if self.cover and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": "Describe the cover: alt text is required when there is a cover."}
            )

    def get_reference(self, request):
        """The book for a reference manager (core.citations): a book is cited by its
        publisher and year, not by this page's address."""
        return Reference(
            kind=CiteAs.BOOK,
            title=self.title,
            url="",
            issued=date(self.year, 1, 1),
            year_only=True,
            authors=[Author(p.name, p.sort_name) for p in self.credited_people],
            publisher=self.publisher,
            abstract=self.description,
        )

    def get_metadata(self, request):
        """Link preview and schema.org Book for the book's page (see core.metadata)."""
        url = self.get_absolute_url()
        book = {
            "@type": "Book",
            "name": self.title,
            "url": absolute(request, url),
            "author": [person.schema_org(request, brief=True) for person in self.credited_people],
            "datePublished": str(self.year),
        }
        if self.publisher:
            book["publisher"] = {"@type": "Organization", "name": self.publisher}
        if self.prize_list:
            book["award"] = self.prize_list
        metadata = Metadata(
            title=self.title,
            description=plain_text(self.description, html=False) or f"{self.title} ({self.year})",
            url=url,
            type="book",
            json_ld=[book],
            robots=self.robots,
        )
        if self.cover:
            metadata.image = self.cover_large_fallback.url
            metadata.image_alt = self.cover_alt
            book["image"] = absolute(request, metadata.image)
        return metadata

    @property
    def prize_list(self):
        return [line.strip() for line in self.prizes.splitlines() if line.strip()]


class BookAuthor(Credit):
    """An author of a book, in order."""

    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        verbose_name = _("author")
        constraints = [
            models.UniqueConstraint(fields=["book", "person"], name="unique_book_author")
        ]


# ---------------------------------------------------------------- Syllabi


class Level(models.TextChoices):
    UNDERGRADUATE = "undergraduate", _("Undergraduate")
    GRADUATE = "graduate", _("Graduate")
    PROFESSIONAL = "professional", _("Professional and executive")


class Syllabus(SluggedModel, Credited, Publishable):
    SLUG_SOURCE = "title"
    SLUG_FALLBACK = "syllabus"

    title = models.CharField(max_length=300)
    slug = SlugField(max_length=300, unique=True, blank=True)
    instructors = models.ManyToManyField(
        Person, through="SyllabusInstructor", related_name="syllabi", blank=True
    )
    institution = models.CharField(max_length=200)
    term = models.CharField(max_length=60, help_text=_("e.g. “Fall 2022”."))
    level = models.CharField(max_length=20, choices=Level.choices)
    topics = models.ManyToManyField(Topic, related_name="syllabi", blank=True)
    summary = models.TextField(help_text=_("What the course covers, in plain text."))
    pdf = PdfField(
        _("PDF"),
        upload_to="syllabi/%Y/",
        validators=[validate_pdf],
        help_text=_("The syllabus as a PDF."),
    )

    history = ItemHistory(excluded_fields=["created", "updated"])
    objects = CreditedItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name_plural = _("syllabi")
        indexes = [models.Index(fields=["status", "-published_at"], name="syllabus_published_idx")]
        constraints = [
            status_check(),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="syllabus_level_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return item_url("resources:syllabus", slug=self.slug)

    def get_metadata(self, request):
        url = self.get_absolute_url()
        course = {
            "@type": "Course",
            "name": self.title,
            "url": absolute(request, url),
            "description": plain_text(self.summary, html=False),
            "provider": {"@type": "Organization", "name": self.institution},
            "educationalLevel": self.get_level_display(),
            "instructor": [
                person.schema_org(request, brief=True) for person in self.credited_people
            ],
        }
        return Metadata(
            title=self.title,
            description=plain_text(self.summary, html=False) or self.title,
            url=url,
            json_ld=[course],
            robots=self.robots,
        )


class SyllabusInstructor(Credit):
    syllabus = models.ForeignKey(Syllabus, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        verbose_name = _("instructor")
        constraints = [
            models.UniqueConstraint(
                fields=["syllabus", "person"], name="unique_syllabus_instructor"
            )
        ]

    def __str__(self):
        return f"{self.person} teaching {self.syllabus}"


# ---------------------------------------------------------------- Knowledge Hub


class Kind(models.TextChoices):
    DATASET = "dataset", _("Data set")
    REPORT = "report", _("Report")
    ARCHIVE = "archive", _("Archive")
    INSTITUTION = "institution", _("Institution")


class HubEntry(Publishable):
    """A curated outside resource: a data set, report, archive or another institution's page."""

    HAS_PAGE = False  # listed on the Knowledge Hub page only

    title = models.CharField(max_length=300)
    url = HttpsURLField(
        _("link"),
        max_length=500,
        validators=[http_url_validator],
        help_text=_("http or https only."),
    )
    annotation = models.TextField(
        help_text=_("One or two sentences on why it is useful, in plain text.")
    )
    kind = models.CharField(max_length=15, choices=Kind.choices)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="hub_entries")
    order = models.PositiveSmallIntegerField(default=0, help_text=_("Order within its topic."))

    history = ItemHistory(excluded_fields=["created", "updated"])

    class Meta:
        ordering = ["topic__order", "topic__name", "order", "title"]
        verbose_name = _("Knowledge Hub entry")
        verbose_name_plural = _("Knowledge Hub entries")
        constraints = [
            status_check(),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="hubentry_kind_valid"),
            http_url_constraint("url", "hubentry_url_http"),
            models.UniqueConstraint(fields=["topic", "url"], name="unique_hubentry_url_per_topic"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:hub") + f"#topic-{self.topic.slug}"
