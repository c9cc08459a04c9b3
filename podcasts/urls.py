from django.urls import path

from comments.views import comment_urls
from core.citations import citation_urls

from . import views

app_name = "podcasts"

urlpatterns = [
    path("", views.show_detail, name="show"),
    path("feed/", views.feed, name="feed"),
    path("<slug:slug>/", views.episode_detail, name="episode"),
    path("<slug:slug>/transcript.txt", views.episode_transcript, name="transcript"),
    *comment_urls(views.live_episodes, views.render_episode),
    *citation_urls(views.visible_episode),
]
