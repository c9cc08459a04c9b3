from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.html import format_html

from .models import Episode, EpisodeGuest, Series, Show, Status


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "language", "category"]
    readonly_fields = ["podcast_guid"]
    fieldsets = [
        (None, {"fields": ["title", "description", "artwork", "language", "author"]}),
        (
            "Podcast directories",
            {
                "fields": [
                    "category",
                    "secondary_category",
                    "explicit",
                    "owner_name",
                    "owner_email",
                    "copyright",
                ]
            },
        ),
        ("Subscribe links", {"fields": ["apple_podcasts_url", "spotify_url"]}),
        ("Identity", {"fields": ["podcast_guid"]}),
    ]

    def has_add_permission(self, request):
        # The site has one show; once it exists, editors change it.
        return super().has_add_permission(request) and not Show.objects.exists()

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class GuestInline(admin.TabularInline):
    model = EpisodeGuest
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    verbose_name_plural = "guests (in the order they are introduced)"


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["title", "series", "host", "guest_names", "status", "published_at", "length"]
    list_filter = ["status", "series", "episode_type", ("published_at", admin.DateFieldListFilter)]
    list_select_related = ["series", "host"]
    search_fields = ["title", "summary", "slug", "host__name", "guest_links__person__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host", "series"]
    inlines = [GuestInline]
    actions = ["publish", "unpublish"]
    save_on_top = True
    readonly_fields = ["audio_details"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "show_notes"]}),
        ("Audio", {"fields": ["audio", "audio_url", "audio_details"]}),
        ("People and series", {"fields": ["host", "series", "season", "number", "episode_type"]}),
        ("Transcript and artwork", {"fields": ["transcript", "artwork"]}),
        ("Publishing", {"fields": ["status", "published_at", "guid"]}),
        ("Comments", {"fields": ["comments_open"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.guid_locked:
            fields.append("guid")
        return fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("guest_links", queryset=EpisodeGuest.objects.select_related("person"))
            )
        )

    @admin.display(description="Guests")
    def guest_names(self, obj):
        return ", ".join(link.person.name for link in obj.guest_links.all())

    @admin.display(description="Duration", ordering="duration")
    def length(self, obj):
        return obj.duration_display

    @admin.display(description="Read from the audio")
    def audio_details(self, obj):
        if obj is None or obj.duration is None:
            return "Duration, size and type are read from the file when you save."
        return format_html(
            "{} · {} bytes · {}", obj.duration_display, f"{obj.audio_size:,}", obj.audio_type
        )

    @admin.action(description="Publish the selected episodes", permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for episode in queryset.exclude(status=Status.PUBLISHED):
            episode.status = Status.PUBLISHED
            episode.save()
            count += 1
        self.message_user(request, f"Published {count} episode(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected episodes (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Status.PUBLISHED).update(status=Status.DRAFT)
        self.message_user(request, f"Moved {count} episode(s) back to draft.", messages.SUCCESS)

    def view_on_site(self, obj):
        return obj.get_absolute_url()
