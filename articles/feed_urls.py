from django.urls import path

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("", feeds.ArticleFeed.as_view(), name="articles"),
    path("category/<slug:slug>/", feeds.CategoryFeed.as_view(), name="category"),
    path("topic/<slug:slug>/", feeds.TopicFeed.as_view(), name="topic"),
    path("author/<slug:slug>/", feeds.AuthorFeed.as_view(), name="author"),
]
