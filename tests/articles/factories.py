"""Factories and test data for this app's tests."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, Byline, Category, Topic
from core.publishing import Status


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = "Commentary"
    name_ru = "Комментарии"
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-").replace("&", "and"))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, live since yesterday. Pass authors=[...] and topics=[...]."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    category = factory.SubFactory(CategoryFactory)
    summary = "A short summary of the argument."
    body = "<p>The body of the article.</p>"
    status = Status.PUBLISHED
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=1, minutes=n)
    )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for order, person in enumerate(extracted or []):
            Byline.objects.create(article=self, person=person, order=order)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
