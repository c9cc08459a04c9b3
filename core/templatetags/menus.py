from django import template

from core import menus

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main menu as editors arranged it (core.menus): no query and no rendering while it is
    kept. An error page (`kept_menu_only`, core.errors) shows it only if it is kept: it needs
    no database."""
    return menus.main_menu_html(build_missing=not context.get("kept_menu_only"))
