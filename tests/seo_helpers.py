"""Helpers shared by the feed, sitemap and metadata tests: read what crawlers read."""

import json

import html5lib

# What each schema.org type we publish must carry (Google's required and recommended fields).
REQUIRED_FIELDS = {
    "Article": {"headline", "datePublished", "dateModified", "author", "image", "publisher", "url"},
    "ScholarlyArticle": {"headline", "datePublished", "dateModified", "author", "image", "publisher", "url"},
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
    "Event": {"name", "startDate", "location", "organizer"},
    "VirtualLocation": {"url"},
    "Book": {"name"},
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
    return [link.attrib for link in document(response).iter("link") if link.get("rel") == rel]
