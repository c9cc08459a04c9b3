from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from core.metadata import register_site_feed
        from core.sections import (
            register_home_section,
            register_people_section,
            register_person_section,
        )

        from . import sections

        register_person_section(10, sections.person_articles)
        register_home_section(10, sections.home_recommended)
        register_people_section(10, sections.people_articles)
        register_site_feed(
            lambda: gettext("%(site)s: articles") % {"site": settings.SITE_NAME}, "feeds:articles"
        )
