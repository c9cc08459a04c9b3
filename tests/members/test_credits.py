"""One credit abstraction (members.credits): bylines, guests, speakers and moderators, book
authors and syllabus instructors are one kind of ordered "person credited on X", with one
admin inline, one tag for a list of people and one way for a person's page to find them."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import IntegrityError, models, transaction
from django.template import Context, Template

from members.admin import CreditInline
from members.credits import Credit
from tests.articles.factories import ArticleFactory
from tests.events.factories import EventFactory, LectureFactory
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory
from tests.resources.factories import BookFactory, SyllabusFactory

pytestmark = pytest.mark.django_db

CREDIT_MODELS = {
    "articles.Byline": "article",
    "podcasts.EpisodeGuest": "episode",
    "events.Participant": "event",
    "resources.BookAuthor": "book",
    "resources.SyllabusInstructor": "syllabus",
}


def test_every_credit_model_is_one_credit():
    found = {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, Credit) and not model._meta.abstract
    }
    assert found == set(CREDIT_MODELS)


@pytest.mark.parametrize("label", CREDIT_MODELS)
def test_one_convention_for_related_names_ordering_and_protection(label):
    model = apps.get_model(label)
    item = model._meta.get_field(CREDIT_MODELS[label])
    person = model._meta.get_field("person")
    assert item.remote_field.related_name == "credits"
    assert person.remote_field.on_delete is models.PROTECT
    assert person.remote_field.get_accessor_name() == f"{model._meta.model_name}_credits"
    assert model._meta.ordering == ["order", "id"]
    assert model.item_field() == item


@pytest.mark.parametrize("label", CREDIT_MODELS)
def test_every_credit_inline_is_the_one_inline_with_autocomplete(label):
    model = apps.get_model(label)
    item_model = model._meta.get_field(CREDIT_MODELS[label]).related_model
    inlines = [i for i in admin.site._registry[item_model].inlines if i.model is model]
    assert len(inlines) == 1 and issubclass(inlines[0], CreditInline)
    assert inlines[0].autocomplete_fields == ["person"]
    assert "order" in inlines[0].fields and inlines[0].ordering == ["order", "id"]


def test_a_credited_person_cannot_be_deleted():
    person = PersonFactory()
    BookFactory(authors=[person])
    with pytest.raises(models.ProtectedError), transaction.atomic():
        person.delete()


def test_a_person_is_credited_once_per_item_and_role():
    person = PersonFactory()
    book = BookFactory(authors=[person])
    with pytest.raises(IntegrityError), transaction.atomic():
        book.credits.create(person=person, order=1)


def test_credits_keep_the_order_editors_set_on_every_kind():
    first, second, third = (PersonFactory(name=n) for n in ("Zara Last", "Anna First", "Mia Mid"))
    people = [first, second, third]
    items = [
        ArticleFactory(authors=people),
        EpisodeFactory(guests=people),
        EventFactory(speakers=people),
        BookFactory(authors=people),
        SyllabusFactory(instructors=people),
    ]
    for item in items:
        fetched = type(item).objects.with_credits().get(pk=item.pk)
        assert fetched.credited_people == people, type(item).__name__


def test_one_tag_lists_people():
    """Every list of names is {% names %} (members.templatetags.people): no template spells
    one out, and the tag makes each form of the list."""
    templates = Path(settings.BASE_DIR / "templates")
    assert not list(templates.rglob("people.html"))
    assert not [p for p in templates.rglob("*.html") if "includes/people.html" in p.read_text()]
    ada, bo, cy = (
        PersonFactory.build(name=n, slug=s, position=h, affiliation="")
        for n, s, h in [("Ada <A>", "ada", "Fellow"), ("Bo", "bo", ""), ("Cy", "cy", "")]
    )
    one = Template("{% load people %}{% names people %}|{% names people plain=True %}")
    assert (
        one.render(Context({"people": [ada]}))
        == '<a href="/members/ada/">Ada &lt;A&gt;</a>|Ada &lt;A&gt;'
    )
    three = Template("{% load people %}{% names people plain=True %}")
    assert three.render(Context({"people": [ada, bo, cy]})) == "Ada &lt;A&gt;, Bo and Cy"
    nobody = Template("{% load people %}{% names people nobody=site %}")
    assert nobody.render(Context({"people": [], "site": "PONARS & Co"})) == "PONARS &amp; Co"
    listed = Template('{% load people %}{% names people as_list=True detail="headline" %}')
    assert listed.render(Context({"people": [ada, bo]})) == (
        '<ul><li><a href="/members/ada/">Ada &lt;A&gt;</a>, Fellow</li>'
        '<li><a href="/members/bo/">Bo</a></li></ul>'
    )


def test_a_persons_page_gathers_every_kind_of_credit(client, django_assert_max_num_queries):
    person = PersonFactory(name="Maria Lipman", slug="maria-lipman")
    ArticleFactory(title="An article she wrote", authors=[person])
    EpisodeFactory(title="An episode she hosted", host=person)
    EpisodeFactory(title="An episode she was a guest on", guests=[person])
    EventFactory(title="A talk she gave", speakers=[person])
    EventFactory(title="A panel she moderated", moderators=[person])
    LectureFactory(title="A lecture she recorded", lecturer=person)
    BookFactory(title="A book she wrote", authors=[person])
    SyllabusFactory(title="A course she taught", instructors=[person])
    ArticleFactory(title="Somebody else's article", authors=[PersonFactory()])
    # person, terms, expertise; articles, episodes, books and syllabi with their credits (2
    # each); the person's event roles and lectures (1 each): as on main.
    with django_assert_max_num_queries(13):
        html = client.get(person.get_absolute_url()).content.decode()
    for title in [
        "An article she wrote",
        "An episode she hosted",
        "An episode she was a guest on",
        "A talk she gave",
        "A panel she moderated",
        "A lecture she recorded",
        "A book she wrote",
        "A course she taught",
    ]:
        assert title in html, title
    assert "Somebody else" not in html
    assert "(host)" in html and "(guest)" in html
    assert "Speaker · " in html and "Moderator · " in html


def test_a_persons_page_shows_their_latest_articles_and_leads_to_all(client, settings):
    """A prolific author's page stays one screen of cards: the latest 20, then a link to
    every article of theirs through the search's author filter."""
    from articles.sections import PERSON_ARTICLES

    author = PersonFactory(name="Prolific Writer")
    for n in range(PERSON_ARTICLES + 1):
        ArticleFactory(title=f"Piece {n:02d}", authors=[author])
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Piece 00" in html and "Piece 19" in html  # the newest first
    assert "Piece 20" not in html
    assert f"/search/?type=article&amp;author={author.slug}" in html
    assert "All articles by Prolific Writer" in html
    found = client.get("/search/", {"type": "article", "author": author.slug})
    assert found.status_code == 200 and "Piece 00" in found.content.decode()

    few = PersonFactory(name="Occasional Writer")
    ArticleFactory(title="The only piece", authors=[few])
    assert "All articles by" not in client.get(few.get_absolute_url()).content.decode()
