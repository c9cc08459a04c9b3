from django.urls import path, register_converter

from . import views
from .models import Tier


class TierConverter:
    regex = "|".join(Tier.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TierConverter, "tier")

app_name = "members"

# The directory routes come before `<slug>/`; their words are reserved person slugs.
urlpatterns = [
    path("", views.directory, name="directory"),
    path("executive-committee/", views.executive_committee, name="executive-committee"),
    path("expertise/<slug:slug>/", views.expertise, name="expertise"),
    path("<tier:tier>/", views.directory, name="tier"),
    path("<slug:slug>/", views.person_detail, name="person"),
]
