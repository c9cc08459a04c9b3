"""The podcast RSS 2.0 feed: Django's feed generator plus the iTunes and Podcasting 2.0 tags."""

from core.feeds import SafeRssFeed

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# Podcasting 2.0. The spec names https://podcastindex.org/namespace/1.0 and requires clients to
# treat this original address as the same namespace; gPodder's podcastparser knows only this one.
PODCAST_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


def _bool(value):
    return "true" if value else "false"


class PodcastFeedGenerator(SafeRssFeed):
    """RSS 2.0 (control characters stripped, see core.feeds) with the podcast tags."""

    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:itunes": ITUNES_NS,
            "xmlns:podcast": PODCAST_NS,
            "xmlns:content": CONTENT_NS,
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        handler.startElement("image", {})
        handler.addQuickElement("url", feed["artwork"])
        handler.addQuickElement("title", feed["title"])
        handler.addQuickElement("link", feed["link"])
        handler.endElement("image")
        handler.addQuickElement("itunes:image", attrs={"href": feed["artwork"]})
        for parent, child in feed["categories_itunes"]:
            handler.startElement("itunes:category", {"text": parent})
            if child:
                handler.addQuickElement("itunes:category", attrs={"text": child})
            handler.endElement("itunes:category")
        handler.addQuickElement("itunes:explicit", _bool(feed["explicit"]))
        handler.addQuickElement("itunes:author", feed["itunes_author"])
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", feed["owner_name"])
        handler.addQuickElement("itunes:email", feed["owner_email"])
        handler.endElement("itunes:owner")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("podcast:guid", feed["podcast_guid"])
        handler.addQuickElement("podcast:locked", "no")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:title", item["title"])
        handler.addQuickElement("itunes:duration", str(item["duration"]))
        handler.addQuickElement("itunes:episodeType", item["episode_type"])
        if item["season"] is not None:
            handler.addQuickElement("itunes:season", str(item["season"]))
        if item["number"] is not None:
            handler.addQuickElement("itunes:episode", str(item["number"]))
        handler.addQuickElement("itunes:explicit", _bool(item["explicit"]))
        if item["artwork"]:
            handler.addQuickElement("itunes:image", attrs={"href": item["artwork"]})
        if item["show_notes"]:
            handler.addQuickElement("content:encoded", item["show_notes"])
        for role, name, href, img in item["people"]:
            attrs = {"role": role, "href": href}
            if img:
                attrs["img"] = img
            handler.addQuickElement("podcast:person", name, attrs)
        if item["transcript"]:
            handler.addQuickElement(
                "podcast:transcript",
                attrs={
                    "url": item["transcript"],
                    "type": "text/plain",
                    "language": item["language"],
                },
            )
