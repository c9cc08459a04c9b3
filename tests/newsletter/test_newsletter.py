import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from newsletter.models import Status, Subscriber
from tests.articles.factories import ArticleFactory
from tests.helpers.html import assert_valid_html
from tests.helpers.seo import document
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/newsletter/"
CHECK_INBOX = "/newsletter/check-your-inbox/"
# Links in emails (and the export for the mailing service) are on SITE_URL, not the host the
# sign-up came through (core.metadata.site_url).
SITE = "https://www.ponarseurasia.example"
LINK = re.compile(re.escape(SITE) + r"(/newsletter/(?:confirm|unsubscribe)/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE + "/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def links_in(message):
    """(confirm path or None, unsubscribe path) from an email's body."""
    paths = LINK.findall(message.body)
    confirm = next((p for p in paths if "/confirm/" in p), None)
    unsubscribe = next(p for p in paths if "/unsubscribe/" in p)
    return confirm, unsubscribe


def sign_up(client, email, meta=None, **fields):
    return client.post(SIGNUP, {"email": email, **fields}, **(meta or {}))


def test_whole_flow_from_sign_up_to_unsubscribe(client):
    page = client.get(SIGNUP)
    assert_valid_html(page)
    assert "Newsletter" in page.content.decode()

    response = sign_up(client, "Reader@Example.org")
    assert response.status_code == 302 and response["Location"] == CHECK_INBOX
    inbox_page = client.get(CHECK_INBOX)
    assert_valid_html(inbox_page)
    assert "Check your inbox" in inbox_page.content.decode()
    assert "Reader@Example.org" not in inbox_page.content.decode()

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Status.PENDING
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Reader@Example.org"]
    assert message.subject == "Confirm your newsletter subscription · PONARS Eurasia"
    assert "within 3 days" in message.body
    assert "If you did not ask for it, ignore this email" in message.body
    confirm, unsubscribe = links_in(message)
    assert confirm and unsubscribe
    assert message.extra_headers["List-Unsubscribe"] == f"<{SITE}{unsubscribe}>"
    assert "testserver" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The address is not readable from the links.
    assert "reader" not in confirm.lower() and "reader" not in unsubscribe.lower()

    confirmed = client.get(confirm)
    assert confirmed.status_code == 200
    assert_valid_html(confirmed)
    assert "You are subscribed" in confirmed.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED and subscriber.confirmed_at

    again = client.get(confirm)
    assert again.status_code == 200 and "Already confirmed" in again.content.decode()

    left = client.get(unsubscribe)
    assert left.status_code == 200
    assert_valid_html(left)
    assert "You are unsubscribed" in left.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED and subscriber.unsubscribed_at

    twice = client.get(unsubscribe)
    assert twice.status_code == 200
    assert "Already unsubscribed" in twice.content.decode()
    assert_valid_html(twice)

    # The unsubscribe page offers an undo.
    back = client.post(reverse("newsletter:resubscribe", args=[unsubscribe.split("/")[3]]))
    assert "You are subscribed" in back.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED
    # No page ever showed the address.
    for response in (confirmed, again, left, twice, back):
        assert b"example.org" not in response.content.lower()


@pytest.mark.parametrize("state", ["new", "pending", "confirmed", "unsubscribed"])
def test_answer_reveals_nothing_about_the_list(client, state):
    if state != "new":
        SubscriberFactory(
            email="known@example.org",
            status={
                "pending": Status.PENDING,
                "confirmed": Status.CONFIRMED,
                "unsubscribed": Status.UNSUBSCRIBED,
            }[state],
        )
    response = sign_up(client, "KNOWN@example.org")
    assert response.status_code == 302 and response["Location"] == CHECK_INBOX
    assert Subscriber.objects.filter(email__iexact="known@example.org").count() == 1
    assert len(mail.outbox) == 1 and [a.lower() for a in mail.outbox[0].to] == ["known@example.org"]
    body = mail.outbox[0].body
    if state == "confirmed":
        assert "already subscribed" in body
        assert links_in(mail.outbox[0])[0] is None
        assert Subscriber.objects.get().status == Status.CONFIRMED
    else:
        assert links_in(mail.outbox[0])[0] is not None
        assert Subscriber.objects.get().status == Status.PENDING
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_expired_confirmation_link_gets_a_friendly_page(client, time_machine, settings):
    sign_up(client, "late@example.org")
    confirm, _ = links_in(mail.outbox[0])
    time_machine.move_to(
        datetime.datetime.now(datetime.UTC)
        + datetime.timedelta(seconds=settings.NEWSLETTER_CONFIRM_MAX_AGE + 60)
    )
    response = client.get(confirm)
    assert response.status_code == 410
    assert_valid_html(response)
    assert "This link has expired" in response.content.decode()
    assert Subscriber.objects.get().status == Status.PENDING
    # Signing up again sends a link that works.
    sign_up(client, "late@example.org")
    fresh, _ = links_in(mail.outbox[1])
    assert "You are subscribed" in client.get(fresh).content.decode()


def test_confirmation_link_after_unsubscribing_is_used_up(client):
    sign_up(client, "changed-mind@example.org")
    confirm, unsubscribe = links_in(mail.outbox[0])
    client.get(unsubscribe)
    response = client.get(confirm)
    assert response.status_code == 410
    assert "This link has been used" in response.content.decode()
    assert Subscriber.objects.get().status == Status.UNSUBSCRIBED


def tampered_cases():
    from django.core import signing

    good = signing.dumps({"id": 1, "n": "x"}, salt="newsletter.confirm")
    anywhere = [
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "not-a-token",
        "x" * 3000,
        "Zm9v:1abc:%E2%80%AE",
        signing.dumps({"id": 1}, salt="another.purpose"),
    ]
    cases = [
        (action, token)
        for action in ("confirm", "unsubscribe", "resubscribe")
        for token in anywhere
    ]
    cases += [
        ("confirm", signing.dumps(1, salt="newsletter.unsubscribe")),  # wrong kind of token
        ("confirm", signing.dumps({"id": "1"}, salt="newsletter.confirm")),
        ("unsubscribe", good),
        ("unsubscribe", signing.dumps("1", salt="newsletter.unsubscribe")),
        ("resubscribe", good),
    ]
    return cases


@pytest.mark.parametrize(  # ids by position: the tokens carry the time (xdist workers compare ids)
    "action,token",
    [pytest.param(a, t, id=f"{a}-{n}") for n, (a, t) in enumerate(tampered_cases())],
)
def test_tampered_token_gets_a_friendly_400(client, action, token):
    SubscriberFactory()
    url = f"/newsletter/{action}/{token}/"
    response = client.post(url) if action == "resubscribe" else client.get(url)
    assert response.status_code == 400
    assert_valid_html(response)
    assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.get().status == Status.CONFIRMED


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    token=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/?#%"),
        min_size=1,
        max_size=300,
    )
)
def test_any_token_text_is_never_a_500(client, token):
    for url in (f"/newsletter/confirm/{token}/", f"/newsletter/unsubscribe/{token}/"):
        assert client.get(url).status_code in {400, 404}


