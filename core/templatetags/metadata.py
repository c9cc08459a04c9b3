from django import template

from core.metadata import resolve

register = template.Library()


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """The page's resolved metadata: from `metadata`, else `object` or `flatpage`, else defaults.

    Used once, in templates/base.html: `{% page_metadata as page_meta %}`. A list's `page` (a
    Paginator page) numbers the title and canonical link of its later pages.
    """
    source = None
    for name in ("metadata", "object", "flatpage"):
        source = context.get(name)
        if source is not None:
            break
    return resolve(context.get("request"), source, page=context.get("page"))
