from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.sections import SectionsConfig


class ArticlesConfig(SectionsConfig):
    default = True
    name = "articles"
    verbose_name = _("Articles")
    sections = {
        "person": [(10, "person_articles")],
        "home": [(5, "home_memos"), (10, "home_recommended")],
        "people": [(10, "people_articles")],
    }

    def ready(self):
        super().ready()
        from core.metadata import register_site_feed
        from core.publishing import content_changed

        from . import tasks
        from .models import Article

        register_site_feed(
            lambda: gettext("%(site)s: articles") % {"site": settings.SITE_NAME},
            "feeds:articles",
            atom=True,
        )
        content_changed.connect(tasks.queue_memo_pdf, sender=Article, dispatch_uid="memo_pdf")
