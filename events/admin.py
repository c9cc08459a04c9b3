import datetime
import zoneinfo

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.db.models import Count, F
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, OrderedVocabularyAdmin, PublishingAdminMixin
from members.admin import CreditInline, CreditsAdminMixin

from .models import (
    Event,
    EventStatus,
    Lecture,
    LectureTopic,
    Participant,
    Series,
)

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]
LOCAL_FIELDS = ["start", "end", "registration_deadline"]


class WallClockField(forms.SplitDateTimeField):
    """Date and time as typed, with no time zone yet: the form applies the event's zone."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", widgets.AdminSplitDateTime)
        super().__init__(**kwargs)

    def compress(self, data_list):
        if data_list and data_list[0] is not None and data_list[1] is not None:
            return datetime.datetime.combine(*data_list)
        return None


def make_local(naive, zone):
    """`naive` wall-clock time in `zone`; refuses times a daylight-saving change skips or repeats."""
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise forms.ValidationError(
            _(
                "%(time)s does not exist in %(zone)s (the clocks go forward then). Choose another time."
            ),
            params={"time": naive.strftime("%H:%M on %B %d"), "zone": zone.key},
        )
    if aware.utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset():
        raise forms.ValidationError(
            _("%(time)s happens twice in %(zone)s (the clocks go back then). Choose another time."),
            params={"time": naive.strftime("%H:%M on %B %d"), "zone": zone.key},
        )
    return aware


class EventForm(forms.ModelForm):
    """Start, end and deadline are typed as wall-clock times in the event's own time zone."""

    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        initial="America/New_York",
        help_text=_(
            "Where the event happens. Start, end and deadline below are times in this zone."
        ),
    )
    start = WallClockField(help_text=_("In the event's time zone."))
    end = WallClockField(help_text=_("In the event's time zone."))
    registration_deadline = WallClockField(
        required=False,
        help_text=_("In the event's time zone. Empty: registration closes when the event starts."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "series",
            "status",
            "published_at",
            "summary",
            "description",
            "time_zone",
            "start",
            "end",
            "format",
            "venue",
            "address",
            "online_url",
            "registration_url",
            "registration_deadline",
            "image",
            "image_alt",
            "image_credit",
            "recording_url",
            "comments_open",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            zone = zoneinfo.ZoneInfo(instance.time_zone)
            for name in LOCAL_FIELDS:
                value = getattr(instance, name)
                if value is not None:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            for name in LOCAL_FIELDS:
                cleaned.pop(name, None)
            return cleaned
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in LOCAL_FIELDS:
            value = cleaned.get(name)
            if value is not None:
                try:
                    cleaned[name] = make_local(value, zone)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned


class ParticipantInline(CreditInline):
    model = Participant
    fields = ["person", "role", "order"]
    verbose_name = _("speaker or moderator")
    verbose_name_plural = _("speakers and moderators (in the order shown)")


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(end__gt=now)
        if self.value() == "past":
            return queryset.filter(end__lte=now)
        return queryset


@admin.register(Series)
class SeriesAdmin(OrderedVocabularyAdmin):
    list_display = [*OrderedVocabularyAdmin.list_display, "event_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_events=Count("events"))

    @admin.display(description=_("Events"), ordering="num_events")
    def event_count(self, obj):
        return obj.num_events


@admin.register(Event)
class EventAdmin(PublishingAdminMixin, CreditsAdminMixin, HistoryAdmin):
    form = EventForm
    list_display = [
        "title",
        "series",
        "local_start",
        "format",
        "status",
        "people_names",
        "has_recording",
    ]
    list_filter = [WhenFilter, "status", "series", "format", ("start", admin.DateFieldListFilter)]
    list_select_related = ["series"]
    search_fields = ["title", "summary", "slug", "credits__person__name"]
    date_hierarchy = "start"
    autocomplete_fields = ["series"]
    inlines = [ParticipantInline]
    actions = [*PublishingAdminMixin.actions, "cancel_events", "reinstate_events"]
    readonly_fields = ["sequence"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "series", "summary", "description"]}),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
        (_("When"), {"fields": ["time_zone", "start", "end"]}),
        (_("Where"), {"fields": ["format", "venue", "address", "online_url"]}),
        (_("Registration"), {"fields": ["registration_url", "registration_deadline"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_credit"]}),
        (_("After the event"), {"fields": ["recording_url"]}),
        (_("Comments"), {"fields": ["comments_open"]}),
        (_("Calendar"), {"fields": ["sequence"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("Starts (local time)"), ordering="start")
    def local_start(self, obj):
        local = obj.local_times.start
        return f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({obj.time_zone})"

    @admin.display(description=_("Speakers and moderators"))
    def people_names(self, obj):
        return self.credit_names(obj)

    @admin.display(description=_("Recording"), boolean=True)
    def has_recording(self, obj):
        return bool(obj.recording_url)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # New or changed speakers change the calendar entry's description too.
        if change and any(formset.has_changed() for formset in formsets):
            Event.objects.filter(pk=form.instance.pk).update(sequence=F("sequence") + 1)

    def change_status(self, request, queryset, to, reason):
        # One by one (change_each): each gets its history entry and a new SEQUENCE.
        self.change_each(
            request,
            queryset.exclude(status=to),
            lambda event: event.set_status(to, reason),
            f"{reason} {{count}} {{items}}.",
        )

    @admin.action(
        description=_("Cancel the selected events (they stay listed, marked cancelled)"),
        permissions=["change"],
    )
    def cancel_events(self, request, queryset):
        self.change_status(request, queryset, EventStatus.CANCELLED, "Cancelled")

    @admin.action(description=_("Reinstate the selected cancelled events"), permissions=["change"])
    def reinstate_events(self, request, queryset):
        cancelled = queryset.filter(status=EventStatus.CANCELLED)
        self.change_status(request, cancelled, EventStatus.PUBLISHED, "Reinstated")


@admin.register(LectureTopic)
class LectureTopicAdmin(OrderedVocabularyAdmin):
    pass


@admin.register(Lecture)
class LectureAdmin(PublishingAdminMixin, HistoryAdmin):
    list_display = ["title", "lecturer", "topic", "recorded_on", "status", "video_link"]
    list_filter = ["status", "topic"]
    list_select_related = ["lecturer", "topic"]
    search_fields = ["title", "summary", "lecturer__name"]
    date_hierarchy = "recorded_on"
    autocomplete_fields = ["lecturer", "topic"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "lecturer",
                    "topic",
                    "summary",
                    "recording_url",
                    "recorded_on",
                ]
            },
        ),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
    ]

    @admin.display(description=_("Video"))
    def video_link(self, obj):
        video = obj.recording
        if not video:
            return "—"
        return format_html('<a href="{}" rel="noopener">{}</a>', video.watch_url, video.provider)
