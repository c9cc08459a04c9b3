"""Factories for the member directory and membership records."""

import datetime

import factory
from django.utils import timezone

from members.models import Expertise, Membership, MembershipStatus, Person, Role, Tier, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Author Number{n}")
    sort_name = factory.LazyAttribute(lambda o: ", ".join(reversed(o.name.rsplit(" ", 1))))
    slug = factory.Sequence(lambda n: f"author-{n}")
    affiliation = "George Washington University"
    email = factory.Sequence(lambda n: f"private-author-{n}@example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    tier = Tier.CORE
    started = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


class ExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expertise
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


def make_member(
    tier=Tier.CORE, status=MembershipStatus.ACTIVE, role=Role.MEMBER, title="", **person
):
    """A person with one current term (started a year ago, open-ended)."""
    expertise = person.pop("expertise", [])
    someone = PersonFactory(**person)
    MembershipFactory(person=someone, tier=tier, status=status, role=role, title=title)
    if expertise:
        someone.expertise.add(*expertise)
    return someone


def make_former_member(tier=Tier.CORE, **person):
    """A person whose only term ended last year."""
    someone = PersonFactory(**person)
    today = timezone.localdate()
    MembershipFactory(
        person=someone,
        tier=tier,
        started=today - datetime.timedelta(days=3 * 365),
        ended=today - datetime.timedelta(days=365),
    )
    return someone


def make_members(count, expertise="Ukraine", **term):
    """`count` current members in bulk (tiers in turn, every fifth on the Executive Committee)."""
    from members.models import Membership, Person, TaggedExpertise

    people = Person.objects.bulk_create(
        Person(
            name=f"Member Number{i}",
            sort_name=f"Number{i:05d}, Member",
            slug=f"bulk-member-{i}",
            country="UA",
            email=f"bulk-{i}@example.org",
        )
        for i in range(count)
    )
    people = list(Person.objects.filter(slug__startswith="bulk-member-").order_by("id"))
    started = timezone.localdate() - datetime.timedelta(days=30)
    Membership.objects.bulk_create(
        Membership(
            person=p,
            tier=Tier.values[i % 3],
            role=Role.EXECUTIVE_COMMITTEE if i % 5 == 0 else Role.MEMBER,
            started=started,
            **term,
        )
        for i, p in enumerate(people)
    )
    area = ExpertiseFactory(name=expertise)
    TaggedExpertise.objects.bulk_create(TaggedExpertise(content_object=p, tag=area) for p in people)
    return people
