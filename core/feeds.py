"""Feeds: per request, in RSS and Atom, never failing on what an editor pasted.

XML 1.0 forbids most control characters; Django's feed generator raises
UnserializableContentError when a title or summary contains one (text pasted from Word
or a PDF often does). `SafeRssFeed` and `SafeAtomFeed` strip them from every string before
writing, and write every author (one `<dc:creator>`, or one Atom `<author>`, each) so
co-authors are credited too.

`RequestFeed` is a syndication Feed made for each request, so that its links are absolute on
the request's host, as canonical links and sitemaps are (Django's Feed would prefix the Sites
framework's domain). A feed that names its items' versions (`item_versions`) writes each item's
XML once per version and keeps it (core.pagecache.kept_parts): after a change, a feed of
thirty items writes only the one that changed. `atom(FeedClass)` is the same feed in Atom 1.0;
its address is the RSS feed's followed by `atom/` (`ATOM_SUFFIX`), and pages announce both
(core.metadata.FeedLink with `atom=True`).
"""

import re
from io import StringIO

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.xmlutils import SimplerXMLGenerator

from .pagecache import kept_parts, parts_kept

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


class WrittenItems:
    """A feed generator that can write each item apart (`items_xml()`) and be given its items
    as XML already written (`written`, in order, with `latest`: the newest date among them, the
    channel's lastBuildDate or updated)."""

    written = None
    latest = None

    def items_xml(self):
        """The XML of each item, as write() writes it inside the channel."""
        found, items = [], self.items
        try:
            for item in items:
                stream = StringIO()
                self.items = [item]
                super().write_items(SimplerXMLGenerator(stream, "utf-8", short_empty_elements=True))
                found.append(stream.getvalue())
        finally:
            self.items = items
        return found

    def write_items(self, handler):
        if self.written is None:
            return super().write_items(handler)
        for xml in self.written:
            handler.ignorableWhitespace(xml)  # written out as it is, already escaped
        return None

    def latest_post_date(self):
        return (
            self.latest if self.written is not None and self.latest else super().latest_post_date()
        )


class SafeRssFeed(WrittenItems, Rss201rev2Feed):
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


class SafeAtomFeed(WrittenItems, Atom1Feed):
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

    # Items kept per version. `making`: the pks of the items to write, while they are written.
    making = None

    def item_versions(self, obj):
        """[(pk, version, date)] of the feed's items in order: `version` changes with anything
        the item's XML shows but a record's change (a person's name, a category's: those renew
        every kept part), `date` is the newest of its dates. None (the default): each item is
        written on every request. A feed that names them narrows its `items` to `making`."""
        return None

    def item_extra_kwargs(self, item):
        return {"pk": item.pk}  # so that the item written can be told apart (get_feed)

    def get_feed(self, obj, request):
        versions = self.item_versions(obj)
        if versions is None or not parts_kept():
            return super().get_feed(obj, request)
        place = (
            f"{self.feed_type.__name__}:{get_language()}:{request.scheme}://{request.get_host()}"
        )
        names = {f"feed-item:{place}:{pk}:{version}": pk for pk, version, _date in versions}

        def write(missing):
            self.making = [names[name] for name in missing]
            try:
                made = super(RequestFeed, self).get_feed(obj, request)
            finally:
                self.making = None
            by_pk = {
                item["pk"]: xml for item, xml in zip(made.items, made.items_xml(), strict=True)
            }
            return {name: by_pk[names[name]] for name in missing if names[name] in by_pk}

        written = kept_parts(names, write)
        self.making = []  # the channel alone, with the items' XML written as kept
        try:
            feed = super().get_feed(obj, request)
        finally:
            self.making = None
        # An item gone between the two queries (unpublished meanwhile) is left out.
        feed.written = [written[name] for name in names if name in written]
        feed.latest = max((date for _pk, _version, date in versions), default=None)
        return feed

    def feed_url(self, obj):
        return self.absolute(self.request.path)

    def subtitle(self, obj):
        # Atom's <subtitle> is RSS's <description>.
        return self._get_dynamic_attr("description", obj)


def atom(feed_class):
    """`feed_class` (an RSS feed) as Atom 1.0."""
    feed_type = SafeAtomFeed if issubclass(feed_class.feed_type, SafeRssFeed) else Atom1Feed
    return type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": feed_type})
