import re

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import HttpsURLFormField
from core.validators import http_url_validator

from . import service
from .models import Comment, CommentStatus
from .text import count_links

# Control characters (other than tab and line breaks) have no place in a comment and make
# invalid HTML when shown back; they are dropped from what is stored and what is re-shown.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def strip_controls(value):
    return _CONTROLS.sub("", value) if isinstance(value, str) else value


REQUIRED_NOTE = "Your email address will not be published. Required fields are marked *"


class CommentForm(forms.Form):
    """The form at the foot of an item's page. Everything a reader typed survives a failed post."""

    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=settings.COMMENTS_MAX_LENGTH,
        error_messages={
            "required": _("Write your comment before posting it."),
            "max_length": _(
                "Your comment is %(show_value)d characters long; the limit is %(limit_value)d. "
                "Please shorten it."
            ),
        },
    )
    name = forms.CharField(
        label=_("Name"), max_length=100, error_messages={"required": _("Enter your name.")}
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Never shown on the site."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, like name@example.org."),
        },
    )
    website = HttpsURLFormField(
        label=_("Website"),
        required=False,
        max_length=300,
        validators=[http_url_validator],
        error_messages={"invalid": _("Enter a web address starting with http:// or https://.")},
    )
    notify_replies = forms.BooleanField(
        label=_("Email me when my comment is published and when someone replies to it"),
        required=False,
    )
    parent = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _(
                "The comment you are replying to could not be found. "
                "Post again to publish yours as a new comment."
            )
        },
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people (CSS and aria-hidden); bots fill in every field.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, target, **kwargs):
        self.target = target
        super().__init__(*args, **kwargs)
        self.parent_comment = None
        self.too_fast = False

    @property
    def is_honeypot_filled(self):
        return bool(self.cleaned_data.get("homepage"))

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = (
            Comment.objects.approved()
            .for_target(self.target)
            .filter(pk=pk)
            .only("id", "name", "email", "notify_replies", "status", "content_type", "object_id")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _(
                    "The comment you are replying to is not published on this %(kind)s. "
                    "Post again to publish yours as a new comment."
                ),
                params={"kind": self.target._meta.verbose_name},
            )
        self.parent_comment = parent
        return pk

    def clean_body(self):
        return strip_controls(self.cleaned_data["body"])

    def clean_name(self):
        name = strip_controls(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean(self):
        cleaned = super().clean()
        try:
            service.check_token(cleaned.get("token"), self.target)
        except service.TooFast:
            self.too_fast = True
            raise forms.ValidationError(
                _("That was very quick: please read your comment over, then post it again.")
            ) from None
        except service.TokenError:
            raise forms.ValidationError(
                _(
                    "This form could not be verified (it may be out of date or altered). "
                    "Your text is kept below: please post it again."
                )
            ) from None
        body = cleaned.get("body")
        if body and count_links(body) > settings.COMMENTS_MAX_LINKS:
            self.add_error(
                "body",
                gettext("Please include at most %(comments_max_links)s links in a comment.")
                % {"comments_max_links": settings.COMMENTS_MAX_LINKS},
            )
        email = cleaned.get("email")
        if (
            body
            and email
            and Comment.objects.for_target(self.target).filter(body=body).by_email(email).exists()
        ):
            raise forms.ValidationError(
                _("You have already posted this comment here; it is shown or awaiting moderation.")
            )
        return cleaned

    def fresh(self):
        """Give a re-shown form a new token, keeping everything the reader typed."""
        if self.is_bound:
            self.data = self.data.copy()
            for key in list(self.data):
                self.data.setlist(key, [strip_controls(v) for v in self.data.getlist(key)])
            self.data["token"] = service.make_token(self.target)
            self.data.pop("homepage", None)
            if "parent" in self.errors:
                self.data.pop("parent", None)
        return self

    @transaction.atomic
    def save(self, *, ip, user_agent, earlier_ids=()):
        """Store the comment: spam if it trips the honeypot or the blocklist, approved at once for
        a known commenter (one of `earlier_ids`, the comments this browser posted, was approved
        under the same name and email), otherwise pending (and the moderators are told). The
        comment and the emails it causes are written in one transaction: both or neither."""
        data = self.cleaned_data
        comment = Comment(
            target=self.target,
            parent=self.parent_comment,
            name=data["name"],
            email=data["email"],
            website=data["website"],
            body=data["body"],
            notify_replies=data["notify_replies"],
            # The page's language (its URL's): the emails to this reader are written in it.
            language=translation.get_language() or settings.LANGUAGE_CODE,
            ip_address=ip,
            user_agent=(user_agent or "")[:500],
        )
        blocked = service.blocklist_match(
            name=comment.name,
            email=comment.email,
            website=comment.website,
            body=comment.body,
            ip=ip,
        )
        if self.is_honeypot_filled:
            comment.status, comment.moderation_note = CommentStatus.SPAM, "honeypot field filled in"
        elif blocked:
            comment.status, comment.moderation_note = CommentStatus.SPAM, blocked
        elif settings.COMMENTS_AUTO_APPROVE_KNOWN and service.is_known_commenter(
            comment.name, comment.email, earlier_ids
        ):
            comment.status, comment.moderation_note = CommentStatus.APPROVED, "known commenter"
        else:
            comment.status = CommentStatus.PENDING
        comment.save()
        if comment.status == CommentStatus.PENDING:
            service.notify_moderators(comment)
        elif comment.status == CommentStatus.APPROVED:
            service.announce_published([comment], was_held=False)
        return comment
