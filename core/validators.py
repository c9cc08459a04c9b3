from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat

http_url_validator = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with http:// or https://."
)


def validate_pdf(upload):
    """Refuse anything that is not a PDF, or that is over the size limit."""
    if upload.size > settings.MAX_PDF_UPLOAD_BYTES:
        raise ValidationError(
            "This PDF is %(size)s; the limit is %(limit)s.",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MAX_PDF_UPLOAD_BYTES),
            },
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(5)
    upload.seek(position)
    if head != b"%PDF-":
        raise ValidationError("This file is not a PDF. Upload a PDF document.")


def validate_image_size(upload):
    if upload.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            "This image is %(size)s; the limit is %(limit)s.",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MAX_IMAGE_UPLOAD_BYTES),
            },
        )
