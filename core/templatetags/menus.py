from django import template

from core import menus

register = template.Library()


@register.inclusion_tag("includes/menu.html")
def main_menu():
    """The main menu as editors arranged it (core.menus): no query while it is cached."""
    return {"menu": menus.main_menu()}
