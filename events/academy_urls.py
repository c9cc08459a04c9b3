from django.urls import path

from core.citations import citation_urls

from . import views

app_name = "academy"

urlpatterns = [
    path("", views.academy, name="index"),
    path("<slug:slug>/", views.lecture_detail, name="lecture"),
    *citation_urls(views.visible_lecture),
]
