"""Uploads on an S3-compatible store (settings: S3_BUCKET and friends; README, "Production").

Public objects carry the Content-Type and Content-Disposition that `core.media` serves the
same file with from local disk, so a bucket or CDN that serves them directly sends a type
from the allow-list (never HTML or SVG) and makes documents downloads. Their names are new
for every upload (core.uploads), so they may be cached for a year.

A module of its own: django-storages' S3 storage brings boto3 and botocore (some 30 MiB per
process), which a site on local disk never needs; STORAGES names this module only with
S3_BUCKET (ponars.settings.s3_storages).
"""

from storages.backends.s3 import S3Storage

from .media import CACHE_CONTROL, media_headers


class PublicMediaStorage(S3Storage):
    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        content_type, headers = media_headers(name)
        params["ContentType"] = content_type
        if "Content-Disposition" in headers:
            params["ContentDisposition"] = headers["Content-Disposition"]
        params.setdefault("CacheControl", CACHE_CONTROL)
        return params
