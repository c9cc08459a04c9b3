"""Factories and test data for this app's tests."""

import datetime
import zoneinfo

import factory
from django.utils import timezone

from events.models import (
    Event,
    EventStatus,
    Format,
    Lecture,
    LectureTopic,
    Participant,
    Role,
    Series,
)
from tests.members.factories import PersonFactory


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ["slug"]

    name = "New Voices on Eurasia"
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class EventFactory(factory.django.DjangoModelFactory):
    """A published online event a week from now, one hour long, in Washington time.

    Pass speakers=[...] and moderators=[...] (people, in order)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event number {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary = "A talk and a discussion."
    start = factory.Sequence(
        lambda n: (timezone.now() + datetime.timedelta(days=7, hours=n)).replace(
            second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=1))
    time_zone = "America/New_York"
    format = Format.ONLINE
    status = EventStatus.PUBLISHED

    class Params:
        past = factory.Trait(
            start=factory.Sequence(
                lambda n: (timezone.now() - datetime.timedelta(days=30, hours=n)).replace(
                    second=0, microsecond=0
                )
            )
        )

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        for order, person in enumerate(extracted or []):
            Participant.objects.create(event=self, person=person, role=Role.SPEAKER, order=order)

    @factory.post_generation
    def moderators(self, create, extracted, **kwargs):
        for order, person in enumerate(extracted or [], start=100):
            Participant.objects.create(event=self, person=person, role=Role.MODERATOR, order=order)


def local(year, month, day, hour, minute=0, zone="America/New_York"):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


class LectureTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LectureTopic
        django_get_or_create = ["slug"]

    name = "Conflict and Security"
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class LectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lecture

    title = factory.Sequence(lambda n: f"Lecture number {n}")
    slug = factory.Sequence(lambda n: f"lecture-{n}")
    lecturer = factory.SubFactory(PersonFactory)
    topic = factory.SubFactory(LectureTopicFactory)
    summary = "A recorded lecture."
    recording_url = "https://www.youtube.com/watch?v=abcdefghijk"
    recorded_on = datetime.date(2023, 1, 27)
