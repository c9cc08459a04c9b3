import datetime

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth.admin import UserAdmin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX
from import_export.forms import ConfirmImportForm, ImportForm

from core.admin import DefaultListFilter, HistoryAdmin, VocabularyAdmin
from core.spreadsheets import ExcelCSV

from .models import Expertise, Membership, MembershipStatus, Person, Role, Tier, User
from .spreadsheets import PersonResource, header_problems

ENDS_SOON_DAYS = 60


def can_change_memberships(user):
    return user.has_perms(["members.add_membership", "members.change_membership"])


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    pass


@admin.register(Expertise)
class ExpertiseAdmin(VocabularyAdmin):
    fields = ["name", "name_ru", "slug"]


# Filters ------------------------------------------------------------------------------


class MembershipListFilter(DefaultListFilter):
    """Default on: staff land on current members."""

    title = "membership"
    parameter_name = "membership"
    default = "current"

    def lookups(self, request, model_admin):
        return [
            ("current", "Current members"),
            ("former", "Former members"),
            ("never", "Never a member"),
            ("all", "Everyone"),
        ]

    def queryset(self, request, queryset):
        value = self.chosen()
        current = Person.objects.current_members().values("pk")
        if value == "current":
            return queryset.filter(pk__in=current)
        if value == "former":
            return queryset.filter(term_id__isnull=False).exclude(pk__in=current)
        if value == "never":
            return queryset.filter(term_id__isnull=True)
        return queryset


class LatestTermFilter(admin.SimpleListFilter):
    """Filter people by a value of their latest term."""

    choices_enum = None
    field = ""

    def lookups(self, request, model_admin):
        return self.choices_enum.choices

    def queryset(self, request, queryset):
        if self.value() in self.choices_enum.values:
            return queryset.filter(**{self.field: self.value()})
        return queryset


class TierFilter(LatestTermFilter):
    title = "tier"
    parameter_name = "tier"
    choices_enum = Tier
    field = "term_tier"


class StatusFilter(LatestTermFilter):
    title = "status"
    parameter_name = "status"
    choices_enum = MembershipStatus
    field = "term_status"


class RoleFilter(LatestTermFilter):
    title = "role"
    parameter_name = "role"
    choices_enum = Role
    field = "term_role"


