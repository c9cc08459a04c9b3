"""The rich-text editor's two requests to the site (static/js/editor-media.js).

- `image` (POST, CSRF-protected): an image uploaded from the editor's image dialog, checked as
  every upload is (core.validators.check_image: size, type by its content, pixels, that it
  decodes), stored through the default storage under a name the site chooses
  (`editor/<year>/<random>.<ext>`) with a rendition for the page (imagekit, at most 1200 px
  wide, WebP) whose address goes into the text.
- `embed` (GET ?url=): what an address embeds (core.embeds.parse_embed), for the embed dialog.

Both answer JSON; a refusal is a 400 (403 without permission) with a message the dialog shows.
Only active staff who may add or change something with a rich-text body may use them.
"""

import functools
import secrets

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from imagekit import ImageSpec
from imagekit.cachefiles import ImageCacheFile
from imagekit.processors import ResizeToFit

from .embeds import parse_embed
from .richtext import RichTextField
from .validators import check_image

RENDITION_WIDTH = 1200


class TextImage(ImageSpec):
    """An image in rich text, as readers get it."""

    processors = [ResizeToFit(width=RENDITION_WIDTH, upscale=False)]
    format = "WEBP"
    options = {"quality": 82}


@functools.cache  # the models do not change while the process runs
def rich_text_permissions():
    """Adding or changing a model with a rich-text body, or an editable page (its form's
    content is the same editor, core.admin.PageForm)."""
    models = [
        model
        for model in apps.get_models()
        if any(isinstance(field, RichTextField) for field in model._meta.get_fields())
    ]
    models.append(apps.get_model("flatpages", "FlatPage"))
    return frozenset(
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in models
        for action in ("add", "change")
    )


def may_edit_rich_text(user):
    return (
        user.is_active
        and user.is_staff
        and any(user.has_perm(permission) for permission in rich_text_permissions())
    )


def _refuse(message, status=400):
    return JsonResponse({"error": message}, status=status)


def _forbidden():
    return _refuse(_("You may not add images or embeds to texts on this site."), status=403)


@require_POST
def image(request):
    if not may_edit_rich_text(request.user):
        return _forbidden()
    upload = request.FILES.get("image")
    if upload is None:
        return _refuse(_("Choose an image file to upload."))
    try:
        info = check_image(upload)
    except ValidationError as error:
        return _refuse(" ".join(error.messages))
    name = f"editor/{timezone.now():%Y}/{secrets.token_hex(8)}.{info.extension}"
    name = default_storage.save(name, upload)
    with default_storage.open(name) as stored:
        rendition = ImageCacheFile(TextImage(source=File(stored, name=name)))
        rendition.generate()
    width = min(info.width, RENDITION_WIDTH)
    height = max(1, round(info.height * width / info.width))
    return JsonResponse({"url": rendition.url, "width": width, "height": height})


@require_GET
def embed(request):
    if not may_edit_rich_text(request.user):
        return _forbidden()
    found = parse_embed(request.GET.get("url", "")[:2000])
    if found is None:
        return _refuse(
            _(
                "This address cannot be embedded. Paste the address of a YouTube or Vimeo "
                "video, or of an episode of this site's podcast."
            )
        )
    return JsonResponse({"provider": found.provider, "id": found.id, "url": found.url})
