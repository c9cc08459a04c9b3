"""Addresses of the comments app itself; each kind of item adds its own with
`comments.views.comment_urls()`."""

from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
