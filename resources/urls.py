from django.urls import path

from core.citations import citation_urls

from . import views

app_name = "resources"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("books/", views.book_list, name="books"),
    path("books/<slug:slug>/", views.book_detail, name="book"),
    *citation_urls(views.visible_book, prefix="books/"),
    path("syllabi/", views.syllabus_list, name="syllabi"),
    path("syllabi/<slug:slug>/", views.syllabus_detail, name="syllabus"),
]
