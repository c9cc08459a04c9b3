"""No inline script or style in our templates, so the Content-Security-Policy stays strict.

The CSP has no 'unsafe-inline' for scripts: an inline handler (onclick=…) or an inline <script>
would simply not run. The admin export page's "Select all" did nothing for that reason
(issue 13, defect 15).
"""

import re
from pathlib import Path

import html5lib
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.members.factories import make_member

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
INLINE_HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""<[^>]*\sstyle\s*=""", re.IGNORECASE)
# A <script> that is neither a file (src=) nor a JSON data block (which is never executed).
INLINE_SCRIPT = re.compile(
    r"""<script(?![^>]*\ssrc=)(?![^>]*type="application/(ld\+)?json")[^>]*>""", re.IGNORECASE
)


def test_templates_are_found():
    assert Path(settings.BASE_DIR, "templates/admin/import_export/export.html") in TEMPLATES
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_template_has_no_inline_script_or_style(path):
    text = path.read_text()
    for pattern, what in (
        (INLINE_HANDLER, "inline event handler"),
        (STYLE_ATTRIBUTE, "style attribute"),
        (INLINE_SCRIPT, "inline <script>"),
    ):
        found = pattern.search(text)
        assert found is None, f"{what}: {found.group(0)[:120]}"


def inline_attributes(html):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        (element.tag, name)
        for element in document.iter()
        for name in element.attrib
        if name.lower().startswith("on") or name.lower() == "style"
    ]


@pytest.mark.django_db
def test_export_page_has_no_inline_handlers_and_select_all_is_wired(client, membership_staff):
    make_member(name="Henry Hale")
    client.force_login(membership_staff)
    response = client.get(reverse("admin:members_person_export"))
    assert response.status_code == 200
    html = response.content.decode()
    assert inline_attributes(html) == []
    document = html5lib.parse(html, namespaceHTMLElements=False)
    toggle = document.find(".//input[@class='select-toggle']")
    assert toggle is not None and toggle.get("id") == "select-all-toggle"
    assert document.find(".//label[@for='select-all-toggle']") is not None
    scripts = [s.get("src") for s in document.iter("script") if s.get("src")]
    assert "/static/js/admin-export.js" in scripts
    assert all(s.get("src") for s in document.iter("script"))  # no inline script
    script = Path(finders.find("js/admin-export.js")).read_text()
    assert "select-toggle" in script and "selectable-field-export-row" in script
