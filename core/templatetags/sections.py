from django import template
from django.template.loader import get_template
from django.utils.translation import get_language

from core import pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """Render a registered page section with its own context on top of the page's; one made by
    core.sections.kept_section from its kept HTML when there is one."""

    def render(values):
        with context.push(values):
            return get_template(section.template).template.render(context)

    if section.load is None:
        return render(section.context)
    name = section.kept_name(f"{get_language()}:{context.get('LANGUAGE_CODE')}")
    return pagecache.kept_parts(
        [name], lambda missing: {name: render(section.load() or {})}, items={name: section.shows}
    )[name]
