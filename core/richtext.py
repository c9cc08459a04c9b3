"""The rich-text editor (django-prose-editor) and the field every rich-text body uses.

`RichTextField` is a ProseEditorField with the site's editor and its own sanitiser (the one
django-prose-editor builds from the extensions offered, so a field keeps what its editor can
make); models also run core.sanitize.clean_html on save. Beside the library's extensions the
editor has the site's media extensions (static/js/editor-media.js, registered in settings
DJANGO_PROSE_EDITOR_EXTENSIONS): an image figure uploaded from the editor (core.editor), with
required alt text, a caption and a credit; an embed (a YouTube or Vimeo video, an episode of
the podcast, core.embeds); a pull quote (a blockquote with a class).
"""

import re

from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_prose_editor.fields import ProseEditorField

# The text of the media extensions' dialogs and buttons, in the editor's language (the JSON
# of the editor's configuration is written when the admin page is).
MEDIA_EXTENSIONS = {
    "ImageFigure": {
        "uploadUrl": reverse_lazy("editor_image"),
        "text": {
            "button": _("Insert an image"),
            "insert": _("Insert an image"),
            "edit": _("Edit the image"),
            "image": _("Image"),
            "imageHelp": _(
                "Upload a JPEG, PNG, WebP or GIF file, or paste the address of an image "
                "already on this site."
            ),
            "upload": _("Upload…"),
            "uploading": _("Uploading…"),
            "alt": _("Alt text (required)"),
            "altHelp": _("Describe the image for readers who cannot see it."),
            "caption": _("Caption"),
            "credit": _("Credit"),
            "creditHelp": _("e.g. Photo: Jane Doe / Reuters"),
            "submit": _("Insert"),
            "update": _("Update"),
            "cancel": _("Cancel"),
            "failed": _("The upload failed. Try again."),
        },
    },
    "Embed": {
        "embedUrl": reverse_lazy("editor_embed"),
        "text": {
            "button": _("Embed a video or podcast episode"),
            "title": _("Embed a video or podcast episode"),
            "address": _("Address"),
            "addressHelp": _(
                "A YouTube or Vimeo video, or an episode of this site's podcast (its page's "
                "address)."
            ),
            "submit": _("Embed"),
            "cancel": _("Cancel"),
            "failed": _("The address could not be checked. Try again."),
            "providers": {
                "youtube": _("YouTube video"),
                "vimeo": _("Vimeo video"),
                "podcast": _("Podcast episode"),
            },
        },
    },
    "PullQuote": {"text": {"button": _("Pull quote")}},
}

# Short texts: event descriptions, show notes.
BASIC_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "History": True,
    # The browser's spell-check stays on (the editor switches it off by default).
    "NoSpellCheck": False,
    **MEDIA_EXTENSIONS,
}

# Articles and the editable pages (core.admin.PageForm).
RICH_TEXT_EXTENSIONS = {
    **BASIC_EDITOR_EXTENSIONS,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "HorizontalRule": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}

IMAGE = re.compile(r"<img\b[^>]*>", re.I)
ALT = re.compile(r"""\salt\s*=\s*(?:"\s*[^"\s][^"]*"|'\s*[^'\s][^']*'|[^\s"'>]+)""", re.I)


def images_without_alt(html):
    """How many images in `html` have no alt text (or only spaces)."""
    return sum(1 for image in IMAGE.findall(html or "") if not ALT.search(image))


def validate_image_alt(html):
    """Refuse rich text with an image that has no alt text (pasted or imported HTML)."""
    if missing := images_without_alt(html):
        raise ValidationError(
            ngettext(
                "An image in the text has no alt text: describe it for readers who cannot "
                "see it (select the image and choose “Edit the image”).",
                "%(count)s images in the text have no alt text: describe each for readers "
                "who cannot see it (select an image and choose “Edit the image”).",
                missing,
            ),
            params={"count": missing},
            code="image_without_alt",
        )


class RichTextField(ProseEditorField):
    """A rich-text body: the site's editor, sanitised, every image with alt text."""

    def __init__(self, *args, extensions=None, **kwargs):
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, extensions=extensions or RICH_TEXT_EXTENSIONS, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        validate_image_alt(value)
