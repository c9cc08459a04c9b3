"""{% kept "name" [condition] [records] %}…{% endkept %}: part of a page rendered once per change
of content (core.pagecache.fragment), for every reader. With a condition, only while it is true
(an item's page keeps its content only while the item is live: a draft's preview is rendered
each time). With the word `records` last, the part shows records readers see and nothing
publishable (the member directory): it is kept until such a record changes, across
publications and comments (core.pagecache.remember's `records`).

What only the part shows, the view gives as `kept_context`: a function returning a dict, called
only when the part is rendered, so that its queries run once per change of content too."""

from django import template

from core import pagecache

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, name, condition, nodelist, records=False):
        self.name, self.condition, self.nodelist = name, condition, nodelist
        self.records = records

    def render(self, context):
        if self.condition is not None and not self.condition.resolve(context, True):
            return self.render_part(context)
        name = self.name.resolve(context)
        return pagecache.fragment(
            context.get("request"), name, lambda: self.render_part(context), self.records
        )

    def render_part(self, context):
        compute = context.get("kept_context")
        if compute is None:
            return self.nodelist.render(context)
        with context.push(compute()):
            return self.nodelist.render(context)


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    records = bits[-1] == "records" and len(bits) > 2
    if records:
        bits = bits[:-1]
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a name and, optionally, a condition")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    condition = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return KeptNode(parser.compile_filter(bits[1]), condition, nodelist, records)