@pytest.mark.parametrize(
    "email,message",
    [
        ("not-an-email", "Enter a complete email address"),
        ("reader@", "Enter a complete email address"),
        ("reader@example", "Enter a complete email address"),
        ("two@@example.org", "Enter a complete email address"),
        ("r" * 250 + "@example.org", "longer than any email address"),
        ("r" * 65 + "@example.org", "part before “@” is longer"),
        ("reader@exаmple.org", "look-alike letter"),  # Cyrillic а
        ("reader＠example.org", "look-alike letter"),  # full-width at sign
        ("rea\u200bder@example.org", "look-alike letter"),  # zero-width space
        ("reader@example.org\u202e", "look-alike letter"),  # right-to-left override
        ("réader@example.org", "look-alike letter"),
        ("reader@example.org\nBcc: victim@example.org", "look-alike letter"),
        ("", "This field is required"),
    ],
)
def test_bad_addresses_are_rejected_with_a_message(client, email, message):
    response = sign_up(client, email)
    assert response.status_code == 400
    assert_valid_html(response)
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode() or not email
    assert not Subscriber.objects.exists() and not mail.outbox


def test_sign_up_is_rate_limited_per_connection(client, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "3/h"
    for n in range(3):
        assert sign_up(client, f"reader{n}@example.org").status_code == 302
    response = sign_up(client, "one-more@example.org")
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert_valid_html(response)
    assert len(mail.outbox) == 3
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()


def test_one_mailbox_cannot_be_flooded(client, settings):
    settings.NEWSLETTER_ADDRESS_RATE = "2/h"
    responses = [
        sign_up(client, "target@example.org", meta={"REMOTE_ADDR": f"10.0.0.{n}"}) for n in range(5)
    ]
    assert all(r.status_code == 302 and r["Location"] == CHECK_INBOX for r in responses)
    assert len(mail.outbox) == 2


def test_robots_filling_the_hidden_field_are_ignored_silently(client):
    response = sign_up(client, "bot@example.org", website="http://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists() and not mail.outbox


def test_one_click_unsubscribe_post_from_a_mail_provider(settings):
    from django.test import Client

    subscriber = SubscriberFactory()
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        reverse("newsletter:unsubscribe", args=[subscriber.unsubscribe_token()]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED


def test_link_checkers_using_head_do_not_unsubscribe(client):
    subscriber = SubscriberFactory()
    client.head(reverse("newsletter:unsubscribe", args=[subscriber.unsubscribe_token()]))
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED


def test_unsubscribe_link_of_a_removed_subscriber_is_friendly(client):
    subscriber = SubscriberFactory()
    url = reverse("newsletter:unsubscribe", args=[subscriber.unsubscribe_token()])
    subscriber.delete()
    response = client.get(url)
    assert response.status_code == 200
    assert "Already unsubscribed" in response.content.decode()


def test_sign_up_boxes_on_home_page_and_footer(client):
    article = ArticleFactory()
    home = client.get("/")
    assert_valid_html(home)
    html = home.content.decode()
    assert 'id="home-newsletter-email"' in html and 'id="footer-newsletter-email"' in html
    assert html.count('action="/newsletter/"') == 2
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'id="footer-newsletter-email"' in page
    # The footer box posts without a CSRF cookie, so pages stay cacheable.
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(SIGNUP, {"email": "footer@example.org"}).status_code == 302


def test_every_sign_up_form_has_the_same_button(client):
    """Home box, footer and the newsletter page: one button, styled by one rule of site.css."""
    buttons = []
    for path in ["/", SIGNUP, "/ru/", "/ru" + SIGNUP]:
        for form in document(client.get(path)).iter("form"):
            if form.get("class") == "newsletter-form":
                buttons.append(form.find(".//button"))
    assert len(buttons) == 8  # two forms on each page (its own and the footer's)
    assert {(b.get("type"), b.get("class"), tuple(b.attrib)) for b in buttons} == {
        ("submit", "newsletter-button", ("type", "class"))
    }
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    selectors = [
        selector.strip()
        for rule in re.findall(r"([^{}]+)\{[^}]*\}", css)
        for selector in rule.split(",")
        if "newsletter" in selector and "button" in selector
    ]
    assert selectors == [
        ".newsletter-button",
        ".newsletter-button:hover",
        ".newsletter-button:focus-visible",
    ]


def test_subscriber_addresses_never_appear_on_public_pages(client):
    SubscriberFactory(email="secret-reader@example.org")
    ArticleFactory()
    for url in ["/", "/articles/", SIGNUP, CHECK_INBOX, "/feed/"]:
        assert b"secret-reader" not in client.get(url).content


def admin_export(client):
    return client.get(reverse("admin:newsletter_subscriber_export"))


def test_staff_export_confirmed_subscribers_as_csv(client, newsletter_staff):
    SubscriberFactory(email="b-confirmed@example.org")
    SubscriberFactory(email="a-confirmed@example.org")
    SubscriberFactory(email="=cmd|' /C calc'!A0@example.org")
    SubscriberFactory(email="pending@example.org", status=Status.PENDING, confirmed_at=None)
    SubscriberFactory(email="gone@example.org", status=Status.UNSUBSCRIBED)
    client.force_login(newsletter_staff)
    changelist = client.get(reverse("admin:newsletter_subscriber_changelist"))
    assert "Export 3 confirmed subscribers (CSV)" in changelist.content.decode()
    response = admin_export(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="newsletter-subscribers-'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["email", "confirmed_at", "unsubscribe_url"]
    emails = [row[0] for row in rows[1:]]
    assert emails == [
        "'=cmd|' /C calc'!A0@example.org",
        "a-confirmed@example.org",
        "b-confirmed@example.org",
    ]
    # Each row carries a working one-click unsubscribe link for the mailing service.
    unsubscribe = rows[2][2]
    assert unsubscribe.startswith(f"{SITE}/newsletter/unsubscribe/")
    client.logout()
    client.get(unsubscribe.removeprefix(SITE))
    assert Subscriber.objects.get(email="a-confirmed@example.org").status == Status.UNSUBSCRIBED


def test_export_action_exports_only_the_confirmed_among_selected(client, newsletter_staff):
    chosen = SubscriberFactory(email="chosen@example.org")
    pending = SubscriberFactory(
        email="waiting@example.org", status=Status.PENDING, confirmed_at=None
    )
    SubscriberFactory(email="other@example.org")
    client.force_login(newsletter_staff)
    response = client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {"action": "export_csv", "_selected_action": [chosen.pk, pending.pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == ["chosen@example.org"]


@pytest.mark.parametrize("role", ["editor", "membership_staff"])
def test_only_the_newsletter_group_sees_subscribers(client, request, role):
    """Addresses are personal data: editors and membership staff get a 403 everywhere."""
    subscriber = SubscriberFactory(email="private-reader@example.org")
    assert admin_export(client).status_code == 302  # to the login page
    client.force_login(request.getfixturevalue(role))
    changelist = reverse("admin:newsletter_subscriber_changelist")
    assert client.get(changelist).status_code == 403
    assert admin_export(client).status_code == 403
    action = {"action": "export_csv", "_selected_action": [subscriber.pk]}
    assert client.post(changelist, action).status_code == 403
    change = reverse("admin:newsletter_subscriber_change", args=[subscriber.pk])
    assert client.get(change).status_code == 403
    assert b"private-reader" not in client.get(reverse("admin:index")).content


def test_newsletter_group_is_granted_to_no_one_by_default(newsletter_staff):
    group = Group.objects.get(name="Newsletter")
    assert list(group.user_set.all()) == [newsletter_staff]  # only the one this test added
    assert sorted(group.permissions.values_list("codename", flat=True)) == [
        "change_subscriber",
        "delete_subscriber",
        "view_subscriber",
    ]
    assert not Permission.objects.filter(
        group__name__in=["Editors", "Membership staff"], content_type__app_label="newsletter"
    ).exists()


def test_behind_a_proxy_the_limit_counts_the_real_client(client, settings):
    settings.RATELIMIT_IP_META_KEY = "core.ratelimit.client_ip"
    settings.NEWSLETTER_SIGNUP_RATE = "1/h"
    # The client may forge the first entries; the proxy's own entry (the last) is what counts.
    first = sign_up(client, "a@example.org", meta={"HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.5"})
    second = sign_up(client, "b@example.org", meta={"HTTP_X_FORWARDED_FOR": "2.2.2.2, 203.0.113.5"})
    other = sign_up(client, "c@example.org", meta={"HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    garbage = sign_up(client, "d@example.org", meta={"HTTP_X_FORWARDED_FOR": "not an address"})
    assert [first.status_code, second.status_code, other.status_code] == [302, 429, 302]
    assert garbage.status_code in {302, 429}
