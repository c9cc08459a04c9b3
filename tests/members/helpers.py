"""Uploading a file to the people import in the admin, and confirming its preview."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

IMPORT_URL = "admin:members_person_import"
CONFIRM_URL = "admin:members_person_process_import"


def upload(client, content, name="members.csv", fmt="0", skip=False, encoding="utf-8"):
    data = content.encode(encoding) if isinstance(content, str) else content
    payload = {"format": fmt, "import_file": SimpleUploadedFile(name, data)}
    if skip:
        payload["skip_rejected"] = "on"
    response = client.post(reverse(IMPORT_URL), payload)
    assert response.status_code == 200
    return response


def confirm(client, preview):
    form = preview.context.get("confirm_form")
    assert form is not None, "no confirm button: " + main_text(preview)
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["skip_rejected"] = "True" if form.initial.get("skip_rejected") else ""
    return client.post(reverse(CONFIRM_URL), data, follow=True)


def main_text(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index('id="content"') :]))[:3000]
