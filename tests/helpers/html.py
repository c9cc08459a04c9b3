"""Checks every public page passes: valid HTML, one h1, alt text, a main landmark."""

import html5lib


def assert_valid_html(response):
    """Parse the page as the HTML standard does and fail on any parse error."""
    content = response.content.decode()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        document = parser.parse(content)
    except html5lib.html5parser.ParseError as exc:
        line = parser.errors[0][0][0] if parser.errors else "?"
        lines = content.splitlines()
        context = lines[int(line) - 1] if isinstance(line, int) and line <= len(lines) else ""
        raise AssertionError(f"Invalid HTML at line {line}: {exc}\n{context}") from exc
    assert len(document.findall(".//h1")) == 1, "every page has exactly one h1"
    for img in document.iter("img"):
        assert img.get("alt") is not None, f"image without alt: {img.get('src')}"
    assert document.find(".//main") is not None
    return document
