from django import template

from core.metadata import resolve

register = template.Library()


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """The page's resolved metadata: from `metadata`, else `object` or `flatpage`, else defaults.

    Used once, in templates/base.html: `{% page_metadata as page_meta %}`.
    """
    request = context.get("request")
    if request is None:
        return None
    source = None
    for name in ("metadata", "object", "flatpage"):
        source = context.get(name)
        if source is not None:
            break
    return resolve(request, source)
