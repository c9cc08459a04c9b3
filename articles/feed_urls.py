from django.urls import path

from core.feeds import ATOM_SUFFIX, atom

from . import feeds

app_name = "feeds"

# Each RSS feed and its Atom twin (the same address followed by atom/).
FEEDS = [
    ("", feeds.ArticleFeed, "articles"),
    ("category/<slug:slug>/", feeds.CategoryFeed, "category"),
    ("topic/<slug:slug>/", feeds.TopicFeed, "topic"),
    ("author/<slug:slug>/", feeds.AuthorFeed, "author"),
]

urlpatterns = [
    pattern
    for route, feed, name in FEEDS
    for pattern in (
        path(route, feed.as_view(), name=name),
        path(route + ATOM_SUFFIX, atom(feed).as_view(), name=f"{name}_atom"),
    )
]
