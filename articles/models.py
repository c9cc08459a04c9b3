from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.models import TagBase, TaggedItemBase

from comments.models import Commentable, CommentableQuerySet
from core.citations import Author, CiteAs, Reference
from core.fields import HttpsURLField
from core.history import HistoricTaggableManager, ItemHistory
from core.images import ImageRenditions
from core.links import item_url
from core.metadata import (
    DEFAULT_IMAGE,
    CollectionMetadata,
    FeedLink,
    Metadata,
    Translation,
    absolute,
    breadcrumbs,
    organization,
    plain_text,
)
from core.publishing import (
    Language,
    Publishable,
    PublishableQuerySet,
    content_changed,
    status_check,
)
from core.richtext import RichTextField
from core.sanitize import clean_html
from core.slugs import SlugField, SluggedModel, make_slug
from core.uploads import ImageUploadField, PdfField
from core.validators import http_url_validator, validate_image, validate_pdf
from core.vocabulary import TranslatedName, russian_name_field
from members.credits import Credit, Credited, CreditedQuerySet
from members.models import Person


def site_feeds(collection, url_name):
    """The RSS and Atom feeds of a category's or topic's articles."""
    return [
        FeedLink(
            f"{settings.SITE_NAME}: {collection.label}",
            reverse(url_name, args=[collection.slug]),
            atom=True,
        )
    ]


