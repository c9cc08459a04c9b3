"""The emails the newsletter sends, queued for the task worker (core.tasks.enqueue_email) in
the transaction of the sign-up that causes them.

Every message carries a one-click unsubscribe link in its body and the List-Unsubscribe
and List-Unsubscribe-Post headers (RFC 2369, RFC 8058) that mail clients turn into an
"Unsubscribe" button.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from core.metadata import site_url
from core.tasks import enqueue_email


def unsubscribe_url(subscriber):
    """The one-click unsubscribe link: on SITE_URL, as every link in an email (core.metadata.site_url)."""
    return site_url(reverse("newsletter:unsubscribe", args=[subscriber.unsubscribe_token()]))


def _send(subscriber, subject, template, context=None):
    """Queue one email in the subscriber's language (their sign-up page's): text and links."""
    with translation.override(subscriber.language):
        _queue(subscriber, gettext(subject), template, context)


def _queue(subscriber, subject, template, context):
    link = unsubscribe_url(subscriber)
    body = render_to_string(
        template,
        {
            "site_name": settings.SITE_NAME,
            "unsubscribe_url": link,
            "newsletter_url": site_url(reverse("newsletter:signup")),
            **(context or {}),
        },
    )
    enqueue_email(
        subject=f"{subject} · {settings.SITE_NAME}",
        body=body,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def send_confirmation(subscriber):
    with translation.override(subscriber.language):
        confirm = site_url(reverse("newsletter:confirm", args=[subscriber.confirmation_token()]))
    _send(
        subscriber,
        gettext_noop("Confirm your newsletter subscription"),
        "newsletter/email/confirm.txt",
        {"confirm_url": confirm, "valid_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400},
    )
    subscriber.confirmation_sent_at = timezone.now()
    subscriber.save(update_fields=["confirmation_sent_at"])


def send_already_subscribed(subscriber):
    _send(
        subscriber,
        gettext_noop("You are already subscribed"),
        "newsletter/email/already_subscribed.txt",
    )
