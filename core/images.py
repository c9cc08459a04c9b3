"""Image renditions made at upload time (django-imagekit, Optimistic strategy).

Each model declares its ImageSpecFields with these helpers; `Optimistic` makes every
rendition when the source image is saved, so no reader's request ever resizes an image.
Renditions are stored where their image is (core.storage.PublicationStorage): an unpublished
item's in the private storage.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_init, post_save
from imagekit.cachefiles.namers import source_name_as_path
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit

# WebP renditions: registered here, because imagekit asks Pillow for each rendition's file
# extension, and for a format Pillow has not loaded it loads all of its ~45 format plugins
# (Image.init(), 3.5 MiB per process) when only WebP was missing.
from PIL import WebPImagePlugin  # noqa: F401

from .storage import UNPUBLISHED, is_unpublished


def rendition_name(generator):
    """imagekit's `source_name_as_path` (through `cached_namer`, the settings' namer), except that
    the renditions of an unpublished item's image are under `unpublished/` as it is (so in the
    private storage): `unpublished/renditions/articles/2026/<image>/<hash>.jpg`."""
    name = source_name_as_path(generator)
    if not is_unpublished(getattr(generator.source, "name", "") or ""):
        return name
    folder = f"{settings.IMAGEKIT_CACHEFILE_DIR}/"
    return UNPUBLISHED + folder + name.removeprefix(folder + UNPUBLISHED)


def fill(source, width, height, fmt, quality=82):
    return ImageSpecField(
        source=source,
        processors=[ResizeToFill(width, height)],
        format=fmt,
        options={"quality": quality},
    )


def fit(source, width, fmt, quality=82):
    return ImageSpecField(
        source=source,
        processors=[ResizeToFit(width=width, upscale=False)],
        format=fmt,
        options={"quality": quality},
    )


class ImageRenditions(models.Model):
    """The renditions of an item's picture, its field `image` (articles, events): cards for
    lists, the large one for its page and the one for link previews (SOCIAL_IMAGE_SIZE)."""

    SOCIAL_IMAGE_SIZE = (1200, 630)

    image_card = fill("image", 640, 360, "WEBP")
    image_card_fallback = fill("image", 640, 360, "JPEG")
    image_large = fit("image", 1200, "WEBP")
    image_large_fallback = fit("image", 1200, "JPEG")
    image_social = fill("image", *SOCIAL_IMAGE_SIZE, "JPEG")

    class Meta:
        abstract = True


# A rendition's file name is a hash of its source's name and its spec (imagekit pickles the
# processors to make it), recomputed on every access to `.url`: a list page of 20 cards made
# 40 of them per request. Names are remembered per spec and source name instead
# (IMAGEKIT_SPEC_CACHEFILE_NAMER in settings); a new upload has a new name, so a new entry.
_names = {}
NAMES_KEPT = 20_000


def cached_namer(generator):
    """`rendition_name` (imagekit's own namer, with unpublished images' renditions under
    `unpublished/`), once per spec and source file name."""
    key = (type(generator), generator.source.name)
    name = _names.get(key)
    if name is None:
        if len(_names) >= NAMES_KEPT:
            _names.clear()
        name = _names[key] = rendition_name(generator)
    return name


IMAGEKIT_UID = "ik_spec_field_receivers"  # imagekit.specs.sourcegroups.ModelSignalRouter's


def listen_to_image_models(models):
    """imagekit's signal router receives post_init and post_save of *every* model (it cannot
    connect to an abstract source model) and works out each time whether the instance has an
    image it renders: a dispatch for each of the 56,000 instances a sitemap loads, for each row
    of every list. Here its post_save is connected to the concrete models with renditions only,
    and its post_init to none: the hashes that receiver keeps are of the model's field, not of
    the file (`ModelSignalRouter.post_init_receiver` hashes the Field), so they never equal
    the file's hash post_save compares them with, and every save of an item with an image
    sends `source_saved` whether it ran or not (renditions are made where missing, Optimistic
    strategy). Without it, loading an article or a person runs no receiver at all: 0.8 ms of
    a list of 20 articles with their authors. Called from CoreConfig.ready(), once every model
    is loaded."""
    from imagekit.specs.sourcegroups import signal_router

    sources = tuple(group.model_class for group in signal_router._source_groups)
    post_init.disconnect(dispatch_uid=IMAGEKIT_UID)
    post_save.disconnect(dispatch_uid=IMAGEKIT_UID)
    for model in models:
        if sources and issubclass(model, sources):
            uid = f"{IMAGEKIT_UID}:{model._meta.label_lower}"
            post_save.connect(signal_router.post_save_receiver, sender=model, dispatch_uid=uid)
