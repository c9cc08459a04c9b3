from django import template

from core import menus

register = template.Library()


@register.inclusion_tag("includes/menu.html", takes_context=True)
def main_menu(context):
    """The main menu as editors arranged it (core.menus): no query while it is kept. An error
    page (`kept_menu_only`, core.errors) shows it only if it is kept: it needs no database."""
    return {"menu": menus.main_menu(build_missing=not context.get("kept_menu_only"))}
