"""Image renditions made at upload time (django-imagekit, Optimistic strategy).

Each model declares its ImageSpecFields with these helpers; `Optimistic` makes every
rendition when the source image is saved, so no reader's request ever resizes an image.
"""

from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit


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
