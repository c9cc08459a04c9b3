"""Factories and test data for this app's tests."""

import factory
from django.utils import timezone

from newsletter.models import Status, Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    status = Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
