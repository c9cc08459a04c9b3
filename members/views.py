from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from core.sections import person_sections

from .models import Membership, Person


def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.current(), to_attr="current_memberships")
        ),
        slug=slug,
    )
    sections = person_sections(person)
    metadata = person.get_metadata(request)
    metadata.feeds += [feed for section in sections for feed in section.feeds]
    context = {
        "person": person,
        "membership": person.current_memberships[0] if person.current_memberships else None,
        "sections": sections,
        "metadata": metadata,
    }
    return render(request, "members/person_detail.html", context)
