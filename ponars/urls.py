from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.flatpages import views as flatpage_views
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.views.generic import RedirectView

from core import editor
from core.media import media_urlpatterns, serve_unpublished

from . import sitemaps, views

# Lazy, so that they follow settings.SITE_NAME wherever it is read from.
admin.site.site_header = lazy(
    lambda: gettext("%(site)s administration") % {"site": settings.SITE_NAME}, str
)()
admin.site.site_title = lazy(
    lambda: gettext("%(site)s admin") % {"site": settings.SITE_NAME}, str
)()
# No sidebar of every model beside each list: at 1280 px it left titles ~120 px wide. The
# breadcrumbs and the front page lead everywhere.
admin.site.enable_nav_sidebar = False

# Addresses that are the same in every language: files, crawlers' entry points (the sitemap
# lists every page in each language with its alternates), and old admin links.
urlpatterns = [
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    # Comment moderation moved from the articles app's admin to the comments app's: links in
    # moderators' emails sent before keep working (the comments kept their ids).
    re_path(
        r"^admin/articles/(?P<model>comment|blockedterm)/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/comments/%(model)s/%(rest)s", query_string=True),
    ),
]

# Uploads, with headers that keep a bad file from running script (core.media); the files of
# unpublished items for staff and preview links only, from the private storage.
urlpatterns += media_urlpatterns()
urlpatterns += [path("unpublished/<path:name>", serve_unpublished, name="unpublished_file")]

# Every page, in each language of settings.LANGUAGES: English (the default) at the addresses
# it always had, Russian under /ru/. The language is the URL's, never a cookie's or the
# browser's, so a page can be cached, shared and indexed per language. The admin is here too
# (/admin/ in English, /ru/admin/ in Russian): LocaleMiddleware gives every unprefixed address
# the default language, and reversing inside the admin keeps the editor in their language.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # The rich-text editor's image uploads and embed checks (core.editor), for staff.
    path("admin/editor/image/", editor.image, name="editor_image"),
    path("admin/editor/embed/", editor.embed, name="editor_embed"),
    path("admin/", admin.site.urls),
    path("articles/", include("articles.urls")),
    path("comments/", include("comments.urls")),
    path("members/", include("members.urls")),
    path("feed/", include("articles.feed_urls")),
    path("podcasts/", include("podcasts.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("search/", include("ponars.search.urls")),
    path("resources/", include("resources.urls")),
    path("events/", include("events.urls")),
    path("academy/", include("events.academy_urls")),
    # Editable pages (About, Contact, …) answer at their own address; this comes last.
    re_path(r"^(?P<url>[-\w/]+/)$", flatpage_views.flatpage, name="flatpage"),
    prefix_default_language=False,
)

handler400 = "ponars.views.bad_request"
handler403 = "ponars.views.permission_denied"
handler404 = "ponars.views.page_not_found"
handler500 = "ponars.views.server_error"
