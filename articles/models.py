import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from core.fields import HttpsURLField
from core.images import fill, fit
from core.metadata import (
    DEFAULT_IMAGE,
    FeedLink,
    Metadata,
    absolute,
    breadcrumbs,
    collection_page,
    organization,
    plain_text,
)
from core.publishing import Language, PublishedQuerySet, Scheduled, Status
from core.sanitize import clean_html
from core.uploads import ImageUploadField, PdfField
from core.validators import http_url_validator, validate_image, validate_pdf
from members.models import Person

RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


class Category(models.Model):
    name = models.CharField(max_length=120, help_text="English name, e.g. Commentary")
    name_ru = models.CharField(
        "Russian name", max_length=120, blank=True, help_text="e.g. Комментарии"
    )
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_policy_memo = models.BooleanField(
        default=False, help_text="Articles in this category carry a policy-memo number and PDF."
    )
    links_out = models.BooleanField(
        default=False,
        help_text="Articles here point elsewhere (“Recommended”): their page links out.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The bilingual name shown on the site: “Commentary | Комментарии”."""
        return f"{self.name} | {self.name_ru}" if self.name_ru else self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})

    def get_metadata(self, request):
        return collection_page(
            request,
            self.label,
            plain_text(self.description) or f"{self.name} from {settings.SITE_NAME}.",
            url=self.get_absolute_url(),
            feeds=[
                FeedLink(
                    f"{settings.SITE_NAME}: {self.label}",
                    reverse("feeds:category", args=[self.slug]),
                )
            ],
        )


class Topic(TagBase):
    """Article topics (“Related Topics”). Kept apart from people's areas of expertise."""

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})

    def get_metadata(self, request):
        return collection_page(
            request,
            self.name,
            f"Articles and policy memos on {self.name}.",
            url=self.get_absolute_url(),
            feeds=[
                FeedLink(
                    f"{settings.SITE_NAME}: {self.name}", reverse("feeds:topic", args=[self.slug])
                )
            ],
        )


class TaggedArticle(TaggedItemBase):
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_topics"
    )

    class Meta:
        verbose_name = "topic"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic"),
        ]


