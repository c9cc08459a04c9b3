"""Newsletter pages: sign-up, confirmation and unsubscribe.

Every answer to a sign-up is the same redirect to "check your inbox", whether the address
was new, waiting, confirmed or unsubscribed, so the form reveals nothing about the list;
the mailbox's owner learns the state from the email we send. No page shows an address.
"""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.metadata import Metadata
from core.ratelimit import is_limited

from . import emails
from .forms import SignupForm
from .models import Status, Subscriber


def signup_metadata():
    return Metadata(
        title=_("Newsletter"),
        description=gettext(
            "News of %(site)s's latest policy memos, commentary, podcasts and events, by email."
        )
        % {"site": settings.SITE_NAME},
    )


def _ip_rate(group, request):
    return settings.NEWSLETTER_SIGNUP_RATE


def _address_rate(group, request):
    return settings.NEWSLETTER_ADDRESS_RATE


# The form is on every page (footer) and grants nothing but an email to the address typed,
# so it needs no CSRF cookie, which keeps every page cacheable; the rate limits and the
# confirmation step are the protection.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    context = {
        "form": form,
        "metadata": signup_metadata(),
        "confirm_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400,
    }
    if request.method != "POST":
        return render(request, "newsletter/signup.html", context)
    if is_limited(request, group="newsletter.signup", rate=_ip_rate):
        context["problem"] = _(
            "Too many sign-ups from your connection in a short time. Please try again in an hour."
        )
        return render(request, "newsletter/signup.html", context, status=429)
    if not form.is_valid():
        return render(request, "newsletter/signup.html", context, status=400)
    if not form.is_robot():
        _sign_up(request, form.cleaned_data["email"])
    return redirect("newsletter:check_inbox")


def _sign_up(request, email):
    # One email per address per period, whoever asks: the form cannot flood a mailbox.
    if is_limited(
        request,
        group="newsletter.address",
        key=lambda group, req: email.lower(),
        rate=_address_rate,
    ):
        return
    _record_sign_up(request, email)


@transaction.atomic
def _record_sign_up(request, email):
    """Record the sign-up and queue its email in one transaction (the worker sends it)."""
    # The sign-up page's language (its URL's): the emails to this address are written in it.
    language = translation.get_language() or settings.LANGUAGE_CODE
    subscriber = Subscriber.objects.by_email(email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, language=language)
        except IntegrityError:  # the same address submitted twice at once
            subscriber = Subscriber.objects.by_email(email).get()
    if subscriber.language != language:
        subscriber.language = language
        subscriber.save(update_fields=["language"])
    if subscriber.status == Status.CONFIRMED:
        emails.send_already_subscribed(subscriber)
    else:
        subscriber.request_again()
        emails.send_confirmation(subscriber)


def check_inbox(request):
    return render(
        request,
        "newsletter/check_inbox.html",
        {"metadata": Metadata(title=_("Check your inbox"), robots="noindex")},
    )


def _message(request, kind, status=200, token=""):
    """The page a token link leads to: it acts on one subscriber, so it is never cached."""
    response = render(
        request,
        "newsletter/message.html",
        {
            "kind": kind,
            "token": token,
            "metadata": Metadata(title=_("Newsletter"), robots="noindex"),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


def confirm(request, token):
    try:
        subscriber, nonce = Subscriber.from_confirmation_token(token)
    except signing.SignatureExpired:
        return _message(request, "expired", status=410)
    except signing.BadSignature:
        return _message(request, "invalid", status=400)
    if subscriber is None:
        return _message(request, "invalid", status=400)
    if subscriber.status == Status.CONFIRMED:
        return _message(request, "already_confirmed")
    if not nonce or nonce != subscriber.confirm_nonce:
        return _message(request, "used", status=410)
    subscriber.confirm()
    return _message(request, "confirmed")


# Mail providers send the RFC 8058 one-click POST without cookies, hence csrf_exempt.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = Subscriber.from_unsubscribe_token(token)
    except signing.BadSignature:
        return _message(request, "invalid", status=400)
    if request.method == "HEAD":  # link checkers look; they do not unsubscribe anyone
        return _message(request, "unsubscribe_pending")
    if subscriber is None or subscriber.status == Status.UNSUBSCRIBED:
        return _message(request, "already_unsubscribed", token=token if subscriber else "")
    subscriber.unsubscribe()
    return _message(request, "unsubscribed", token=token)


@require_POST
def resubscribe(request, token):
    """Undo an unsubscribe from the page it led to (the token proves the mailbox is theirs)."""
    try:
        subscriber = Subscriber.from_unsubscribe_token(token)
    except signing.BadSignature:
        return _message(request, "invalid", status=400)
    if subscriber is None:
        return _message(request, "invalid", status=400)
    if subscriber.status != Status.CONFIRMED:
        subscriber.confirm()
    return _message(request, "confirmed")
