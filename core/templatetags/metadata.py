from django import template
from django.utils import translation

from core.metadata import Resolved, full_path, language_versions, resolve

register = template.Library()


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """The page's resolved metadata: from `metadata`, else `object` or `flatpage`, else defaults.

    Used once, in templates/base.html: `{% page_metadata as page_meta %}`. A list's `page` (a
    Paginator page) numbers the title and canonical link of its later pages. A view may give
    `metadata` already resolved (kept: articles.views).
    """
    source = None
    for name in ("metadata", "object", "flatpage"):
        source = context.get(name)
        if source is not None:
            break
    if isinstance(source, Resolved):
        return source
    return resolve(context.get("request"), source, page=context.get("page"))


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name, URL, is current)] of this page in each language, for a language switch
    outside the public pages' metadata (the admin's): `core.metadata.language_versions`."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    return [
        (code, name, url, code == current)
        for code, name, url in language_versions(full_path(request))
    ]
