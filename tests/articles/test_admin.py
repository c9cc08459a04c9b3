"""The article admin: the form with authors, topics, images and PDFs, memo numbers, bulk actions,
the changelist's query budget, history and the scheduled label."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article, Byline
from core.publishing import Status
from resources.demo import minimal_pdf
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.articles.helpers import article_form
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def jpeg(width=1600, height=900, name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 30, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_editor_writes_an_article_with_authors_topics_and_image(client, editor):
    category, person, topic = (
        CategoryFactory(),
        PersonFactory(name="Jason Strakes"),
        TopicFactory(name="Armenia"),
    )
    client.force_login(editor)
    data = article_form(
        category, person, topic, image=jpeg(), image_alt="Troops on a ridge", image_credit="AP"
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else response
    )
    article = Article.objects.get(slug="karabakh-and-collective-security")
    assert article.credited_people == [person]
    assert list(article.topics.names()) == ["Armenia"]
    assert "<script" not in article.body and "<strong>bold</strong>" in article.body
    assert article.created_by == editor
    # Renditions exist as soon as the upload is saved: no reader ever waits for a resize.
    for spec in [
        "image_card",
        "image_card_fallback",
        "image_large",
        "image_large_fallback",
        "image_social",
    ]:
        rendition = getattr(article, spec)
        assert rendition.storage.exists(rendition.name), spec
    with article.image_social.storage.open(article.image_social.name) as f, Image.open(f) as social:
        assert social.size[0] >= 1200 and social.size[1] >= 627
    with article.image_card.storage.open(article.image_card.name) as f, Image.open(f) as webp:
        assert webp.format == "WEBP"


def test_image_needs_alt_text(client, editor):
    client.force_login(editor)
    data = article_form(CategoryFactory(), PersonFactory(), TopicFactory(), image=jpeg())
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "alt text is required" in response.content.decode()
    assert not Article.objects.exists()


def test_broken_image_upload_is_refused(client, editor):
    client.force_login(editor)
    broken = SimpleUploadedFile("photo.jpg", b"not really a jpeg", content_type="image/jpeg")
    data = article_form(
        CategoryFactory(), PersonFactory(), TopicFactory(), image=broken, image_alt="x"
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Article.objects.exists()


def test_pdf_that_is_not_a_pdf_is_refused(client, editor):
    client.force_login(editor)
    fake = SimpleUploadedFile("memo.pdf", b"<html>nope</html>", content_type="application/pdf")
    data = article_form(
        CategoryFactory(name="Policy Memos", is_policy_memo=True),
        PersonFactory(),
        TopicFactory(),
        pdf=fake,
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert "This file is not a PDF" in response.content.decode()
    assert not Article.objects.exists()


def test_real_pdf_is_accepted_and_linked(client, editor):
    client.force_login(editor)
    memos = CategoryFactory(name="Policy Memos", slug="policy-memos", is_policy_memo=True)
    pdf = SimpleUploadedFile("memo.pdf", minimal_pdf("Memo 701"), content_type="application/pdf")
    data = article_form(
        memos, PersonFactory(), TopicFactory(), pdf=pdf, memo_number="701", status=Status.PUBLISHED
    )
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert article.pdf.url in html and "Policy Memo No. 701" in html


def test_memo_numbers_are_unique(client, editor):
    memos = CategoryFactory(name="Policy Memos", slug="policy-memos", is_policy_memo=True)
    ArticleFactory(category=memos, memo_number=701)
    client.force_login(editor)
    data = article_form(memos, PersonFactory(), TopicFactory(), memo_number="701")
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_memo_number_only_in_memo_categories(client, editor):
    client.force_login(editor)
    data = article_form(CategoryFactory(), PersonFactory(), TopicFactory(), memo_number="5")
    response = client.post(reverse("admin:articles_article_add"), data)
    assert "Only articles in a policy-memo category" in response.content.decode()


def test_bulk_publish_and_unpublish(client, editor):
    drafts = [ArticleFactory(status=Status.DRAFT) for _ in range(3)]
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    client.post(url, {"action": "publish", "_selected_action": [a.pk for a in drafts]})
    assert Article.objects.published().count() == 3
    client.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert Article.objects.published().count() == 2


@pytest.mark.parametrize("count", [1, 40])
def test_admin_changelist_query_budget(client, editor, django_assert_max_num_queries, count):
    people = [PersonFactory(), PersonFactory()]
    for _ in range(count):
        ArticleFactory(authors=people)
    client.force_login(editor)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert people[0].name in response.content.decode()


def test_history_shows_changes_and_restores_an_earlier_version(client, editor):
    client.force_login(editor)
    category, person, topic = CategoryFactory(), PersonFactory(), TopicFactory()
    client.post(reverse("admin:articles_article_add"), article_form(category, person, topic))
    article = Article.objects.get()
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form(category, person, topic, title="A worse title")
    data.update(
        {
            "credits-INITIAL_FORMS": "1",
            "credits-0-id": Byline.objects.get().pk,
            "credits-0-article": article.pk,
            "tagged_topics-TOTAL_FORMS": "0",
        }
    )
    assert client.post(change_url, data).status_code == 302
    assert Article.objects.get().title == "A worse title"
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200 and "editor" in history.content.decode()
    first = article.history.earliest()
    revert_url = reverse(
        "admin:articles_article_simple_history", args=[article.pk, first.history_id]
    )
    form = client.get(revert_url)
    assert form.status_code == 200 and "Karabakh and collective security" in form.content.decode()
    assert client.post(revert_url, data | {"title": first.title}).status_code == 302
    assert Article.objects.get().title == "Karabakh and collective security"


def test_scheduled_articles_are_labelled_in_the_admin_list(client, editor):
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(title="Coming soon", published_at=timezone.now() + timedelta(days=3))
    client.force_login(editor)
    assert (
        "Scheduled for" in client.get(reverse("admin:articles_article_changelist")).content.decode()
    )
