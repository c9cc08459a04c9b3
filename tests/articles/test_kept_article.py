"""An article page's article is kept per version of it (core.publishing.get_visible_or_404's
`version`, articles.views.PAGE_VERSION): a change to another article leaves it kept, and
whatever changes what its page shows of it — an edit, a credit, its translation published,
a topic added — shows on the next request."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.models import Byline
from core.publishing import Language, Status
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def page(article):
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def looked_up(monkeypatch):
    """The items core.publishing.get_visible_or_404 loaded (with what their queryset loads)."""
    from core import publishing

    found = []
    original = publishing.get_object_or_404

    def counting(queryset, **lookup):
        item = original(queryset, **lookup)
        found.append(item.title)
        return item

    monkeypatch.setattr(publishing, "get_object_or_404", counting)
    return found


def test_a_change_to_another_article_leaves_the_article_kept(page_cache, committed, looked_up):
    article = ArticleFactory(title="Kept piece", authors=[PersonFactory(name="Ivan Petrov")])
    committed(lambda: None)
    page(article)
    assert looked_up == ["Kept piece"]
    committed(lambda: ArticleFactory(title="Another piece", category=article.category))
    html = page(article)
    assert looked_up == ["Kept piece"]
    assert "Ivan Petrov" in html and "Another piece" in html  # among the related articles

    def retitle():
        article.title = "Kept piece, revised"
        article.save()

    committed(retitle)
    html = page(article)
    # The page's head (kept per version of the article) follows it too.
    assert "<title>Kept piece, revised · " in html
    assert '<meta property="og:title" content="Kept piece, revised">' in html
    assert looked_up == ["Kept piece", "Kept piece, revised"]
    russian = Client().get("/ru" + article.get_absolute_url()).content.decode()
    assert '<html lang="ru">' in russian and "<title>Kept piece, revised · " in russian


def test_a_credit_added_shows_at_once(page_cache, committed):
    article = ArticleFactory(title="Credited piece")
    committed(lambda: None)
    assert "Olga Sidorova" not in page(article)
    person = PersonFactory(name="Olga Sidorova")
    committed(lambda: Byline.objects.create(article=article, person=person, order=0))
    assert "Olga Sidorova" in page(article)


def test_a_topic_added_or_removed_shows_at_once(page_cache, committed):
    article = ArticleFactory(title="Tagged piece")
    topic = TopicFactory(name="Water politics")
    committed(lambda: None)
    assert "Water politics" not in page(article)
    committed(lambda: article.topics.add(topic))
    assert "Water politics" in page(article)
    committed(lambda: article.topics.remove(topic))
    assert "Water politics" not in page(article)


def test_its_translation_is_linked_once_published_or_once_its_time_comes(page_cache, committed):
    english = ArticleFactory(title="Turnout", language=Language.ENGLISH)
    russian = ArticleFactory(title="Явка", language=Language.RUSSIAN, status=Status.DRAFT)
    english.translation = russian
    english.save()
    committed(lambda: None)
    assert "article-translation" not in page(english)

    russian.refresh_from_db()  # linked back to the English one

    def publish():
        russian.status = Status.PUBLISHED
        russian.published_at = timezone.now() + datetime.timedelta(minutes=2)
        russian.save()

    committed(publish)
    assert "article-translation" not in page(english)  # scheduled: not yet
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        assert "article-translation" in page(english)


def test_an_unknown_or_unpublished_article_is_a_404(page_cache, committed):
    article = ArticleFactory(title="Soon withdrawn")
    committed(lambda: None)
    page(article)

    def withdraw():
        article.status = Status.DRAFT
        article.save()

    committed(withdraw)
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert Client().get("/articles/no-such-article/").status_code == 404


@pytest.mark.parametrize("kind", ["category", "topic"])
def test_a_lists_head_is_kept_until_its_subject_changes(kind, page_cache, committed):
    """A category's or topic's <head> (core.metadata.resolve_kept, records) outlives a
    publication and shows a rename on the next request, page numbers apart."""
    from core import metadata

    subject = (CategoryFactory if kind == "category" else TopicFactory)(name="Long reads")
    for _ in range(3):
        if kind == "category":
            ArticleFactory(category=subject)
        else:
            ArticleFactory(topics=[subject])
    other = CategoryFactory(name="Other")  # a new category would be a record's change
    committed(lambda: None)
    path = subject.get_absolute_url()
    resolved = []
    original = metadata.resolve

    def counting(*args, **kwargs):
        resolved.append(1)
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(metadata, "resolve", counting)
        assert "<title>Long reads · " in Client().get(path).content.decode()
        committed(lambda: ArticleFactory(title="Elsewhere", category=other))
        Client().get(path)
        assert len(resolved) == 1

        def rename():
            subject.name = "Longer reads"
            subject.save()

        committed(rename)
        assert "<title>Longer reads · " in Client().get(path).content.decode()
        assert len(resolved) == 2


def test_a_file_written_without_updated_shows_at_once(page_cache, committed):
    """The worker stores a memo's PDF with save(update_fields=…), which leaves `updated` as it
    was, and moving an item's files on publication is an UPDATE: the files' names are part of
    the kept article's version (core.publishing.get_visible_or_404)."""
    article = ArticleFactory(title="A memo")
    committed(lambda: None)
    assert "Download the PDF" not in page(article)

    def store_pdf():
        article.pdf_generated.name = "memos/2026/a-memo.pdf"
        article.save(update_fields=["pdf_generated"])

    committed(store_pdf)
    html = page(article)
    assert "Download the PDF" in html and "a-memo.pdf" in html


def test_a_drafts_preview_keeps_nothing_of_it(page_cache, committed, editor, monkeypatch):
    """A draft's preview is made each time, its <head> too (nothing of it is kept under its
    version); the live article's <head> is made once."""
    from articles.models import Article

    draft = ArticleFactory(title="Not yet", status=Status.DRAFT)
    live = ArticleFactory(title="Out now")
    committed(lambda: None)
    resolved = []  # the <head>s made
    original = Article.get_metadata

    def counting(self, *args, **kwargs):
        resolved.append(self.title)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Article, "get_metadata", counting)
    staff = Client()
    staff.force_login(editor)
    for _ in range(2):
        assert "Not yet" in staff.get(draft.get_absolute_url()).content.decode()
    assert len(resolved) == 2
    resolved.clear()
    for _ in range(2):
        assert "Out now" in staff.get(live.get_absolute_url()).content.decode()
    assert len(resolved) == 1
    assert Client().get(draft.get_absolute_url()).status_code == 404
