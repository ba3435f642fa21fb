"""Shared fragments: pieces of a page every reader sees alike, kept rendered per version.

`{% shared_fragment "name" version [part ...] %}...{% endshared_fragment %}` stores what it
encloses under its name, the version of what it shows (which every write showing in it
changes), the parts that tell fragments of one name apart, and the build. Members get them
without rendering; their own parts around the fragments are rendered for them.
"""

from typing import Any

from django import template
from django.conf import settings
from django.template.base import FilterExpression, NodeList, Parser, Token

from filmsite import replica
from filmsite.pagecache import store
from filmsite.pagecache.pages import fragment_key

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, name: str, parts: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def key(self, context: template.Context) -> str:
        return fragment_key(self.name, *(part.resolve(context) for part in self.parts))

    def prepare(self, context: template.Context) -> None:
        """Read what a fragment about to be rendered needs (none by default)."""

    def render(self, context: template.Context) -> str:
        if not settings.PAGE_CACHE:  # switched off: every page is rendered whole
            self.prepare(context)
            return self.nodelist.render(context)
        key = self.key(context)
        html: str | None = store.get(key)
        if html is None:
            # Whatever the fragment still reads must be as new as its version (filmsite/replica.py).
            replica.read_from_primary()
            self.prepare(context)
            html = self.nodelist.render(context)
            store.put(key, html)
        return html


def parse_fragment(parser: Parser, token: Token, node_class: type[Any]) -> Any:
    """`{% tag "name" expression ... %}...{% endtag %}` as `node_class(nodelist, name, parts)`."""
    tag, *bits = token.split_contents()
    if len(bits) < 2 or len(bits[0]) < 2 or bits[0][0] not in "\"'" or bits[0][0] != bits[0][-1]:
        raise template.TemplateSyntaxError(f'{{% {tag} "name" ... %}} takes a quoted name first.')
    nodelist = parser.parse((f"end{tag}",))
    parser.delete_first_token()
    return node_class(nodelist, bits[0][1:-1], [parser.compile_filter(bit) for bit in bits[1:]])


@register.tag
def shared_fragment(parser: Parser, token: Token) -> SharedFragmentNode:
    """The first part after the name is the version; an entry of an older one is never read."""
    node: SharedFragmentNode = parse_fragment(parser, token, SharedFragmentNode)
    return node
