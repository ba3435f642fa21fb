"""The film page's shared fragments: the facts, trailers and credits every reader sees alike.

`{% film_fragment "name" film %}...{% endfilm_fragment %}` is a shared fragment
(filmsite/pagecache) under the film's `page_version`, which every write showing on the page
changes. The view reads the film's row alone; a fragment that must be rendered reads the
rest of what the page shows first.
"""

from django import template
from django.db.models import prefetch_related_objects
from django.template.base import Parser, Token

from catalog.models import Film, detail_page_lookups
from filmsite.pagecache.pages import fragment_key
from filmsite.pagecache.templatetags.pagecache import SharedFragmentNode, parse_fragment

register = template.Library()


class FilmFragmentNode(SharedFragmentNode):
    def key(self, context: template.Context) -> str:
        film: Film = self.parts[0].resolve(context)
        return fragment_key(self.name, film.page_version, film.pk)

    def prepare(self, context: template.Context) -> None:
        # Once per film and request, whichever fragment comes first: the others find the
        # lookups done.
        prefetch_related_objects([self.parts[0].resolve(context)], *detail_page_lookups())


@register.tag
def film_fragment(parser: Parser, token: Token) -> FilmFragmentNode:
    node: FilmFragmentNode = parse_fragment(parser, token, FilmFragmentNode)
    if len(node.parts) != 1:
        raise template.TemplateSyntaxError('{% film_fragment "name" film %} takes one film.')
    return node
