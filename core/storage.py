"""The storage of every upload field (`PublicationStorage`): it keeps the files of items
readers cannot see in the private storage and the others in the public one
(docs/ARCHITECTURE.md, "Files of unpublished items"). The public storage on an S3-compatible
store is `core.s3.PublicMediaStorage`, imported only when settings name it (S3_BUCKET).
"""

from urllib.parse import urlencode

from django.core.files.storage import Storage, storages
from django.urls import reverse
from django.utils.deconstruct import deconstructible

from .media import sign_file

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
