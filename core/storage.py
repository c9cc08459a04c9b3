"""Uploads on an S3-compatible store (settings: S3_BUCKET and friends; README, "Production").

Public objects carry the Content-Type and Content-Disposition that `core.media` serves the
same file with from local disk, so a bucket or CDN that serves them directly sends a type
from the allow-list (never HTML or SVG) and makes documents downloads. Their names are new
for every upload (core.uploads), so they may be cached for a year.

`PublicationStorage` is the storage of every upload field: it keeps the files of items readers
cannot see in the private storage and the others in the public one (docs/ARCHITECTURE.md,
"Files of unpublished items").
"""

from urllib.parse import urlencode

from django.core.files.storage import Storage, storages
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage

from .media import CACHE_CONTROL, media_headers, sign_file


class PublicMediaStorage(S3Storage):
    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        content_type, headers = media_headers(name)
        params["ContentType"] = content_type
        if "Content-Disposition" in headers:
            params["ContentDisposition"] = headers["Content-Disposition"]
        params.setdefault("CacheControl", CACHE_CONTROL)
        return params


# --- Files of unpublished items (core.uploads) ------------------------------------------------

UNPUBLISHED = "unpublished/"
"""Stored names under this prefix are files of items readers cannot see yet: they live in the
private storage (outside MEDIA_ROOT, or the bucket's private prefix) and only staff reach them,
through `core.media.serve_unpublished`. Every other name is in the public (default) storage."""


def is_unpublished(name):
    return name.startswith(UNPUBLISHED)


@deconstructible
class PublicationStorage(Storage):
    """The storage of every upload field (core.uploads): it passes each call to the public
    storage (STORAGES["default"]) or, for a name under `unpublished/`, to the private one
    (STORAGES["private"]), looked up at each call so that settings and tests may change them.
    A private file's address is the staff-only view's, never a public one."""

    def store(self, name):
        return storages["private"] if is_unpublished(name) else storages["default"]

    def open(self, name, mode="rb"):
        return self.store(name).open(name, mode)

    def save(self, name, content, max_length=None):
        return self.store(name).save(name, content, max_length=max_length)

    def delete(self, name):
        return self.store(name).delete(name)

    def exists(self, name):
        return self.store(name).exists(name)

    def size(self, name):
        return self.store(name).size(name)

    def path(self, name):
        return self.store(name).path(name)

    def get_modified_time(self, name):
        return self.store(name).get_modified_time(name)

    def get_available_name(self, name, max_length=None):
        return self.store(name).get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.store(filename).generate_filename(filename)

    def listdir(self, path):
        return self.store(path).listdir(path)

    def url(self, name):
        if is_unpublished(name):
            name = name.removeprefix(UNPUBLISHED)
            path = reverse("unpublished_file", kwargs={"name": name})
            return f"{path}?{urlencode({'sig': sign_file(name)})}"
        return self.store(name).url(name)


publication_storage = PublicationStorage()
