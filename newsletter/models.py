"""Newsletter subscribers with double opt-in.

Tokens are signed with the project's secret key (django.core.signing), so nothing secret
is stored: a confirmation token expires after NEWSLETTER_CONFIRM_MAX_AGE and works once
(it carries a nonce that confirming clears); an unsubscribe token never expires.
Tokens carry the subscriber's id, never the address.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.publishing import Language

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """The list the mailing service may write to."""
        return self.filter(status=Status.CONFIRMED)

    def by_email(self, email):
        return self.filter(email__iexact=email.strip())


class Subscriber(models.Model):
    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The site's language of the latest sign-up: the emails come in it."),
    )
    confirm_nonce = models.CharField(max_length=32, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_subscriber_email"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="subscriber_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CONFIRMED) | Q(confirmed_at__isnull=False),
                name="subscriber_confirmed_has_date",
            ),
        ]

    def __str__(self):
        return self.email

    # Tokens.
    def confirmation_token(self):
        """A signed, expiring, single-use token; makes a nonce while the address waits."""
        if not self.confirm_nonce:
            self.confirm_nonce = secrets.token_hex(8)
            self.save(update_fields=["confirm_nonce"])
        return signing.dumps({"id": self.pk, "n": self.confirm_nonce}, salt=CONFIRM_SALT)

    def unsubscribe_token(self):
        return signing.dumps(self.pk, salt=UNSUBSCRIBE_SALT)

    @classmethod
    def from_confirmation_token(cls, token):
        """(subscriber, nonce) for a valid token; raises signing.SignatureExpired or BadSignature."""
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)
        if not isinstance(data, dict) or not isinstance(data.get("id"), int):
            raise signing.BadSignature("Unexpected token content.")
        return cls.objects.filter(pk=data["id"]).first(), str(data.get("n", ""))

    @classmethod
    def from_unsubscribe_token(cls, token):
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        if not isinstance(pk, int):
            raise signing.BadSignature("Unexpected token content.")
        return cls.objects.filter(pk=pk).first()

    # State changes.
    def confirm(self):
        self.status = Status.CONFIRMED
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.confirm_nonce = ""
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "confirm_nonce"])

    def unsubscribe(self):
        self.status = Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.confirm_nonce = ""
        self.save(update_fields=["status", "unsubscribed_at", "confirm_nonce"])

    def request_again(self):
        """Someone asked to subscribe an address we already hold that is not confirmed."""
        if self.status == Status.UNSUBSCRIBED:
            self.status = Status.PENDING
            self.save(update_fields=["status"])
