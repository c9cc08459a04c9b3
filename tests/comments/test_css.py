"""The shared stylesheet is appended to by every app; an unbalanced brace silently disables
every rule after it (it happened once in a merge). Keep it balanced."""

from pathlib import Path

from django.conf import settings


def test_site_css_braces_are_balanced():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    depth = 0
    for number, line in enumerate(css.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"unexpected }} at line {number}"
        if line.startswith("/*"):
            assert depth == 0, f"section comment inside an open block at line {number}: {line}"
    assert depth == 0
