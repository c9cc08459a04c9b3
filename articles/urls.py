from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("topic/<slug:slug>/", views.topic_detail, name="topic"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
