from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, PublishingAdminMixin
from members.admin import CreditInline, CreditsAdminMixin

from .models import Episode, EpisodeGuest, Series, Show


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "language", "category"]
    readonly_fields = ["podcast_guid"]
    fieldsets = [
        (None, {"fields": ["title", "description", "artwork", "language", "author"]}),
        (
            _("Podcast directories"),
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
        (_("Subscribe links"), {"fields": ["apple_podcasts_url", "spotify_url"]}),
        (_("Identity"), {"fields": ["podcast_guid"]}),
    ]

    def has_add_permission(self, request):
        # The site has one show; once it exists, editors change it.
        return super().has_add_permission(request) and not Show.objects.exists()

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ru"]
    search_fields = ["name", "name_ru"]


class GuestInline(CreditInline):
    model = EpisodeGuest
    verbose_name_plural = _("guests (in the order they are introduced)")


@admin.register(Episode)
class EpisodeAdmin(PublishingAdminMixin, CreditsAdminMixin, HistoryAdmin):
    list_display = ["title", "series", "host", "guest_names", "state", "published", "length"]
    list_filter = ["status", "series", "episode_type", ("published_at", admin.DateFieldListFilter)]
    list_select_related = ["series", "host"]
    search_fields = ["title", "summary", "slug", "host__name", "credits__person__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["host", "series"]
    inlines = [GuestInline]
    save_on_top = True
    readonly_fields = ["audio_details"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "show_notes"]}),
        (_("Audio"), {"fields": ["audio", "audio_url", "audio_details"]}),
        (
            _("People and series"),
            {"fields": ["host", "series", "season", "number", "episode_type"]},
        ),
        (_("Transcript and artwork"), {"fields": ["transcript", "artwork"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "guid"]}),
        (_("Comments"), {"fields": ["comments_open"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.guid_locked:
            fields.append("guid")
        return fields

    @admin.display(description=_("Guests"))
    def guest_names(self, obj):
        return self.credit_names(obj)

    @admin.display(description=_("Duration"), ordering="duration")
    def length(self, obj):
        return obj.duration_display

    @admin.display(description=_("Read from the audio"))
    def audio_details(self, obj):
        if obj is None or obj.duration is None:
            return "Duration, size and type are read from the file when you save."
        return format_html(
            "{} · {} bytes · {}", obj.duration_display, f"{obj.audio_size:,}", obj.audio_type
        )
