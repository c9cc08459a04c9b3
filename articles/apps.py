from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from core.metadata import register_site_feed
        from core.publishing import content_changed
        from core.sections import (
            register_home_section,
            register_people_section,
            register_person_section,
        )

        from . import sections, tasks
        from .models import Article

        register_person_section(10, sections.person_articles)
        register_home_section(10, sections.home_recommended)
        register_people_section(10, sections.people_articles)
        register_site_feed(
            lambda: gettext("%(site)s: articles") % {"site": settings.SITE_NAME},
            "feeds:articles",
            atom=True,
        )
        content_changed.connect(tasks.queue_memo_pdf, sender=Article, dispatch_uid="memo_pdf")
