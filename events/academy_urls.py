from django.urls import path

from . import views

app_name = "academy"

urlpatterns = [
    path("", views.academy, name="index"),
    path("<slug:slug>/", views.lecture_detail, name="lecture"),
]
