"""Spreadsheet import and export of people with their latest membership term (django-import-export).

One row is one person and the term they hold now (the membership committee's yearly list):

    id, name, sort_name, honorific, email, affiliation, position, city, country, website,
    expertise, tier, status, role, title, started, ended

People are matched by `id` when the column has a value, otherwise by `email` (case does not
matter), so importing the same file twice changes nothing. A row whose term differs from the
person's latest term is given to `Membership.objects.start_term()`, the one rule for terms: it
adds a new term (closing the running ones the day before) unless it starts on the same day,
in which case that term is corrected; history records either change.
"""

import copy
import datetime
import re
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_noop
from django_countries import countries
from import_export import fields, resources, widgets
from import_export.results import RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.slugs import make_slug
from core.spreadsheets import escape_formula, formula_problem, unescape_formula

from .models import (
    RESERVED_SLUGS,
    TERM_FIELDS,
    Expertise,
    Membership,
    MembershipStatus,
    Person,
    Role,
    TaggedExpertise,
    Tier,
)

PROFILE_COLUMNS = [
    "name",
    "sort_name",
    "honorific",
    "email",
    "affiliation",
    "position",
    "city",
    "country",
    "website",
]
PERSON_FIELDS = [*PROFILE_COLUMNS, "updated"]  # what the import writes to people
COLUMNS = ["id", *PROFILE_COLUMNS, "expertise", *TERM_FIELDS]
REQUIRED_COLUMNS = ["name", "tier"]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_header(header):
    return str(header or "").strip().lower().replace(" ", "_")


