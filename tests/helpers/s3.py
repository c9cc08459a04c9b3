"""S3 in the tests: a new bucket on moto's server (scripts/s3_local.py) for each test.

`use_bucket` points the site's storages at it through `ponars.settings.s3_storages`, the
function the settings call with the environment, so the tests run what an operator configures.
"""

import secrets
import urllib.error
import urllib.request

from scripts.s3_local import REGION, client, make_bucket

KEYS = {"S3_ACCESS_KEY_ID": "test-access-key", "S3_SECRET_ACCESS_KEY": "test-secret-key"}


def environment(endpoint, bucket, **extra):
    return {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_ADDRESSING_STYLE": "path",
        **KEYS,
        **extra,
    }


def use_bucket(settings, endpoint, **extra):
    from ponars.settings import s3_storages

    bucket = Bucket(endpoint, f"test-{secrets.token_hex(6)}")
    make_bucket(bucket.client, bucket.name)
    public, private = s3_storages(environment(endpoint, bucket.name, **extra))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": public,
        "private": private,
        "import_export": private,
    }
    return bucket


class Bucket:
    def __init__(self, endpoint, name):
        self.endpoint, self.name = endpoint, name
        self.client = client(endpoint, KEYS["S3_ACCESS_KEY_ID"], KEYS["S3_SECRET_ACCESS_KEY"])

    def keys(self, prefix=""):
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=prefix
        )
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def head(self, key):
        return self.client.head_object(Bucket=self.name, Key=key)

    def anonymous_get(self, url_or_key, headers=None):
        """What a reader's browser gets (no credentials): (status, headers, body)."""
        url = url_or_key
        if "://" not in url:
            url = f"{self.endpoint}/{self.name}/{url_or_key}"
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.headers, exc.read()
