"""Factories for the resources app (Bookstore, Course Syllabi, Knowledge Hub)."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo_images import picture
from core.publishing import Status
from resources.demo import minimal_pdf
from resources.models import (
    Book,
    BookAuthor,
    HubEntry,
    Kind,
    Level,
    Syllabus,
    SyllabusInstructor,
    Topic,
)


class ResourceTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Resource topic {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


def _published_at(n):
    return timezone.now() - datetime.timedelta(days=1, minutes=n)


class BookFactory(factory.django.DjangoModelFactory):
    """A published book. Pass authors=[...] and topics=[...]; cover=True draws a cover."""

    class Meta:
        model = Book
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Book number {n}")
    slug = factory.Sequence(lambda n: f"book-{n}")
    publisher = "Polity"
    year = 2020
    description = "A short description of the book."
    link = "https://example.org/buy"
    status = Status.PUBLISHED
    published_at = factory.Sequence(_published_at)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for order, person in enumerate(extracted or []):
            BookAuthor.objects.create(book=self, person=person, order=order)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def cover(self, create, extracted, **kwargs):
        if extracted:
            self.cover_alt = f"Cover of {self.title}"
            self.cover.save(f"{self.slug}.jpg", picture(self.title, 300, 450), save=True)


class SyllabusFactory(factory.django.DjangoModelFactory):
    """A published syllabus with a small valid PDF. Pass instructors=[...] and topics=[...]."""

    class Meta:
        model = Syllabus
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Syllabus number {n}")
    slug = factory.Sequence(lambda n: f"syllabus-{n}")
    institution = "George Washington University"
    term = "Fall 2022"
    level = Level.UNDERGRADUATE
    summary = "What the course covers."
    pdf = factory.LazyAttribute(lambda o: ContentFile(minimal_pdf(o.title), name=f"{o.slug}.pdf"))
    status = Status.PUBLISHED
    published_at = factory.Sequence(_published_at)

    @factory.post_generation
    def instructors(self, create, extracted, **kwargs):
        for order, person in enumerate(extracted or []):
            SyllabusInstructor.objects.create(syllabus=self, person=person, order=order)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)


class HubEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubEntry

    title = factory.Sequence(lambda n: f"Resource number {n}")
    url = factory.Sequence(lambda n: f"https://example.org/data/{n}")
    annotation = "Why this resource is useful."
    kind = Kind.DATASET
    topic = factory.SubFactory(ResourceTopicFactory)
    status = Status.PUBLISHED
    published_at = factory.Sequence(_published_at)
