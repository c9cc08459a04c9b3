import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from core.publishing import Status
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def make_articles(count):
    authors = [PersonFactory(), PersonFactory()]
    topics = [TopicFactory(), TopicFactory()]
    return [ArticleFactory(authors=authors, topics=topics) for _ in range(count)]


def test_published_excludes_drafts_and_scheduled():
    live = ArticleFactory()
    ArticleFactory(status=Status.DRAFT)
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_when_its_time_comes(client, time_machine):
    when = timezone.now() + datetime.timedelta(days=2)
    article = ArticleFactory(published_at=when, title="Belarus scenarios")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Belarus scenarios" not in client.get(reverse("articles:list")).content.decode()
    time_machine.move_to(when + datetime.timedelta(minutes=1))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Belarus scenarios" in client.get(reverse("articles:list")).content.decode()


def test_article_page_shows_byline_topics_and_neighbours(client):
    primary, secondary = PersonFactory(name="Jason Strakes"), PersonFactory(name="Ada Second")
    armenia = TopicFactory(name="Armenia")
    older = ArticleFactory(
        title="Older piece", published_at=timezone.now() - datetime.timedelta(days=9)
    )
    article = ArticleFactory(
        title="Security organisations and Karabakh",
        authors=[primary, secondary],
        topics=[armenia],
        published_at=timezone.now() - datetime.timedelta(days=5),
    )
    newer = ArticleFactory(
        title="Newer piece", published_at=timezone.now() - datetime.timedelta(days=1)
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert_valid_html(response)
    # Every author in the byline, in order (as every list shows them), then with affiliations.
    assert (
        f'By <a href="{primary.get_absolute_url()}">Jason Strakes</a> and '
        f'<a href="{secondary.get_absolute_url()}">Ada Second</a>'
    ) in html
    assert "About the authors" in html and "Secondary Author" not in html
    assert armenia.get_absolute_url() in html
    assert older.get_absolute_url() in html and newer.get_absolute_url() in html
    assert ">Commentary<" in html and "Комментарии" not in html  # English interface


@pytest.mark.parametrize("count", [1, 50])
def test_article_page_query_budget(client, django_assert_max_num_queries, count):
    articles = make_articles(count)
    with django_assert_max_num_queries(12):
        response = client.get(articles[0].get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_name,kwargs",
    [("articles:list", {}), ("articles:category", {"slug": "commentary"}), ("home", {})],
)
@pytest.mark.parametrize("count", [1, 50])
def test_list_pages_query_budget(client, django_assert_max_num_queries, url_name, kwargs, count):
    make_articles(count)
    with django_assert_max_num_queries(10):
        response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200
    assert_valid_html(response)


def test_topic_page_lists_only_its_articles(client):
    nk = TopicFactory(name="Nagorno-Karabakh")
    tagged = ArticleFactory(title="On Karabakh", topics=[nk])
    ArticleFactory(title="Unrelated")
    response = client.get(nk.get_absolute_url())
    assert_valid_html(response)
    assert tagged.title in response.content.decode()
    assert "Unrelated" not in response.content.decode()


def test_memo_numbers_on_policy_memo_category(client):
    memos = CategoryFactory(name="Policy Memos", slug="policy-memos", is_policy_memo=True)
    ArticleFactory(category=memos, memo_number=712, title="A memo")
    response = client.get(memos.get_absolute_url())
    assert "Memo No. 712" in response.content.decode()


def test_draft_is_404_for_readers_and_previewable_by_editors(client, editor):
    draft = ArticleFactory(status=Status.DRAFT, title="Unfinished thoughts")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert (
        "Draft" in response.content.decode()
        and "only staff can see this page" in response.content.decode()
    )


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=9999", "?page=-1"])
def test_bad_page_numbers_are_404(client, query):
    ArticleFactory()
    response = client.get(reverse("articles:list") + query)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_unknown_slugs_are_404(client):
    for url in [
        "/articles/no-such-thing/",
        "/articles/category/nope/",
        "/articles/topic/nope/",
        "/members/nobody/",
    ]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ["?q=" + "x" * 5000, "?page=%00", "?q=%00%01"])
def test_hostile_query_strings_are_400(client, query):
    response = client.get(reverse("articles:list") + query)
    assert response.status_code == 400


def test_every_author_is_in_the_byline_and_listed_with_their_affiliation(client):
    first = PersonFactory(name="Irina Busygina", position="Professor", affiliation="HSE University")
    second = PersonFactory(name="Mikhail Filippov", affiliation="Binghamton University")
    article = ArticleFactory(authors=[first, second])
    html = client.get(article.get_absolute_url()).content.decode()
    byline = html.split('<p class="article-meta">', 1)[1].split("</p>", 1)[0]
    assert byline.index("Irina Busygina") < byline.index("Mikhail Filippov")
    authors = html.split('<section class="article-authors"', 1)[1].split("</section>", 1)[0]
    assert "About the authors" in authors
    assert "Irina Busygina</a>, Professor, HSE University" in authors
    assert "Mikhail Filippov</a>, Binghamton University" in authors
