import datetime

import factory
from django.utils import timezone

from articles.models import Article, Byline, Category, Topic
from core.publishing import Status
from members.models import Membership, Person, Tier, User


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
