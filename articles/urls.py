from django.urls import path

from . import comment_views, views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("topic/<slug:slug>/", views.topic_detail, name="topic"),
    path(
        "comments/unsubscribe/<str:token>/", comment_views.unsubscribe, name="comment_unsubscribe"
    ),
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/comment/", comment_views.post_comment, name="comment"),
    path("<slug:slug>/comment/token/", comment_views.comment_token, name="comment_token"),
    path("<slug:slug>/comments/feed/", comment_views.ArticleCommentsFeed(), name="comments_feed"),
]
