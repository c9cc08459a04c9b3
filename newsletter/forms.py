from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LOCAL_PART = 64  # RFC 5321

NOT_PLAIN = _(
    "Type the address with plain Latin letters, digits and punctuation only: it seems to contain "
    "a look-alike letter, an invisible character or a space. (For a domain with accented letters, "
    "use its “xn--” form.)"
)


class PlainEmailField(forms.EmailField):
    """An email address in printable ASCII only, within the lengths mail servers accept.

    Rejects look-alike letters (Cyrillic “а” for Latin “a”), full-width “＠”, zero-width and
    direction-override characters before Django's own format check runs.
    """

    default_error_messages = {
        "invalid": _("Enter a complete email address, like name@example.org."),
        "not_plain": NOT_PLAIN,
        "too_long": _("That is longer than any email address can be (254 characters)."),
        "local_too_long": _(
            "The part before “@” is longer than mail servers accept (64 characters)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value):
        value = self.to_python(value)
        if value:
            if len(value) > 254:
                raise ValidationError(self.error_messages["too_long"], code="too_long")
            if any(not 33 <= ord(char) <= 126 for char in value):
                raise ValidationError(self.error_messages["not_plain"], code="not_plain")
            if len(value.rpartition("@")[0]) > MAX_LOCAL_PART:
                raise ValidationError(self.error_messages["local_too_long"], code="local_too_long")
        return super().clean(value)


class SignupForm(forms.Form):
    email = PlainEmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254}),
    )
    # A field people never see or fill in; form-filling robots do.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))