class ArticleQuerySet(PublishedQuerySet):
    def with_bylines(self):
        """Everything a list of articles shows, in a fixed number of queries."""
        return (
            self.select_related("category")
            .prefetch_related(
                Prefetch(
                    "bylines",
                    queryset=Byline.objects.select_related("person").order_by("order", "id"),
                )
            )
            .with_comment_count()
        )

    def with_comment_count(self):
        """Annotate `comment_count` (approved comments) in the same query: no query per article."""
        approved = (
            Comment.objects.approved()
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(comment_count=Coalesce(Subquery(approved), 0))

    def by_author(self, person):
        return self.filter(bylines__person=person)


class Article(Scheduled, models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    topics = TaggableManager(through=TaggedArticle, blank=True, related_name="articles")
    authors = models.ManyToManyField(Person, through="Byline", related_name="articles", blank=True)
    summary = models.TextField(
        blank=True, help_text="One or two sentences for lists, feeds and link previews."
    )
    body = ProseEditorField(extensions=RICH_TEXT_EXTENSIONS, sanitize=True, blank=True)
    image = ImageUploadField(upload_to="articles/%Y/", blank=True, validators=[validate_image])
    image_alt = models.CharField(
        "image alt text",
        max_length=300,
        blank=True,
        help_text="Describe the image for readers who cannot see it.",
    )
    image_credit = models.CharField(max_length=300, blank=True)
    image_card = fill("image", 640, 360, "WEBP")
    image_card_fallback = fill("image", 640, 360, "JPEG")
    image_large = fit("image", 1200, "WEBP")
    image_large_fallback = fit("image", 1200, "JPEG")
    image_social = fill("image", 1200, 630, "JPEG")
    SOCIAL_IMAGE_SIZE = (1200, 630)  # image_social, for link previews
    pdf = PdfField("PDF", upload_to="memos/%Y/", blank=True, validators=[validate_pdf])
    memo_number = models.PositiveIntegerField(
        "policy memo number",
        null=True,
        blank=True,
        help_text="Only for policy memos; unique among memos.",
    )
    external_url = HttpsURLField(
        "external link",
        blank=True,
        max_length=500,
        validators=[http_url_validator],
        help_text="For “Recommended” items: the page links out here with a “View” button.",
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time", default=timezone.now, help_text="A future time schedules the article."
    )
    featured = models.BooleanField(default=False, help_text="Show in the home page's featured row.")
    comments_open = models.BooleanField(
        default=True,
        help_text="Untick to close comments: the page keeps showing approved comments, with no form. "
        "Comments also close by themselves COMMENTS_CLOSE_AFTER_DAYS after publication when that is set.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        "members.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords(excluded_fields=["created", "updated"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_published_idx"),
            models.Index(
                fields=["category", "status", "-published_at"], name="article_category_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="article_status_valid"
            ),
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
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

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
        authors = self.byline_people
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
        metadata = Metadata(
            title=self.title,
            description=description,
            url=url,
            type="article",
            language=self.language,
            robots="" if self.is_live else "noindex",
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
            data["identifier"] = f"Policy Memo No. {self.memo_number}"
        if self.pdf:
            data["encoding"] = {
                "@type": "MediaObject",
                "contentUrl": absolute(request, self.pdf.url),
                "encodingFormat": "application/pdf",
            }
        if self.external_url:
            data["isBasedOn"] = self.external_url
        trail = [
            (settings.SITE_NAME, "/"),
            (self.category.name, self.category.get_absolute_url()),
            (self.title, url),
        ]
        metadata.json_ld = [data, breadcrumbs(request, trail)]
        return metadata

    @property
    def comments_close_at(self):
        """When comments close by themselves (COMMENTS_CLOSE_AFTER_DAYS), or None for never."""
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        return self.published_at + datetime.timedelta(days=days) if days else None

    @property
    def comments_are_open(self):
        """Readers may post: the article is live, not closed by an editor, and not past the limit."""
        close_at = self.comments_close_at
        return (
            self.comments_open and self.is_live and (close_at is None or timezone.now() < close_at)
        )

    @property
    def byline_people(self):
        """Authors in order, from the prefetched bylines (no query when prefetched)."""
        return [byline.person for byline in self.bylines.all()]

    @property
    def primary_author(self):
        people = self.byline_people
        return people[0] if people else None

    @property
    def secondary_authors(self):
        return self.byline_people[1:]


class Byline(models.Model):
    """An author of an article, in order: the first is the primary author."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_byline"),
        ]

    def __str__(self):
        return f"{self.person} on {self.article}"


# --- Reader comments (issue 3) -------------------------------------------------------------


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    SPAM = "spam", "Spam"
    REMOVED = "removed", "Removed"


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """The one rule for which comments readers see."""
        return self.filter(status=CommentStatus.APPROVED)

    def pending(self):
        return self.filter(status=CommentStatus.PENDING)

    def for_page(self, article):
        """An article's approved comments, oldest first, with only what the page shows."""
        return (
            self.approved()
            .filter(article=article)
            .only(
                "id", "parent_id", "article_id", "name", "website", "body_html", "created", "status"
            )
            .order_by("created", "id")
        )

    def by_email(self, email):
        return self.filter(email__iexact=email.strip())

    def purge_personal_data(self, days):
        """Erase the IP address and user agent of comments posted more than `days` days ago;
        return how many comments changed. The comments themselves are kept."""
        cutoff = timezone.now() - datetime.timedelta(days=days)
        return (
            self.filter(created__lt=cutoff)
            .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
            .update(ip_address=None, user_agent="")
        )


class Comment(models.Model):
    """A reader's comment on an article. Shown only once approved; the email is never shown.

    Moderators change the status; nothing a reader wrote is deleted by a moderator's click.
    """

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name="in reply to",
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(help_text="Private: never shown on the site or in feeds.")
    website = HttpsURLField(blank=True, max_length=300, validators=[http_url_validator])
    body = models.TextField("comment", help_text="Plain text, exactly as the reader typed it.")
    body_html = models.TextField(
        editable=False, help_text="The body escaped, with line breaks and links."
    )
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    notify_replies = models.BooleanField(
        "notify of replies",
        default=False,
        help_text="The commenter asked for an email on approval and replies.",
    )
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    moderated_by = models.ForeignKey(
        "members.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderation_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why the site held or filed it, e.g. “blocklist: casino”.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        indexes = [
            models.Index(fields=["article", "status", "created"], name="comment_article_idx"),
            models.Index(fields=["status", "-created"], name="comment_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommentStatus.values), name="comment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="comment_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.name} on {self.article_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        from .comments import render_body

        self.body_html = render_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#c{self.pk}"

    @property
    def is_approved(self):
        return self.status == CommentStatus.APPROVED


class BlockKind(models.TextChoices):
    WORD = "word", "Word or phrase in the comment, name or website"
    EMAIL = "email", "Email address (or @domain)"
    IP = "ip", "IP address"


class BlockedTerm(models.Model):
    """A blocklist entry: a comment that matches goes straight to spam."""

    kind = models.CharField(max_length=10, choices=BlockKind.choices, default=BlockKind.WORD)
    value = models.CharField(
        max_length=200,
        help_text="Matched without regard to case. For emails, “@example.com” blocks a domain.",
    )
    note = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = "blocklist entry"
        verbose_name_plural = "comment blocklist"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BlockKind.values), name="blockedterm_kind_valid"
            ),
            models.UniqueConstraint(fields=["kind", "value"], name="unique_blocked_term"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = self.value.strip().lower()
        if not self.value:
            raise ValidationError({"value": "Enter a word, an email address or an IP address."})
        if self.kind == BlockKind.IP:
            import ipaddress

            try:
                ipaddress.ip_address(self.value)
            except ValueError:
                raise ValidationError(
                    {"value": "Enter a valid IP address, e.g. 203.0.113.7."}
                ) from None
