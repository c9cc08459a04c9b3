"""Policy memo PDFs made from the text, for memos whose editors upload none.

When a memo is published or changed (core.publishing.content_changed) and has no uploaded PDF,
`articles.tasks.make_memo_pdf` is queued (django-tasks: the worker typesets it, never the
reader's request). The PDF is typeset by Typst (core.typeset) from `memo_data(article)` with
`articles/typst/memo.typ`: A4, the network's heading, memo number, authors and affiliations,
date, the figure with its credit, summary, body with its notes (link addresses become
footnotes) and the citation line, in the memo's language (Libertinus Serif, embedded, has
Cyrillic). It is stored in `Article.pdf_generated` (named and served like an uploaded PDF);
`Article.pdf_problem` says why none could be made. `fingerprint()` of what the PDF shows decides
whether a change needs a new one, so saving a memo twice typesets it once.
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.metadata import site_url
from core.typeset import html_tree

TEMPLATE = Path(__file__).resolve().parent / "typst" / "memo.typ"
FIGURE = "figure.jpg"


def memo_data(article, with_citation=True):
    """What the memo PDF shows, as JSON-ready data (strings are shown as text)."""
    with translation.override(article.language):
        number = article.memo_number
        series = _("%(site)s Policy Memo") % {"site": settings.SITE_NAME}
        series_line = (
            _("Policy Memo No. %(number)s") % {"number": number} if number else _("Policy Memo")
        )
        published = timezone.localtime(article.published_at).date()
        data = {
            "language": article.language,
            "network": settings.SITE_NAME,
            "network_tagline": settings.SITE_URL.split("://")[-1].rstrip("/"),
            "series": f"{series} No. {number}" if number else series,
            "series_line": series_line,
            "title": article.title,
            "short_title": article.title if len(article.title) <= 70 else article.title[:69] + "…",
            "authors": [
                {"name": person.name, "affiliation": person.affiliation}
                for person in article.credited_people
            ],
            "date": formats.date_format(published, "j E Y"),
            "summary": article.summary,
            "body": html_tree(article.body),
            "url": site_url(article.get_absolute_url()),
            "figure": {"file": FIGURE, "credit": article.image_credit} if article.image else None,
            "labels": {"cite_as": _("Cite as:")},
            "citation": "",
        }
        if with_citation:
            chicago = dict(
                (key, text) for key, _label, text in article.get_reference(None).formatted()
            )
            data["citation"] = chicago["chicago"]
    return data


def figure_files(article):
    """The memo's picture for the PDF: its large JPEG rendition (made if missing)."""
    if not article.image:
        return {}
    rendition = article.image_large_fallback
    rendition.generate()
    with rendition.storage.open(rendition.name, "rb") as handle:
        return {FIGURE: handle.read()}


def fingerprint(article):
    """A digest of what the PDF shows (the citation's access date aside) and of the layout."""
    data = memo_data(article, with_citation=False)
    data["image"] = article.image.name if article.image else ""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False) + TEMPLATE.read_text()
    return hashlib.sha256(text.encode()).hexdigest()
