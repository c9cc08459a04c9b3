"""Print documents typeset with Typst, from data rather than from markup.

`typeset(template, data, files)` compiles a Typst template that reads its content from
`data.json` (a dict made here) and any `files` (images) beside it, in a temporary directory,
and returns the PDF. Text is never spliced into Typst markup: the template receives strings
through `json()` and shows them as text, so nothing an editor typed can run as Typst code.
Rich text goes in as `html_tree(html)`: the sanitised HTML (core.sanitize) as nested
{"t": tag, "c": [children], "href": …} nodes and strings, which `core/typst/html.typ` renders.

Typst (the `typst` wheel) is self-contained: it carries the compiler and its fonts, Libertinus
Serif with Latin and Cyrillic among them, which the PDF embeds; no system library or font is
needed (`ignore_system_fonts=True`, so a PDF looks the same on every machine). Where it cannot
run, `TypesetError` says why in words an editor can read.

Nothing here imports a domain app.
"""

import json
import shutil
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

HTML_TEMPLATE = Path(__file__).resolve().parent / "typst" / "html.typ"

# The tags of core.sanitize's rich text that become print; anything else keeps its text.
KNOWN_TAGS = {
    "p", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li",
    "blockquote", "hr", "br", "a", "table", "thead", "tbody", "tr", "th", "td", "figure",
    "figcaption", "code",
}  # fmt: skip
VOID_TAGS = {"br", "hr", "img"}


class TypesetError(Exception):
    """The document could not be made; the message says why (shown to editors)."""


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = {"t": "root", "c": []}
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            if tag in KNOWN_TAGS:
                self.stack[-1]["c"].append({"t": tag})
            return
        node = {"t": tag if tag in KNOWN_TAGS else "span", "c": []}
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith(("http://", "https://", "mailto:")):
            node["href"] = href
        self.stack[-1]["c"].append(node)
        self.stack.append(node)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            name = self.stack[depth]["t"]
            if name == tag or (name == "span" and tag not in KNOWN_TAGS):
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if data:
            self.stack[-1]["c"].append(data)


def html_tree(html):
    """Rich text as nodes for core/typst/html.typ (whitespace folded, as a browser does)."""
    builder = _TreeBuilder()
    builder.feed(html or "")
    builder.close()
    return _fold(builder.root)["c"]


_BLOCKS = {"root", "ul", "ol", "table", "thead", "tbody", "tr", "blockquote", "figure"}


def _fold(node):
    children = []
    for child in node.get("c", []):
        if isinstance(child, str):
            text = " ".join(child.split())
            if not text:
                if node["t"] in _BLOCKS or not child:
                    continue
                text = " "
            elif child[:1].isspace():
                text = " " + text
            if child[-1:].isspace() and text != " ":
                text += " "
            children.append(text)
        else:
            children.append(_fold(child))
    return {**node, "c": children}


def typeset(template, data, files=None):
    """The PDF (bytes) of Typst `template` (a path) given `data` and `files` ({name: bytes})."""
    try:
        import typst
    except ImportError as exc:  # the wheel is in requirements.lock; a server may lack it
        raise TypesetError(
            f"The typesetter (Typst) is not installed on this server ({exc})."
        ) from exc
    with tempfile.TemporaryDirectory(prefix="typeset-") as folder:
        root = Path(folder)
        main = root / "main.typ"
        shutil.copyfile(template, main)
        shutil.copyfile(HTML_TEMPLATE, root / "html.typ")
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        for name, content in (files or {}).items():
            (root / Path(name).name).write_bytes(content)
        try:
            return typst.compile(str(main), root=str(root), ignore_system_fonts=True)
        except Exception as exc:  # TypstError, or the compiler failing in other ways
            raise TypesetError(f"Typst could not typeset the document: {exc}") from exc


def timed_typeset(template, data, files=None):
    """(PDF, seconds taken)."""
    start = time.perf_counter()
    pdf = typeset(template, data, files)
    return pdf, time.perf_counter() - start
