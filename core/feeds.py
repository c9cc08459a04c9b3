"""Feeds: per request, in RSS and Atom, never failing on what an editor pasted.

XML 1.0 forbids most control characters; Django's feed generator raises
UnserializableContentError when a title or summary contains one (text pasted from Word
or a PDF often does). `SafeRssFeed` and `SafeAtomFeed` strip them from every string before
writing, and write every author (one `<dc:creator>`, or one Atom `<author>`, each) so
co-authors are credited too.

`RequestFeed` is a syndication Feed made for each request, so that its links are absolute on
the request's host, as canonical links and sitemaps are (Django's Feed would prefix the Sites
framework's domain). `atom(FeedClass)` is the same feed in Atom 1.0; its address is the RSS
feed's followed by `atom/` (`ATOM_SUFFIX`), and pages announce both (core.metadata.FeedLink
with `atom=True`).
"""

import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

ATOM_SUFFIX = "atom/"

# Characters XML 1.0 does not allow (tab, newline and carriage return are fine),
# plus lone surrogates and the two non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


def xml_safe(value):
    """`value` with XML-forbidden characters removed from every string inside it."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    return value


class SafeRssFeed(Rss201rev2Feed):
    """RSS 2.0 with control characters stripped and every author as a dc:creator.

    Pass the authors' names as `authors=[...]` (through `Feed.item_extra_kwargs`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_safe(args), **xml_safe(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_safe(args), **xml_safe(kwargs))

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NAMESPACE}

    def add_item_elements(self, handler, item):
        authors = item.get("authors") or []
        super().add_item_elements(handler, {**item, "author_name": None} if authors else item)
        for name in authors:
            handler.addQuickElement("dc:creator", name)


class SafeAtomFeed(Atom1Feed):
    """Atom 1.0 with control characters stripped and one `<author>` per author, in order.

    Pass the authors' names as `authors=[...]` (through `Feed.item_extra_kwargs`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_safe(args), **xml_safe(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_safe(args), **xml_safe(kwargs))

    def add_item_elements(self, handler, item):
        authors = item.get("authors") or []
        super().add_item_elements(handler, {**item, "author_name": None} if authors else item)
        for name in authors:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class RequestFeed(Feed):
    """A syndication Feed made for each request (`Class.as_view()`), with `self.request`, so
    that `absolute(path)` is on the request's host."""

    def __init__(self, request=None):
        super().__init__()
        self.request = request

    @classmethod
    def as_view(cls):
        def view(request, *args, **kwargs):
            return cls(request)(request, *args, **kwargs)

        view.__name__ = view.__qualname__ = cls.__name__
        return view

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def feed_url(self, obj):
        return self.absolute(self.request.path)

    def subtitle(self, obj):
        # Atom's <subtitle> is RSS's <description>.
        return self._get_dynamic_attr("description", obj)


def atom(feed_class):
    """`feed_class` (an RSS feed) as Atom 1.0."""
    feed_type = SafeAtomFeed if issubclass(feed_class.feed_type, SafeRssFeed) else Atom1Feed
    return type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": feed_type})
