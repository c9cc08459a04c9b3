from django.urls import path

from comments.views import comment_urls

from . import views

app_name = "events"

urlpatterns = [
    path("", views.upcoming, name="upcoming"),
    path("past/", views.past, name="past"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:slug>/calendar.ics", views.series_calendar, name="series_calendar"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    *comment_urls(views.live_events, views.render_event),
]
