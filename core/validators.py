"""Validators shared by the apps: web addresses, and uploaded files checked by their content.

An upload is judged by what it is, never by its name or the type the browser claims: images
by Pillow (JPEG, PNG, WebP or GIF only; SVG and anything else refused), PDFs by their header,
end-of-file marker and pypdf's parse. Files already stored are not checked again (they were
checked when they were uploaded), so editing an old item never re-reads its files.
"""

import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

http_url_validator = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with http:// or https://."
)

# The image formats the site accepts (Pillow's names), with the extension each is stored under.
# MPO is the JPEG variant some cameras write (a JPEG with a second picture inside); Pillow's
# JPEG reader opens it.
IMAGE_EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
IMAGE_READERS = ["JPEG", "PNG", "WEBP", "GIF"]

# A PDF's header must start the file; its %%EOF marker must be in its last kilobyte (as PDF
# readers require). A file starting with %PDF- is never sniffed as HTML by a browser.
PDF_HEADER = b"%PDF-"
PDF_TAIL = 1024


def _is_new(upload):
    """True for a file being uploaded, False for one already stored."""
    return not getattr(upload, "_committed", False)


def _read_at(upload, offset, length):
    position = upload.tell()
    try:
        upload.seek(offset)
        return upload.read(length)
    finally:
        upload.seek(position)


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def validate_pdf(upload):
    """Refuse anything that is not a readable PDF named *.pdf, or that is over the size limit."""
    if not _is_new(upload):
        return
    refuse_over(
        upload, settings.MAX_PDF_UPLOAD_BYTES, _("This PDF is %(size)s; the limit is %(limit)s.")
    )
    not_pdf = ValidationError(_("This file is not a PDF. Upload a PDF document."), code="not_pdf")
    if not (upload.name or "").lower().endswith(".pdf"):
        raise not_pdf
    if _read_at(upload, 0, len(PDF_HEADER)) != PDF_HEADER:
        raise not_pdf
    if b"%%EOF" not in _read_at(upload, max(0, upload.size - PDF_TAIL), PDF_TAIL):
        raise ValidationError(
            _(
                "This PDF is incomplete (it has no end-of-file marker): it may have been cut off "
                "while it was copied. Save it again and upload the new file."
            ),
            code="truncated_pdf",
        )
    import pypdf  # here, not at the top: it brings cryptography's OpenSSL, which pages never need

    position = upload.tell()
    try:
        upload.seek(0)
        reader = pypdf.PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "This PDF is encrypted or password-protected, so readers may not be able to "
                    "open it. Save a copy without protection and upload that."
                ),
                code="encrypted_pdf",
            )
        if len(reader.pages) < 1:
            raise not_pdf
    except ValidationError:
        raise
    except Exception as exc:  # a parser fed hostile bytes may raise anything: it is not a PDF
        raise not_pdf from exc
    finally:
        upload.seek(position)


def refuse_over(upload, limit, message):
    """Refuse an upload over `limit` bytes; `message` names its %(size)s and the %(limit)s."""
    if upload.size > limit:
        raise ValidationError(
            message,
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def validate_image_size(upload):
    """Refuse an image file over MAX_IMAGE_UPLOAD_BYTES."""
    refuse_over(
        upload,
        settings.MAX_IMAGE_UPLOAD_BYTES,
        _("This image is %(size)s; the limit is %(limit)s."),
    )


@dataclass(frozen=True)
class ImageInfo:
    format: str  # Pillow's name: JPEG, MPO, PNG, WEBP or GIF
    width: int
    height: int

    @property
    def extension(self):
        return IMAGE_EXTENSIONS[self.format]


def _too_many_pixels(limit, width=None, height=None):
    if width is None:
        return ValidationError(
            _(
                "This image has far more pixels than the limit of %(limit)s megapixels. Scale it "
                "down (1600 pixels wide is plenty for the site) and upload it again."
            ),
            params={"limit": _megapixels(limit)},
            code="too_many_pixels",
        )
    return ValidationError(
        _(
            "This image is %(width)s×%(height)s pixels (%(megapixels)s megapixels); the limit is "
            "%(limit)s megapixels. Scale it down (1600 pixels wide is plenty for the site) and "
            "upload it again."
        ),
        params={
            "width": width,
            "height": height,
            "megapixels": _megapixels(width * height),
            "limit": _megapixels(limit),
        },
        code="too_many_pixels",
    )


def identify_image(fileobj):
    """What image `fileobj` holds, read from its header only (nothing is decoded)."""
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        with warnings.catch_warnings():
            # Pillow warns above its own limit; the caller compares with MAX_IMAGE_PIXELS. (The
            # filter is process-wide for this moment; it only ever silences this warning.)
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(fileobj, formats=IMAGE_READERS) as image:
                return ImageInfo(image.format, *image.size)
    except Image.DecompressionBombError as exc:  # over twice Pillow's limit
        raise _too_many_pixels(settings.MAX_IMAGE_PIXELS) from exc
    except Exception as exc:  # Pillow raises several kinds on bytes that are not an image
        raise ValidationError(
            _(
                "Upload a valid image: a JPEG, PNG, WebP or GIF file. This file is not one "
                "(SVG drawings, documents and other formats are not accepted)."
            ),
            code="not_image",
        ) from exc
    finally:
        fileobj.seek(position)


def _decode(fileobj, info):
    """Decode the image once, so that a damaged file is refused now, not when it is resized."""
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        with Image.open(fileobj, formats=IMAGE_READERS) as image:
            if info.extension == "jpg":  # libjpeg reads every byte at 1/8 scale, faster
                image.draft("RGB", (max(1, info.width // 8), max(1, info.height // 8)))
            image.load()
    except Exception as exc:
        raise ValidationError(
            _(
                "This image is damaged or incomplete and cannot be shown. Save it again and "
                "upload the new file."
            ),
            code="damaged_image",
        ) from exc
    finally:
        fileobj.seek(position)


def check_image(upload):
    """Check a new image upload: size in bytes, type, pixels, and that it decodes.

    Returns its ImageInfo, or None for a file already stored. The pixel limit is checked
    from the header, before anything is decoded.
    """
    if not _is_new(upload):
        return None
    validate_image_size(upload)
    info = identify_image(upload)
    limit = settings.MAX_IMAGE_PIXELS
    if info.width * info.height > limit:
        raise _too_many_pixels(limit, info.width, info.height)
    _decode(upload, info)
    return info


def validate_image(upload):
    check_image(upload)
