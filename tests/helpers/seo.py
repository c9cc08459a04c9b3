"""Helpers shared by the feed, sitemap and metadata tests: read what crawlers read."""

import json
import re
from xml.etree import ElementTree

import html5lib

# What each schema.org type we publish must carry (Google's required and recommended fields).
REQUIRED_FIELDS = {
    "Article": {"headline", "datePublished", "dateModified", "author", "image", "publisher", "url"},
    "ScholarlyArticle": {
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "image",
        "publisher",
        "url",
    },
    "Person": {"name", "url"},
    "ProfilePage": {"mainEntity", "url"},
    "Organization": {"name"},
    "WebSite": {"name", "url"},
    "WebPage": {"name", "url"},
    "CollectionPage": {"name", "url"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
    "ImageObject": {"url"},
    "MediaObject": {"contentUrl"},
    "PostalAddress": set(),
    "Place": set(),
    "SearchAction": {"target", "query-input"},
    "EntryPoint": {"urlTemplate"},
    "PodcastSeries": {"name", "url"},
    "PodcastEpisode": {"name", "url", "partOfSeries"},
    "AudioObject": {"contentUrl"},
    "PodcastSeason": {"seasonNumber"},
    "Event": {"name", "startDate", "location", "organizer"},
    "VirtualLocation": {"url"},
    "Book": {"name"},
    "Course": {"name", "description", "provider"},
}


def document(response):
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    return parser.parse(response.content.decode())


def json_ld_blocks(response):
    """Every JSON-LD block on the page, parsed; fails on one that is not valid JSON."""
    blocks = []
    for script in document(response).iter("script"):
        if script.get("type") == "application/ld+json":
            blocks.append(json.loads(script.text))
    return blocks


def check_schema(node, path="$"):
    """Every typed object has its required fields, recursively; returns the types seen."""
    seen = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            seen += check_schema(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        kind = node.get("@type")
        if kind:
            assert kind in REQUIRED_FIELDS, f"{path}: unexpected type {kind}"
            # A reference to an object described elsewhere on the page needs only its @id.
            if not ("@id" in node and set(node) <= {"@type", "@id", "name"}):
                missing = REQUIRED_FIELDS[kind] - set(node)
                assert not missing, f"{path} ({kind}) misses {sorted(missing)}"
            seen.append(kind)
        for key, value in node.items():
            seen += check_schema(value, f"{path}.{key}")
    return seen


def checked_json_ld(response):
    """Parse and check every JSON-LD block of a page; return (blocks, types seen)."""
    blocks = json_ld_blocks(response)
    assert blocks, "the page has structured data"
    types = []
    for block in blocks:
        assert block["@context"] == "https://schema.org"
        types += check_schema(block)
    return blocks, types


def meta_tags(response):
    """{property or name: [content, …]} for every <meta> in the head."""
    tags = {}
    for meta in document(response).iter("meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            tags.setdefault(key, []).append(meta.get("content"))
    return tags


def links(response, rel):
    """The page's <link rel=…> attributes; for "alternate", the feeds (not the languages)."""
    return [
        link.attrib
        for link in document(response).iter("link")
        if link.get("rel") == rel and "hreflang" not in link.attrib
    ]


def language_links(response):
    """{hreflang: href} of the page's <link rel="alternate" hreflang=…> (its languages)."""
    return {
        link.get("hreflang"): link.get("href")
        for link in document(response).iter("link")
        if link.get("rel") == "alternate" and "hreflang" in link.attrib
    }


# The sitemaps.org schema (sitemap.xsd, siteindex.xsd) and Google's image extension, as checks.
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
XHTML_NS = "http://www.w3.org/1999/xhtml"  # <xhtml:link rel="alternate" hreflang=…>
W3C_DATETIME = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$"
)
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024


def _tag(ns, name):
    return f"{{{ns}}}{name}"


def _check_loc(element, where):
    text = (element.text or "").strip()
    assert text == element.text, f"{where}: <loc> has surrounding whitespace"
    assert 12 <= len(text) <= 2048, f"{where}: <loc> length out of range"
    assert text.startswith(("http://", "https://")), f"{where}: <loc> is not absolute: {text}"
    return text


def validate_sitemap(content):
    """Check a <urlset> as sitemap.xsd does; return [(loc, lastmod, [image locs])]."""
    assert len(content) <= MAX_BYTES
    root = ElementTree.fromstring(content)
    assert root.tag == _tag(SITEMAP_NS, "urlset"), root.tag
    entries = []
    for n, url in enumerate(root):
        where = f"url[{n}]"
        assert url.tag == _tag(SITEMAP_NS, "url"), f"{where}: unexpected {url.tag}"
        # xs:sequence: loc, lastmod?, changefreq?, priority?, then elements of other namespaces.
        order = ["loc", "lastmod", "changefreq", "priority"]
        own = [child for child in url if child.tag.startswith(f"{{{SITEMAP_NS}}}")]
        names = [child.tag.split("}")[1] for child in own]
        assert names and names[0] == "loc", f"{where}: <loc> must come first"
        assert names == sorted(names, key=order.index) and len(set(names)) == len(names), (
            f"{where}: {names}"
        )
        assert list(url)[: len(own)] == own, f"{where}: sitemap elements must precede extensions"
        loc = _check_loc(own[0], where)
        values = {child.tag.split("}")[1]: (child.text or "") for child in own}
        if "lastmod" in values:
            assert W3C_DATETIME.match(values["lastmod"]), (
                f"{where}: bad lastmod {values['lastmod']}"
            )
        if "changefreq" in values:
            assert values["changefreq"] in CHANGEFREQ
        if "priority" in values:
            assert 0.0 <= float(values["priority"]) <= 1.0
        images = []
        for extension in url[len(own) :]:
            assert not extension.tag.startswith(f"{{{SITEMAP_NS}}}"), (
                f"{where}: misplaced {extension.tag}"
            )
            if extension.tag == _tag(XHTML_NS, "link"):  # the page in another language
                assert extension.get("rel") == "alternate" and extension.get("hreflang"), where
                href = extension.get("href") or ""
                assert href.startswith(("http://", "https://")), f"{where}: relative {href}"
                continue
            assert extension.tag == _tag(IMAGE_NS, "image"), (
                f"{where}: unknown extension {extension.tag}"
            )
            image_locs = extension.findall(_tag(IMAGE_NS, "loc"))
            assert len(image_locs) == 1, f"{where}: <image:image> needs one <image:loc>"
            images.append(_check_loc(image_locs[0], where))
        entries.append((loc, values.get("lastmod"), images))
    assert len(entries) <= MAX_URLS
    return entries


def validate_sitemap_index(content):
    """Check a <sitemapindex> as siteindex.xsd does; return [(loc, lastmod)]."""
    root = ElementTree.fromstring(content)
    assert root.tag == _tag(SITEMAP_NS, "sitemapindex"), root.tag
    entries = []
    for n, sitemap in enumerate(root):
        where = f"sitemap[{n}]"
        assert sitemap.tag == _tag(SITEMAP_NS, "sitemap")
        names = [child.tag for child in sitemap]
        assert names in (
            [_tag(SITEMAP_NS, "loc")],
            [_tag(SITEMAP_NS, "loc"), _tag(SITEMAP_NS, "lastmod")],
        ), names
        loc = _check_loc(sitemap[0], where)
        lastmod = sitemap[1].text if len(sitemap) == 2 else None
        if lastmod:
            assert W3C_DATETIME.match(lastmod), f"{where}: bad lastmod {lastmod}"
        entries.append((loc, lastmod))
    assert len(entries) <= MAX_URLS
    return entries
