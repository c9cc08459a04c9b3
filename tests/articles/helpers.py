"""The article admin form's data, as an editor fills it in, for the tests of every app that
submits an article."""

from core.publishing import Status


def article_form(category, person, topic, **overrides):
    data = {
        "title": "Karabakh and collective security",
        "slug": "karabakh-and-collective-security",
        "category": category.pk,
        "language": "en",
        "summary": "Summary.",
        "body": "<p>Body with <strong>bold</strong><script>alert(1)</script></p>",
        "image_alt": "",
        "image_credit": "",
        "memo_number": "",
        "external_url": "",
        "status": Status.DRAFT,
        "published_at_0": "2020-11-02",
        "published_at_1": "09:00:00",
        "credits-TOTAL_FORMS": "1",
        "credits-INITIAL_FORMS": "0",
        "credits-0-person": person.pk,
        "credits-0-order": "0",
        "tagged_topics-TOTAL_FORMS": "1",
        "tagged_topics-INITIAL_FORMS": "0",
        "tagged_topics-0-tag": topic.pk,
    }
    data.update(overrides)
    return data