class Category(CollectionMetadata, TranslatedName, SluggedModel):
    name = models.CharField(_("name"), max_length=120, help_text=_("English name, e.g. Commentary"))
    name_ru = russian_name_field(120)
    slug = SlugField(max_length=120, unique=True, blank=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_policy_memo = models.BooleanField(
        default=False, help_text=_("Articles in this category carry a policy-memo number and PDF.")
    )
    links_out = models.BooleanField(
        default=False,
        help_text=_("Articles here point elsewhere (“Recommended”): their page links out."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = _("categories")

    def get_absolute_url(self):
        return item_url("articles:category", slug=self.slug)

    def collection_description(self):
        return plain_text(self.description) or gettext("%(name)s from %(site)s.") % {
            "name": self.label,
            "site": settings.SITE_NAME,
        }

    def collection_feeds(self):
        return site_feeds(self, "feeds:category")


class Topic(CollectionMetadata, TranslatedName, SluggedModel, TagBase):
    """Article topics (“Related Topics”). Kept apart from people's areas of expertise."""

    name_ru = russian_name_field(100)
    slug = SlugField(_("slug"), unique=True, max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def slugify(self, tag, i=None):
        """taggit's own slug maker, for any code path that still calls it: transliterated."""
        slug = make_slug(tag, 100 - (len(f"-{i}") if i else 0), "topic")
        return f"{slug}-{i}" if i else slug

    def get_absolute_url(self):
        return item_url("articles:topic", slug=self.slug)

    def collection_description(self):
        return gettext("Articles and policy memos on %(name)s.") % {"name": self.label}

    def collection_feeds(self):
        return site_feeds(self, "feeds:topic")


class TaggedArticle(TaggedItemBase):
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_topics"
    )

    class Meta:
        verbose_name = _("topic")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic"),
        ]


class ArticleQuerySet(CommentableQuerySet, PublishableQuerySet, CreditedQuerySet):
    def with_bylines(self):
        """Everything a list of articles shows, in a fixed number of queries."""
        return self.select_related("category").with_credits().with_comment_count()

    def with_translation(self):
        """What an article's page shows of its translation (its link), in the same query."""
        return self.select_related("translation")

    def in_language(self, language):
        """Articles written in `language` ("en", "ru"); every article when it is None."""
        return self.filter(language=language) if language else self


class Article(SluggedModel, Credited, Publishable, Commentable, ImageRenditions):
    SLUG_SOURCE = "title"
    SLUG_FALLBACK = "article"
    # The slug too: an article's address is kept by it (core.publishing.get_visible_or_404).
    LISTED_BY = ("status", "published_at", "category", "language", "featured", "slug")

    title = models.CharField(max_length=300)
    slug = SlugField(max_length=300, unique=True, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    topics = HistoricTaggableManager(
        _("topics"), through=TaggedArticle, blank=True, related_name="articles"
    )
    authors = models.ManyToManyField(Person, through="Byline", related_name="articles", blank=True)
    summary = models.TextField(
        blank=True, help_text=_("One or two sentences for lists, feeds and link previews.")
    )
    body = RichTextField(blank=True)
    image = ImageUploadField(upload_to="articles/%Y/", blank=True, validators=[validate_image])
    image_alt = models.CharField(
        _("image alt text"),
        max_length=300,
        blank=True,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    image_credit = models.CharField(max_length=300, blank=True)
    pdf = PdfField(_("PDF"), upload_to="memos/%Y/", blank=True, validators=[validate_pdf])
    # Made from the text for a memo without an uploaded PDF (articles.pdf, by the task worker).
    pdf_generated = PdfField(
        _("PDF made from the text"), upload_to="memos/%Y/", blank=True, editable=False
    )
    pdf_problem = models.CharField(
        _("why no PDF was made"), max_length=500, blank=True, editable=False
    )
    pdf_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    memo_number = models.PositiveIntegerField(
        _("policy memo number"),
        null=True,
        blank=True,
        help_text=_("Only for policy memos; unique among memos."),
    )
    external_url = HttpsURLField(
        _("external link"),
        blank=True,
        max_length=500,
        validators=[http_url_validator],
        help_text=_("For “Recommended” items: the page links out here with a “View” button."),
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    translation = models.OneToOneField(
        "self",
        verbose_name=_("translation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The same article in the other language. The link goes both ways: choosing it "
            "here links that article back to this one."
        ),
    )
    featured = models.BooleanField(
        default=False, help_text=_("Show in the home page's featured row.")
    )
    created_by = models.ForeignKey(
        "members.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    history = ItemHistory(
        excluded_fields=["created", "updated", "pdf_generated", "pdf_problem", "pdf_fingerprint"]
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_published_idx"),
            # The sitemap's date of the articles (the newest edit among the live ones) is one
            # lookup at the head of it, not a scan of every article (core.sitemaps).
            models.Index(fields=["status", "-updated"], name="article_updated_idx"),
            models.Index(
                fields=["category", "status", "-published_at"], name="article_category_idx"
            ),
            # The home page's few featured articles, without walking every published one.
            models.Index(
                fields=["-published_at"],
                condition=Q(featured=True),
                name="article_featured_idx",
            ),
        ]
        constraints = [
            status_check(),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="article_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="article_image_has_alt"
            ),
            models.UniqueConstraint(fields=["memo_number"], name="unique_memo_number"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = "Describe the image: alt text is required when there is an image."
        if self.memo_number is not None and self.category_id and not self.category.is_policy_memo:
            errors["memo_number"] = "Only articles in a policy-memo category have a memo number."
        if self.translation_id and (
            self.translation_id == self.pk or self.translation.language == self.language
        ):
            errors["translation"] = _("Choose an article in the other language.")
        if errors:
            raise ValidationError(errors)

    def validate_unique(self, exclude=None):
        # Choosing a translation that another article has is allowed: save() moves it.
        super().validate_unique(exclude={*(exclude or ()), "translation"})

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        former = []
        if self.translation_id:
            # One translation each: the chosen article's former partner lets go of it.
            former = Article.objects.filter(translation_id=self.translation_id).exclude(pk=self.pk)
            former = list(former)
            Article.objects.filter(pk__in=[a.pk for a in former]).update(translation=None)
        super().save(*args, **kwargs)
        self._link_translation_back(former)

    def _link_translation_back(self, former=()):
        """The link is reciprocal: the translation points back here, and a former partner of
        this article no longer does (nor does `former`, the translation's former partner).
        Those rows change by update(), so their pages are announced with content_changed, as
        publishing asks."""
        changed = list(
            Article.objects.filter(translation=self).exclude(pk=self.translation_id or 0)
        )
        Article.objects.filter(pk__in=[a.pk for a in changed]).update(translation=None)
        changed += former
        if self.translation_id:
            partner = Article.objects.filter(pk=self.translation_id).exclude(translation=self)
            changed += list(partner)
            partner.update(translation=self)
        for article in changed:
            live = article.is_live
            content_changed.send(sender=Article, instance=article, was_live=live, is_live=live)

    def shown_with(self):
        # Its translation's page links to it while it is live (and says when it is not).
        return ((Article, self.translation_id),) if self.translation_id else ()

    def live_translation(self):
        """The translation readers may see (select_related("translation") makes it free)."""
        translation = self.translation if self.translation_id else None
        return translation if translation is not None and translation.is_live else None

    def get_absolute_url(self):
        return item_url("articles:detail", slug=self.slug)

    def get_metadata(self, request, topics=()):
        """Link-preview and structured data for the article's page (see core.metadata).

        Uses the prefetched bylines and the selected category: no query of its own.
        `topics` are the article's topics when the caller has them.
        """
        url = self.get_absolute_url()
        page = absolute(request, url)
        description = (
            plain_text(self.summary, html=False) or plain_text(self.body, 40) or self.title
        )
        authors = self.credited_people
        modified = max(self.updated or self.published_at, self.published_at)
        data = {
            "@type": "ScholarlyArticle" if self.category.is_policy_memo else "Article",
            "@id": f"{page}#article",
            "headline": self.title if len(self.title) <= 110 else self.title[:109] + "…",
            "name": self.title,
            "description": description,
            "url": page,
            "mainEntityOfPage": page,
            "datePublished": self.published_at,
            "dateModified": modified,
            "inLanguage": self.language,
            "articleSection": self.category.name,
            "author": [person.schema_org(request, brief=True) for person in authors]
            or [
                {
                    "@id": organization(request)["@id"],
                    "@type": "Organization",
                    "name": settings.SITE_NAME,
                }
            ],
            "publisher": organization(request),
            "isAccessibleForFree": True,
        }
        translation = self.live_translation()
        metadata = Metadata(
            title=self.title,
            description=description,
            url=url,
            type="article",
            language=self.language,
            robots=self.robots,
            translations=[Translation(translation.language, translation.get_absolute_url())]
            if translation
            else [],
            properties=[
                ("article:published_time", self.published_at.isoformat()),
                ("article:modified_time", modified.isoformat()),
                ("article:section", self.category.name),
                *[("article:author", absolute(request, p.get_absolute_url())) for p in authors],
                *[("article:tag", topic.name) for topic in topics],
            ],
        )
        if self.image:
            width, height = self.SOCIAL_IMAGE_SIZE
            metadata.image = absolute(request, self.image_social.url)
            metadata.image_alt = self.image_alt
            metadata.image_width, metadata.image_height = width, height
            data["image"] = {
                "@type": "ImageObject",
                "url": metadata.image,
                "width": width,
                "height": height,
            }
        else:
            data["image"] = absolute(request, static(DEFAULT_IMAGE))
        if topics:
            data["keywords"] = [topic.name for topic in topics]
        if self.memo_number:
            data["identifier"] = gettext("Policy Memo No. %(memo_number)s") % {
                "memo_number": self.memo_number
            }
        if self.download_pdf:
            data["encoding"] = {
                "@type": "MediaObject",
                "contentUrl": absolute(request, self.download_pdf.url),
                "encodingFormat": "application/pdf",
            }
        if self.external_url:
            data["isBasedOn"] = self.external_url

        trail = [
            (settings.SITE_NAME, "/"),
            (self.category.label, self.category.get_absolute_url()),
            (self.title, url),
        ]
        metadata.json_ld = [data, breadcrumbs(request, trail)]
        if not self.external_url:  # an item that links out is cited where it appeared
            metadata.citation = self.get_reference(request)
        return metadata

    @property
    def is_memo(self):
        return self.category.is_policy_memo

    @property
    def download_pdf(self):
        """The PDF readers download: the editor's upload, else the one made from the text."""
        return self.pdf or self.pdf_generated or None

    @property
    def wants_generated_pdf(self):
        """A published (or scheduled) memo without an uploaded PDF gets one made from its text."""
        return bool(self.is_memo and not self.pdf and self.status in self.LIVE_STATUSES)

    def get_reference(self, request):
        """What a reference manager needs (core.citations): a policy memo is a report in the
        series "<SITE_NAME> Policy Memo" with its number; other articles are posts on the site.
        Uses the prefetched bylines: no query."""
        memo = self.is_memo
        return Reference(
            kind=CiteAs.REPORT if memo else CiteAs.ARTICLE,
            title=self.title,
            url=absolute(request, self.get_absolute_url()),
            issued=timezone.localtime(self.published_at).date(),
            authors=[Author(p.name, p.sort_name) for p in self.credited_people],
            publisher=settings.SITE_NAME,
            container="" if memo else settings.SITE_NAME,
            genre=f"{settings.SITE_NAME} Policy Memo" if memo else "",
            number=str(self.memo_number or "") if memo else "",
            language=self.language,
            pdf_url=absolute(request, self.download_pdf.url) if self.download_pdf else "",
            abstract=plain_text(self.summary, words=120, html=False),
        )

    @property
    def primary_author(self):
        people = self.credited_people
        return people[0] if people else None

    @property
    def secondary_authors(self):
        return self.credited_people[1:]


class Byline(Credit):
    """An author of an article, in order: the first is the primary author."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_byline"),
        ]
