from django import forms
from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core import pagecache
from core.filters import Select
from core.metadata import Metadata
from core.pagination import paginate
from core.sections import person_sections

from .models import Expertise, Membership, Person, Role, Tier


class CountryFilter(forms.Form):
    country = forms.ChoiceField(required=False, label=_("Country"), widget=Select)

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(countries)
        choices = sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1])
        self.fields["country"].choices = [("", _("All countries")), *choices]


def _directory_page(request, people, template, context):
    """Filter current members by ?country=, paginate and render them annotated with their term.
    `people()` makes the QuerySet: only when the list is rendered ({% kept %}) or its countries
    are found, once per change of content. Its countries and its count are found without the
    term's five subqueries (with_current_term() is for the page's rows and a tier's filter).

    A country that is not in the menu is a 400 with a message, never a 500.
    """

    def countries_of_members():
        codes = people().exclude(country="").order_by().values_list("country", flat=True)
        return list(codes.distinct())

    # The countries of this list's members, found once per change to people or memberships
    # (core.pagecache.remember's `records`: a publication leaves them kept).
    codes = pagecache.remember(f"countries:{request.path}", countries_of_members, records=True)
    form = CountryFilter(request.GET, codes=codes)
    valid = form.is_valid()
    code = form.cleaned_data["country"] if valid else ""
    if code:
        context["country_name"] = dict(form.fields["country"].choices)[code]

    def listed():
        found = people().filter(country=code) if code else people()
        return (found if valid else found.none()).with_current_term().directory_order()

    page = paginate(request, listed, settings.MEMBERS_PER_PAGE, records=True)
    context.update({"page": page, "form": form, "tiers": Tier})
    title = context["title"]
    if "country_name" in context:
        title = gettext("%(members)s in %(country)s") % {
            "members": title,
            "country": context["country_name"],
        }
    context["metadata"] = Metadata(
        title=title,
        description=gettext(
            "%(members)s of %(site)s, an international network of scholars of Russia and Eurasia."
        )
        % {"members": title, "site": settings.SITE_NAME},
    )
    return render(request, template, context, status=200 if valid else 400)


def directory(request, tier=None):
    title = _("Members")
    if tier:
        title = gettext("%(label)s Members") % {"label": Tier(tier).label}

    def people():
        members = Person.objects.current_members()
        return members.with_current_term().filter(member_tier=tier) if tier else members

    context = {"title": title, "tier": tier, "grouped": tier is None, "nav_current": tier or "all"}
    return _directory_page(request, people, "members/directory.html", context)


def expertise(request, slug):
    area = pagecache.get_kept_or_404(Expertise, slug=slug)
    context = {
        "title": gettext("%(name)s Experts") % {"name": area.label},
        "area": area,
        "grouped": True,
        "nav_current": area.slug,
    }
    return _directory_page(
        request,
        lambda: Person.objects.current_members().filter(tagged_expertise__tag=area),
        "members/directory.html",
        context,
    )


def executive_committee(request):
    people = list(
        Person.objects.current_members()
        .with_current_term()
        .filter(member_role=Role.EXECUTIVE_COMMITTEE)
        .order_by("sort_name")
    )
    # Officers with a title (Director, Editor, …) first, then the other members of the committee.
    people.sort(key=lambda p: not p.member_title)
    metadata = Metadata(
        title=_("Executive Committee"),
        description=gettext("The Executive Committee of %(site)s and each member's role.")
        % {"site": settings.SITE_NAME},
    )
    context = {"people": people, "tiers": Tier, "metadata": metadata}
    return render(request, "members/executive_committee.html", context)


def person_detail(request, slug):
    people = Person.objects.prefetch_related(
        Prefetch(
            "memberships", queryset=Membership.objects.current(), to_attr="current_memberships"
        ),
        "expertise",
    )
    # With their term and expertise, kept per change of content (people, memberships and
    # expertise changes start a new generation: core.pagecache.READER_APPS).
    person = pagecache.get_kept_or_404(people, slug=slug)
    # The sections (their lists are most of the page's work) are made only when the page's
    # content is rendered ({% kept %}); their feeds, for the <head>, are kept the same way.
    sections = SimpleLazyObject(lambda: person_sections(person))
    metadata = person.get_metadata(request)
    metadata.feeds += pagecache.remember(
        f"person-feeds:{person.pk}:{get_language()}",
        lambda: [feed for section in sections for feed in section.feeds],
    )
    context = {
        "person": person,
        "membership": person.current_memberships[0] if person.current_memberships else None,
        "kept_context": lambda: {"sections": sections},
        "metadata": metadata,
    }
    return render(request, "members/person_detail.html", context)
