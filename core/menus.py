"""The site's main menu, as editors arrange it in the admin (core.models.MenuItem).

The tree of each language is built once (one query) and kept in the default cache until an
entry changes; pages render it from there, so the menu costs a page no query. An address on
this site is stored as its English path and shown in the reader's language (/ru/…)."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, translate_url
from django.utils.translation import get_language, gettext, override

from . import pagecache
from .models import MenuItem
from .vocabulary import localized

CACHE_KEY = "menu:main:{language}"
HTML_KEY = "menu:main:html:{language}"
# A change clears the kept trees at once; this bounds how long a tree can stay stale when the
# cache could not be told (it was down while an editor saved).
KEPT_SECONDS = 3600
LANGUAGES = ("en", "ru")


def link_problem(link):
    """Why `link` cannot be a menu entry's address, in words for editors (None: it can)."""
    if not link or link.startswith(("https://", "http://")):
        return None
    if not link.startswith("/"):
        return gettext("Start the address with “/” (this site) or “https://” (another site).")
    try:
        resolve(link.split("?")[0].split("#")[0])
    except Resolver404:
        return gettext("There is no page at %(link)s on this site.") % {"link": link}
    return None


def _href(link, language):
    """A stored English path in `language` (/about/ -> /ru/about/); other addresses as they are."""
    if not link.startswith("/") or language == settings.LANGUAGE_CODE:
        return link
    with override(settings.LANGUAGE_CODE):  # stored paths resolve in the default language
        return translate_url(link, language)


def build(language):
    """[{"label", "href", "children": [...]}, …] of the main menu in `language` (one query)."""
    items = list(MenuItem.objects.all())
    children = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)

    def nodes(parent_id):
        return [
            {
                "label": localized(item.name, item.name_ru, language).replace(
                    "{site}", settings.SITE_NAME
                ),
                "href": _href(item.link, language) if item.link else "",
                "children": nodes(item.pk),
            }
            for item in children.get(parent_id, [])
        ]

    return nodes(None)


def main_menu(build_missing=True):
    """The tree in the active language: kept in the page cache's cache, else built and kept.
    While that cache is down it is built for each page (core.pagecache's pause applies: one
    failed attempt per process every PAUSE seconds), and the page is served all the same.
    `build_missing=False` (the error pages, which need no database): the kept tree or none."""
    language = get_language() if get_language() in LANGUAGES else LANGUAGES[0]
    key = CACHE_KEY.format(language=language)
    tree, kept = None, pagecache.cache_available()
    if kept:
        try:
            tree = pagecache.cache().get(key)
        except Exception as error:  # noqa: BLE001 -- any cache backend's failure
            pagecache.cache_failed(error)
            kept = False
    if tree is None and build_missing:
        with pagecache.declared():  # a record: its change renews the records token (forget)
            tree = build(language)
        if kept:
            try:
                pagecache.cache().set(key, tree, timeout=KEPT_SECONDS)
            except Exception as error:  # noqa: BLE001
                pagecache.cache_failed(error)
    return tree or []


def main_menu_html(build_missing=True):
    """The menu's HTML in the active language, rendered once per kept tree and kept beside it
    (rendering the tree's three levels cost each page more than the rest of its header)."""
    language = get_language() if get_language() in LANGUAGES else LANGUAGES[0]
    key = HTML_KEY.format(language=language)
    if pagecache.cache_available():
        try:
            html = pagecache.cache().get(key)
        except Exception as error:  # noqa: BLE001
            pagecache.cache_failed(error)
        else:
            if html is not None:
                return html
    tree = main_menu(build_missing)
    html = render_to_string("includes/menu.html", {"menu": tree})
    if tree and pagecache.cache_available():
        try:
            pagecache.cache().set(key, html, timeout=KEPT_SECONDS)
        except Exception as error:  # noqa: BLE001
            pagecache.cache_failed(error)
    return html


def forget_cached():
    """Every language's tree is built again on its next use."""
    pagecache.cache().delete_many(
        [key.format(language=code) for code in LANGUAGES for key in (CACHE_KEY, HTML_KEY)]
    )


@receiver(post_save, sender=MenuItem, dispatch_uid="menu_saved")
@receiver(post_delete, sender=MenuItem, dispatch_uid="menu_deleted")
def forget(sender=None, **kwargs):
    """An entry changed: its trees are built again, and every cached page too. With the cache
    down the change is saved all the same (a kept tree is stale for KEPT_SECONDS at most)."""
    try:
        forget_cached()
    except Exception as error:  # noqa: BLE001
        pagecache.cache_failed(error)
    pagecache.bump(records=True)
