from django import template

from core.citations import download_links

register = template.Library()


@register.inclusion_tag("includes/cite.html", takes_context=True)
def cite_this(context, item, **extra):
    """The "Cite this" box of an item's page: its citation in each style, copyable, and the
    BibTeX, RIS and CSL-JSON downloads (core.citations). No query: the item's reference is
    made from what the page already loaded."""
    reference = item.get_reference(context["request"], **extra)
    return {"citations": reference.formatted(), "downloads": download_links(item)}
