from django.urls import path

from comments.views import comment_urls, unsubscribe
from core.citations import citation_urls

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("topic/<slug:slug>/", views.topic_detail, name="topic"),
    # Unsubscribe links emailed before comments had an app of their own (now /comments/…).
    path("comments/unsubscribe/<str:token>/", unsubscribe, name="comment_unsubscribe"),
    path("<slug:slug>/", views.article_detail, name="detail"),
    *comment_urls(views.live_articles, views.render_article),
    *citation_urls(views.visible_article),
]