class EndsSoonFilter(admin.SimpleListFilter):
    title = "term end"
    parameter_name = "ends"
    field = "term_ended"

    def lookups(self, request, model_admin):
        return [
            (
                "soon",
                gettext("Ends within %(ends_soon_days)s days") % {"ends_soon_days": ENDS_SOON_DAYS},
            ),
            ("open", "No end date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "soon":
            window = (today, today + datetime.timedelta(days=ENDS_SOON_DAYS))
            return queryset.filter(**{f"{self.field}__range": window})
        if self.value() == "open":
            return queryset.filter(**{f"{self.field}__isnull": True})
        return queryset


class TermEndsSoonFilter(EndsSoonFilter):
    field = "ended"


# Actions' extra fields ------------------------------------------------------------------


class TermActionForm(ActionForm):
    tier = forms.ChoiceField(choices=[("", "tier…"), *Tier.choices], required=False)
    status = forms.ChoiceField(choices=MembershipStatus.choices, required=False)
    role = forms.ChoiceField(choices=Role.choices, required=False)
    title = forms.CharField(required=False, max_length=120, widget=forms.TextInput({"size": 10}))
    # Checked by the action (not here), so that a bad date gets its own message.
    on = forms.CharField(
        required=False,
        label=_("on"),
        help_text=_("YYYY-MM-DD, default today"),
        widget=forms.TextInput({"size": 10, "placeholder": "YYYY-MM-DD"}),
    )


# Import -----------------------------------------------------------------------------------


def decode_upload(raw):
    """Text of a CSV upload: UTF-8 (with or without BOM), else Windows-1251 (Cyrillic)."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1251"), "Windows-1251"
    except UnicodeDecodeError:
        return None, None


class PersonImportForm(ImportForm):
    skip_rejected = forms.BooleanField(
        required=False,
        label=_("Skip rejected rows"),
        help_text=_(
            "Import the valid rows and leave out the rejected ones. Without this, a "
            "file with any rejected row imports nothing."
        ),
    )

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.encoding = None

    def clean(self):
        cleaned = super().clean()
        upload, fmt = cleaned.get("import_file"), cleaned.get("format")
        if not upload or fmt in (None, ""):
            return cleaned
        limit = settings.MEMBERS_IMPORT_MAX_BYTES
        if upload.size > limit:
            self.add_error(
                "import_file",
                gettext(
                    "This file is %(size).1f MB; the limit is %(limit).0f MB. Nothing was "
                    "imported: split the list into smaller files."
                )
                % {"size": upload.size / 1024 / 1024, "limit": limit / 1024 / 1024},
            )
            return cleaned
        input_format = self.formats[int(fmt)]()
        raw = upload.read()
        upload.seek(0)
        data = raw
        if not input_format.is_binary():
            data, self.encoding = decode_upload(raw)
            if data is None or "\x00" in data:
                self.add_error(
                    "import_file",
                    gettext(
                        "This file is not readable text: save it as CSV (UTF-8) and try again."
                    ),
                )
                return cleaned
            if self.encoding != "UTF-8":
                upload = SimpleUploadedFile(upload.name, data.encode("utf-8"), "text/csv")
                cleaned["import_file"] = upload
        try:
            dataset = input_format.create_dataset(data)
        except Exception:  # any parser's complaint: the file is not what it claims to be
            self.add_error(
                "import_file",
                gettext(
                    "This file could not be read as %(format)s: check the format chosen above, "
                    "or save the list again from the spreadsheet."
                )
                % {"format": input_format.get_title()},
            )
            return cleaned
        if not dataset.headers:
            self.add_error("import_file", gettext("The file is empty."))
        elif problems := header_problems(dataset.headers):
            self.add_error("import_file", " ".join(problems))
        return cleaned


class PersonConfirmImportForm(ConfirmImportForm):
    skip_rejected = forms.BooleanField(required=False, widget=forms.HiddenInput)


# People -----------------------------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["tier", "status", "role", "title", "started", "ended", "note"]
    show_change_link = True


@admin.register(Person)
class PersonAdmin(ImportExportMixin, HistoryAdmin):
    # Everyone who may see people gets these; membership staff also get each person's latest
    # term (columns and filters), which editors must not see (a lapsed member's title …).
    list_display = ["name", "affiliation", "country"]
    term_list_display = ["tier", "status", "role", "term_started", "term_ends"]
    # Only the countries people are in (a few dozen), not all ~250 of the field's choices.
    list_filter = [("country", CountryFilter)]
    term_list_filter = [MembershipListFilter, TierFilter, StatusFilter, RoleFilter, EndsSoonFilter]
    list_select_related = []
    search_fields = ["name", "sort_name", "affiliation", "email"]
    inlines = [MembershipInline]
    actions = ["add_term", "end_term"]
    action_form = TermActionForm
    resource_classes = [PersonResource]
    formats = [ExcelCSV, XLSX]
    import_form_class = PersonImportForm
    confirm_form_class = PersonConfirmImportForm
    import_template_name = "admin/members/person/import.html"
    fieldsets = [
        (None, {"fields": ["honorific", "name", "sort_name", "slug", "photo"]}),
        (
            _("Public profile"),
            {
                "fields": [
                    "position",
                    "affiliation",
                    "city",
                    "country",
                    "website",
                    "bio",
                    "expertise",
                ]
            },
        ),
        (_("Private"), {"fields": ["email", "notes"]}),
    ]
    history_fieldset = ("Membership history (who changed what)", {"fields": ["membership_history"]})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Without the annotation an editor's hand-made ?term_title__… is an unknown field,
        # which the changelist answers with its "?e=1" page instead of filtering on it.
        return queryset.with_latest_term() if can_change_memberships(request.user) else queryset

    def get_list_display(self, request):
        if can_change_memberships(request.user):
            return [*self.list_display, *self.term_list_display]
        return self.list_display

    def get_list_filter(self, request):
        if can_change_memberships(request.user):
            return [*self.term_list_filter, *self.list_filter]
        return self.list_filter

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj and can_change_memberships(request.user):
            fieldsets.append(self.history_fieldset)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ["membership_history"] if obj else []

    # Columns ---------------------------------------------------------------------

    @admin.display(description=_("tier"), ordering="term_tier")
    def tier(self, obj):
        return Tier(obj.term_tier).label if obj.term_tier else "—"

    @admin.display(description=_("status"), ordering="term_status")
    def status(self, obj):
        return MembershipStatus(obj.term_status).label if obj.term_status else "—"

    @admin.display(description=_("role"), ordering="term_role")
    def role(self, obj):
        if not obj.term_role:
            return "—"
        label = Role(obj.term_role).label
        return f"{label} ({obj.term_title})" if obj.term_title else label

    @admin.display(description=_("since"), ordering="term_started")
    def term_started(self, obj):
        return obj.term_started or "—"

    @admin.display(description=_("ends"), ordering="term_ended")
    def term_ends(self, obj):
        return obj.term_ended or "—"

    @admin.display(description=_("changes to membership terms"))
    def membership_history(self, obj):
        records = list(
            Membership.history.filter(person_id=obj.pk)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        if not records:
            return "No membership terms yet."
        previous = {}
        rows = []
        for record in records:
            rows.append(
                (
                    timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M"),
                    record.history_user or gettext("system/import"),
                    describe_change(record, previous.get(record.id)),
                )
            )
            previous[record.id] = record
        rows.reverse()
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            '<table class="membership-history"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            gettext("When"),
            gettext("Who"),
            gettext("What"),
            body,
        )

    # Permissions -----------------------------------------------------------------

    def has_membership_permission(self, request):
        return can_change_memberships(request.user)

    def has_import_permission(self, request):
        return can_change_memberships(request.user)

    def has_export_permission(self, request):
        return can_change_memberships(request.user)

    # Actions -----------------------------------------------------------------------

    def _action_values(self, request):
        form = self.action_form(request.POST)
        form.fields["action"].choices = self.get_action_choices(request)
        if not form.is_valid():
            for error in form.errors.values():
                self.message_user(
                    request,
                    gettext("Not changed: %(join)s") % {"join": " ".join(error)},
                    messages.ERROR,
                )
            return None
        values = form.cleaned_data
        on = values.get("on", "").strip()
        try:
            values["on"] = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            self.message_user(
                request,
                gettext("Not changed: “%(on)s” is not a date in the form YYYY-MM-DD.") % {"on": on},
                messages.ERROR,
            )
            return None
        return values

    @admin.action(
        description=_("Add a new term (ends the current one)"), permissions=["membership"]
    )
    def add_term(self, request, queryset):
        values = self._action_values(request)
        if values is None:
            return
        if not values.get("tier"):
            self.message_user(request, _("Choose the tier of the new term."), messages.ERROR)
            return
        on = values["on"]
        people = {person.pk: person for person in queryset}
        changes = Membership.objects.start_term(
            *[
                Membership(
                    person=person,
                    tier=values["tier"],
                    status=values.get("status") or MembershipStatus.ACTIVE,
                    role=values.get("role") or Role.MEMBER,
                    title=values.get("title") or "",
                    started=on,
                )
                for person in people.values()
            ],
            user=request.user,
        )
        tier = Tier(values["tier"]).label
        for terms, level, text in [
            (
                changes.added,
                messages.SUCCESS,
                gettext("Added a %(tier)s term from %(on)s for") % {"tier": tier, "on": on},
            ),
            (
                changes.corrected,
                messages.SUCCESS,
                gettext("Corrected the term from %(on)s for") % {"on": on},
            ),
            (
                changes.unchanged,
                messages.INFO,
                gettext("The term from %(on)s is already so for") % {"on": on},
            ),
        ]:
            if terms:
                names = ", ".join(people[term.person_id].name for term in terms)
                self.message_user(request, f"{text}: {names}.", level)
        for term, reason in changes.refused:
            name = people[term.person_id].name
            self.message_user(
                request,
                gettext("Not changed: %(name)s. %(reason)s") % {"name": name, "reason": reason},
                messages.WARNING,
            )

    @admin.action(description=_("End the current term"), permissions=["membership"])
    def end_term(self, request, queryset):
        values = self._action_values(request)
        if values is None:
            return
        on = values["on"]
        people = list(queryset)
        ended = Membership.objects.filter(person__in=people).end_term(on, user=request.user)
        with_term = {term.person_id for term in ended}
        if ended_names := [p.name for p in people if p.pk in with_term]:
            self.message_user(
                request,
                gettext("Ended on %(on)s: %(join)s.") % {"on": on, "join": ", ".join(ended_names)},
                messages.SUCCESS,
            )
        if untouched := [p.name for p in people if p.pk not in with_term]:
            self.message_user(
                request,
                gettext("No running term on %(on)s: %(join)s.")
                % {"on": on, "join": ", ".join(untouched)},
                messages.WARNING,
            )

    # Import ------------------------------------------------------------------------

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("expertise")

    def get_import_resource_kwargs(self, request, *args, **kwargs):
        form = kwargs.get("form")
        skip = bool(
            form and form.is_bound and form.is_valid() and form.cleaned_data.get("skip_rejected")
        )
        return {
            **super().get_import_resource_kwargs(request, *args, **kwargs),
            "skip_rejected": skip,
        }

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        skip = bool(form and form.cleaned_data.get("skip_rejected"))
        return {
            **super().get_import_data_kwargs(**kwargs),
            "rollback_on_validation_errors": not skip,
        }

    def import_action(self, request, **kwargs):
        """django-import-export's preview; when rows were rejected, also a form that imports
        the others from the file the preview kept (its `import_file_name`, as the confirm step
        uses), so the staff member need not choose the file again to leave them out."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        result, form = context.get("result"), context.get("form")
        if (
            result is not None
            and result.has_validation_errors()
            and not result.has_errors()
            and "confirm_form" not in context
        ):
            skip_form = self.create_confirm_form(request, import_form=form)
            skip_form.initial["skip_rejected"] = True
            context["skip_form"] = skip_form
        return response

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["skip_rejected"] = import_form.cleaned_data.get("skip_rejected", False)
            if import_form.encoding and import_form.encoding != "UTF-8":
                messages.info(
                    request,
                    gettext("The file was read as %(encoding)s text.")
                    % {"encoding": import_form.encoding},
                )
        return initial

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _(
                    "Nothing was imported: some rows were rejected when the import ran (the records "
                    "may have changed since the preview). Upload the file again to see why."
                ),
                messages.ERROR,
            )
            return redirect("admin:members_person_import")
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        """One message that counts each row once: a rejected row is not also "unchanged"."""
        summary = result.summary
        done = (
            gettext("Import finished: %(new)d new, %(update)d updated, %(unchanged)d unchanged.")
            % summary
        )
        self.message_user(request, done, messages.SUCCESS)
        if summary["rejected"]:
            skipped = (
                ngettext(
                    "%(rejected)d rejected row was left out.",
                    "%(rejected)d rejected rows were left out.",
                    summary["rejected"],
                )
                % summary
            )
            self.message_user(request, skipped, messages.WARNING)


def describe_change(record, previous):
    """One line for the membership history table."""
    term = gettext("%(label)s term from %(started)s") % {
        "label": Tier(record.tier).label,
        "started": record.started,
    }
    if record.history_type == "+":
        extra = [str(MembershipStatus(record.status).label), str(Role(record.role).label)]
        if record.title:
            extra.append(record.title)
        if record.ended:
            extra.append(gettext("ends %(date)s") % {"date": record.ended})
        return gettext("Added %(term)s (%(join)s)") % {"term": term, "join": ", ".join(extra)}
    if record.history_type == "-":
        return gettext("Deleted %(term)s") % {"term": term}
    if previous is None:
        return gettext("Changed %(term)s") % {"term": term}
    delta = record.diff_against(previous)
    fields = Membership._meta
    changes = [
        f"{fields.get_field(c.field).verbose_name}: {c.old or '—'} → {c.new or '—'}"
        for c in delta.changes
    ]
    return gettext("Changed %(term)s: ") % {"term": term} + (
        "; ".join(changes) if changes else gettext("no field changed")
    )


# Membership terms ---------------------------------------------------------------------------


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["person", "tier", "status", "role", "title", "started", "ended"]
    list_filter = ["tier", "status", "role", TermEndsSoonFilter]
    list_select_related = ["person"]
    search_fields = ["person__name", "person__email", "person__affiliation"]
    autocomplete_fields = ["person"]
    date_hierarchy = "started"
    actions = ["end_today"]

    @admin.action(description=_("End the selected terms today"), permissions=["change"])
    def end_today(self, request, queryset):
        today = timezone.localdate()
        ended = queryset.end_term(today, user=request.user)
        self.message_user(
            request,
            gettext("Ended %(value)s term(s) on %(today)s.")
            % {"value": len(ended), "today": today},
            messages.SUCCESS,
        )


# --- People credited on content (members.credits) -----------------------------------------


class CreditInline(SortableInlineAdminMixin, admin.TabularInline):
    """The inline of every `Credit` model: people picked with autocomplete, in the order
    editors drag them into (django-admin-sortable2 keeps `order`; without JavaScript the rows
    keep the order they were added in). A kind with roles adds "role" to `fields`."""

    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    ordering = ["order", "id"]


class CreditsAdminMixin(SortableAdminBase):
    """For the ModelAdmin of a model with credits: the people of every row of the list in one
    query (`credit_names` for a column of names), and credits ordered by dragging."""

    def get_queryset(self, request):
        credit_model = self.model._meta.get_field("credits").related_model
        credits = models.Prefetch("credits", queryset=credit_model.objects.select_related("person"))
        return super().get_queryset(request).prefetch_related(credits)

    def credit_names(self, obj):
        return ", ".join(credit.label for credit in obj.credits.all())
