from django import template
from django.template.loader import get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """Render a registered page section with its own context on top of the page's."""
    with context.push(section.context):
        return get_template(section.template).template.render(context)