def header_problems(headers):
    """What is wrong with a file's first row, in words for staff (empty list: nothing)."""
    names = [normalise_header(h) for h in headers]
    problems = []
    if unknown := [h for h, n in zip(headers, names, strict=True) if n not in COLUMNS]:
        names_list = ", ".join(f"“{h}”" for h in unknown)
        problems.append(gettext("Unknown columns: %(columns)s.") % {"columns": names_list})
    if missing := [c for c in REQUIRED_COLUMNS if c not in names]:
        problems.append(gettext("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if "id" not in names and "email" not in names:
        problems.append(gettext("An “email” column (or an “id” column) is needed to match people."))
    if duplicated := sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            gettext("Columns named twice: %(columns)s.") % {"columns": ", ".join(duplicated)}
        )
    if problems:
        problems.append(
            gettext("The first row must name the columns; allowed: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)}
        )
    return problems


class ChoiceWidget(widgets.Widget):
    """A TextChoices value, given as its value or its label, in any case."""

    def __init__(self, choices, what, default=None):
        self.choices = choices
        self.what = what
        self.default = default
        super().__init__()

    @cached_property
    def lookup(self):
        """Values by value or label, in the file's language (English) and the site's others."""
        lookup = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for value, label in self.choices.choices:
                    for key in (value, str(label), value.replace("_", " ")):
                        lookup.setdefault(key.lower(), value)
        return lookup

    @property
    def labels(self):
        """The labels a file uses: English, as the import's help says."""
        with translation.override(settings.LANGUAGE_CODE):
            return [str(label) for _, label in self.choices.choices]

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return self.default
        try:
            return self.lookup[text.lower()]
        except KeyError:
            raise ValueError(
                gettext("Unknown %(what)s “%(text)s”: use %(choices)s.")
                % {"what": gettext(self.what), "text": text, "choices": ", ".join(self.labels)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class IsoDateWidget(widgets.Widget):
    """Dates as YYYY-MM-DD (spreadsheet date cells are accepted as they are)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        if not text:
            return None
        if ISO_DATE.match(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise ValueError(
                    gettext("“%(text)s” is not a real date.") % {"text": text}
                ) from None
        raise ValueError(
            gettext("“%(text)s” is not a date in the form YYYY-MM-DD (e.g. 2024-09-01).")
            % {"text": text}
        )

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CountryWidget(widgets.Widget):
    """An ISO 3166 code (UA) or an English country name (Ukraine)."""

    def __init__(self):
        self.by_name = {name.lower(): code for code, name in countries}
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        if text.upper() in countries:
            return text.upper()
        if code := self.by_name.get(text.lower()):
            return code
        raise ValueError(
            gettext("Unknown country “%(text)s”: use a two-letter ISO code such as UA or US.")
            % {"text": text}
        )

    def render(self, value, obj=None, **kwargs):
        return str(value or "")


def cell_text(value):
    """An imported cell as text, trimmed. A cell a spreadsheet would run as a formula is refused
    (ValueError, shown in the row); one our export escaped is taken back as it was stored."""
    text = "" if value is None else str(value).strip()
    if (unescaped := unescape_formula(text)) != text:
        return unescaped
    if problem := formula_problem(text):
        raise ValueError(problem)
    return text


class ExpertiseWidget(widgets.Widget):
    """Areas of expertise separated by semicolons or commas."""

    def clean(self, value, row=None, **kwargs):
        parts = [part.strip() for part in re.split(r"[;,]", cell_text(value))]
        return tuple(sorted(set(filter(None, parts)), key=str.lower))

    def render(self, value, obj=None, **kwargs):
        return "; ".join(value or ())


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


def text_field(name):
    return fields.Field(attribute=name, column_name=name, widget=TextWidget())


class PersonResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name="id", readonly=True)
    name = text_field("name")
    sort_name = text_field("sort_name")
    honorific = text_field("honorific")
    email = text_field("email")
    affiliation = text_field("affiliation")
    position = text_field("position")
    city = text_field("city")
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    website = text_field("website")
    expertise = fields.Field(
        attribute="expertise_names", column_name="expertise", widget=ExpertiseWidget()
    )
    tier = fields.Field(
        attribute="term_tier", column_name="tier", widget=ChoiceWidget(Tier, gettext_noop("tier"))
    )
    status = fields.Field(
        attribute="term_status",
        column_name="status",
        widget=ChoiceWidget(MembershipStatus, gettext_noop("status"), MembershipStatus.ACTIVE),
    )
    role = fields.Field(
        attribute="term_role",
        column_name="role",
        widget=ChoiceWidget(Role, gettext_noop("role"), Role.MEMBER),
    )
    title = fields.Field(attribute="term_title", column_name="title", widget=TextWidget())
    started = fields.Field(attribute="term_started", column_name="started", widget=IsoDateWidget())
    ended = fields.Field(attribute="term_ended", column_name="ended", widget=IsoDateWidget())

    class Meta:
        model = Person
        fields = COLUMNS
        import_id_fields = ["id"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
        # People are written in batches (with their history); terms and expertise in
        # after_import. 5,000 rows import in seconds instead of minutes.
        use_bulk = True
        batch_size = 1000
        # The preview lists each row's changes itself (see import_instance), which costs far
        # less than the library's copy-and-HTML-diff of every row.
        skip_diff = True

    def __init__(self, skip_rejected=False, **kwargs):
        super().__init__(**kwargs)
        self.skip_rejected = skip_rejected
        self.rejected_rows = []

    # Export ---------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        """Every exported cell, CSV or XLSX: text that starts like a formula stays text."""
        return escape_formula(super().export_field(field, instance, **kwargs))

    def dehydrate_expertise(self, person):
        names = getattr(person, "expertise_names", None)
        if names is None:
            names = sorted((t.name for t in person.expertise.all()), key=str.lower)
        return "; ".join(names)

    # Import: loading and matching -------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._user = kwargs.get("user")
        self._pending_expertise = []
        self._pending_terms = []
        dataset.headers = [normalise_header(h) for h in dataset.headers]
        people = Person.objects.with_latest_term()
        self._by_id = {p.pk: p for p in people}
        self._by_email = defaultdict(list)
        for person in self._by_id.values():
            person.expertise_names = ()
            if person.email:
                self._by_email[person.email.lower()].append(person)
        names = defaultdict(list)
        for person_id, name in TaggedExpertise.objects.values_list(
            "content_object_id", "tag__name"
        ):
            names[person_id].append(name)
        for person_id, tags in names.items():
            if person_id in self._by_id:
                self._by_id[person_id].expertise_names = tuple(sorted(tags, key=str.lower))
        self._slugs = set(Person.objects.values_list(Lower("slug"), flat=True)) | RESERVED_SLUGS
        self._expertise = {
            name.lower() for name in Expertise.objects.values_list("name", flat=True)
        }
        self._rows_by_email = defaultdict(list)
        self._rows_by_id = defaultdict(list)
        for number, row in enumerate(dataset.dict, 1):
            if email := str(row.get("email") or "").strip().lower():
                self._rows_by_email[email].append(number)
            if person_id := str(row.get("id") or "").strip():
                self._rows_by_id[person_id].append(number)

    def get_instance(self, instance_loader, row):
        person_id = str(row.get("id") or "").strip()
        email = str(row.get("email") or "").strip().lower()
        if person_id:
            if len(rows := self._rows_by_id[person_id]) > 1:
                raise ValidationError(
                    {
                        "id": gettext("id %(id)s is on rows %(rows)s.")
                        % {"id": person_id, "rows": _rows(rows)}
                    }
                )
            try:
                return copy.copy(self._by_id[int(person_id)])
            except (KeyError, ValueError):
                raise ValidationError(
                    {
                        "id": gettext(
                            "No person has id “%(id)s”; leave id empty to add someone new."
                        )
                        % {"id": person_id}
                    }
                ) from None
        if not email:
            raise ValidationError(
                {
                    "email": gettext(
                        "Each row needs an email (or the id of someone already on file)."
                    )
                }
            )
        if len(rows := self._rows_by_email[email]) > 1:
            raise ValidationError(
                {
                    "email": gettext("%(email)s is on rows %(rows)s; list each person once.")
                    % {"email": email, "rows": _rows(rows)}
                }
            )
        matches = self._by_email.get(email, [])
        if len(matches) > 1:
            ids = ", ".join(str(p.pk) for p in matches)
            raise ValidationError(
                {
                    "email": gettext(
                        "%(email)s belongs to several people (ids %(ids)s); give the id column."
                    )
                    % {"email": email, "ids": ids}
                }
            )
        if matches and (rows := self._rows_by_id.get(str(matches[0].pk))):
            raise ValidationError(
                {
                    "email": gettext(
                        "%(email)s is %(name)s (id %(id)s), who is also on row %(rows)s; "
                        "list each person once."
                    )
                    % {
                        "email": email,
                        "name": matches[0].name,
                        "id": matches[0].pk,
                        "rows": _rows(rows),
                    }
                }
            )
        return copy.copy(matches[0]) if matches else None

    def init_instance(self, row=None):
        person = Person()
        person.expertise_names = ()
        for name in TERM_FIELDS:
            setattr(person, f"term_{name}", None)
        person.term_id = None
        return person

    # Import: validation ---------------------------------------------------------------

    def get_import_fields(self):
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped: nothing is written, the preview says “unchanged”."""
        return bool(instance.pk) and not import_validation_errors and not self._changes

    def import_instance(self, instance, row, **kwargs):
        self._changes = []
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = {_column(key): value for key, value in exc.message_dict.items()}
        if not instance.name:
            errors.setdefault("name", ["A name is needed."])
        else:
            instance.sort_name = instance.sort_name or instance.default_sort_name()
            if not instance.pk:
                instance.slug = self._new_slug(instance.name)
        email = (instance.email or "").lower()
        if (
            email
            and instance.pk
            and any(p.pk != instance.pk for p in self._by_email.get(email, []))
        ):
            errors.setdefault("email", [f"{email} already belongs to someone else."])
        loaded = self._by_id.get(instance.pk) if instance.pk else None
        self._check_expertise(instance, errors)
        if instance.term_tier:
            self._check_term(instance, errors)
        elif loaded:  # No tier on the row: the membership stays as it is.
            for name in TERM_FIELDS:
                setattr(instance, f"term_{name}", getattr(loaded, f"term_{name}"))
        if errors:
            raise ValidationError(errors)
        if loaded:
            for field in self.get_import_fields():
                old, new = field.export(loaded), field.export(instance)
                if old != new:
                    self._changes.append(f"{field.column_name}: {old or '—'} → {new or '—'}")

    def _check_term(self, person, errors):
        loaded = self._by_id.get(person.pk)
        person.term_status = person.term_status or MembershipStatus.ACTIVE
        person.term_role = person.term_role or Role.MEMBER
        person.term_title = person.term_title or ""
        if person.term_started is None:
            same_tier = loaded and loaded.term_tier == person.term_tier
            person.term_started = loaded.term_started if same_tier else timezone.localdate()
        if person.term_ended and person.term_ended < person.term_started:
            errors.setdefault("ended", ["The term cannot end before it starts."])
        if problem := Membership.start_problem(loaded and loaded.term_started, person.term_started):
            errors.setdefault("started", [problem])
        # The term the write will store, checked as the model checks it (lengths, choices,
        # clean()). Its CheckConstraints restate the choices and end >= start, both checked
        # here in Python, so they need no query per row.
        term = Membership(**{name: getattr(person, f"term_{name}") for name in TERM_FIELDS})
        try:
            term.full_clean(
                exclude=["person", *errors], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            exc.update_error_dict(errors)

    def _check_expertise(self, person, errors):
        """Areas of expertise that the write would create, checked as Expertise checks them."""
        for name in person.expertise_names:
            if name.lower() in self._expertise or "expertise" in errors:
                continue
            try:
                Expertise(name=name).full_clean(exclude=["slug"], validate_unique=False)
            except ValidationError as exc:
                reasons = " ".join(exc.message_dict.get("name", exc.messages))
                shown = name if len(name) <= 40 else name[:40] + "…"
                errors["expertise"] = [f"“{shown}”: {reasons}"]

    def _new_slug(self, name):
        base = make_slug(name, 190, Person.SLUG_FALLBACK)
        slug, n = base, 2
        while slug in self._slugs:
            slug, n = f"{base}-{n}", n + 1
        self._slugs.add(slug)
        return slug

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, less what is already settled: the slug is unique by
        construction (see _new_slug) and the country was checked by CountryWidget (checking
        it against 250 choices again per row cost more than the rest of the row)."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, "country", "slug"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # Import: saving ---------------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        self._changes = []
        result = super().import_row(row, instance_loader, **kwargs)
        result.changes = self._changes
        result.label = f"{row.get('name') or ''} <{row.get('email') or ''}>"
        if result.import_type == RowResult.IMPORT_TYPE_INVALID:
            self.rejected_rows.append((kwargs.get("row_number"), result.validation_error, row))
            if self.skip_rejected:
                result.validation_error = None
                result.import_type = RowResult.IMPORT_TYPE_SKIP
                result.rejected = True
        return result

    # The preview (dry run) writes nothing: every row is checked in Python above, and the
    # confirmed import runs in one transaction that is rolled back if anything still fails.

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.create_instances.clear()
        if self.create_instances:
            try:
                bulk_create_with_history(
                    self.create_instances, Person, batch_size=500, default_user=self._history_user()
                )
            except Exception as exc:  # reported on the preview, and everything is rolled back
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
        if self.update_instances:
            now = timezone.now()
            for person in self.update_instances:
                person.updated = now
            try:
                bulk_update_with_history(
                    self.update_instances,
                    Person,
                    PERSON_FIELDS,
                    batch_size=500,
                    default_user=self._history_user(),
                )
            except Exception as exc:
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.update_instances.clear()

    def _history_user(self):
        return self._user if getattr(self._user, "pk", None) else None

    def after_save_instance(self, instance, row, **kwargs):
        """Queue expertise and term changes; after_import writes them in bulk."""
        loaded = self._by_id.get(instance.pk) if instance.pk else None
        old_names = loaded.expertise_names if loaded else ()
        if "expertise" in row and tuple(instance.expertise_names) != tuple(old_names):
            self._pending_expertise.append(instance)
        if instance.term_tier:
            self._pending_terms.append(instance)

    def _save_expertise(self):
        if not self._pending_expertise:
            return
        changed = {person.pk: person.expertise_names for person in self._pending_expertise}
        names = {name for names in changed.values() for name in names}
        tags = {tag.name.lower(): tag for tag in Expertise.objects.all()}
        for name in sorted(names):
            if name.lower() not in tags:
                tags[name.lower()] = Expertise.objects.create(name=name)
        TaggedExpertise.objects.filter(content_object_id__in=list(changed)).delete()
        TaggedExpertise.objects.bulk_create(
            [
                TaggedExpertise(content_object_id=person_id, tag=tags[name.lower()])
                for person_id, names in changed.items()
                for name in {n.lower(): n for n in names}.values()
            ],
            batch_size=1000,
        )

    def _save_terms(self):
        """Add, correct or close terms for the queued rows: Membership.objects.start_term()."""
        Membership.objects.start_term(
            *[
                Membership(
                    person_id=person.pk,
                    **{name: getattr(person, f"term_{name}") for name in TERM_FIELDS},
                )
                for person in self._pending_terms
            ],
            user=self._history_user(),
        )

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run") and not result.has_errors():
            self._save_expertise()
            self._save_terms()
        result.rejected_rows = [
            {"number": number, "errors": _messages(error), "values": list(row.values())}
            for number, error, row in self.rejected_rows
        ]
        totals = result.totals
        rejected = len(self.rejected_rows)  # each once, skipped (skip_rejected) or invalid
        result.summary = {
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "update": totals[RowResult.IMPORT_TYPE_UPDATE],
            "unchanged": totals[RowResult.IMPORT_TYPE_SKIP]
            - (rejected if self.skip_rejected else 0),
            "rejected": rejected,
        }


def _column(attribute):
    return {"term_" + n: n for n in TERM_FIELDS}.get(attribute, attribute).replace(
        "expertise_names", "expertise"
    )


def _rows(numbers):
    if len(numbers) == 1:
        return str(numbers[0])
    return ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def _messages(error):
    if hasattr(error, "message_dict"):
        return [f"{field}: {'; '.join(msgs)}" for field, msgs in error.message_dict.items()]
    return list(error.messages)
