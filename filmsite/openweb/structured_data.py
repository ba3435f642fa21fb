"""JSON-LD (schema.org) in a page: a dict serialised so that no text inside can end the script.

Apps build their own dicts (catalog: Movie and Person; reviews: Review) with absolute URLs
from `addresses`; this module only wraps them as `<script type="application/ld+json">`.
"""

import json
from collections.abc import Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .addresses import absolute_url

SCHEMA_CONTEXT = "https://schema.org"
# What django.utils.html.json_script escapes: inside a JSON string "<" cannot start
# "</script>" or "<!--", and "&" cannot start an entity, whatever a user typed.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: Mapping[str, Any]) -> SafeString:
    """`data` as a JSON-LD script element, with schema.org as its context."""
    document = {"@context": SCHEMA_CONTEXT, **data}
    text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_ESCAPES)),  # nothing in it can close the element
    )


def graph(*nodes: Mapping[str, Any] | None) -> dict[str, Any]:
    """Several schema.org things in one document, leaving out the Nones."""
    return {"@graph": [node for node in nodes if node]}


def breadcrumbs(*trail: tuple[str, str]) -> dict[str, Any]:
    """A BreadcrumbList of (name, path) pairs, from the home page down to this page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def rating(value: int | float, *, best: int = 10, worst: int = 1) -> dict[str, Any]:
    """A schema.org Rating on this site's 1 to 10 scale."""
    return {"@type": "Rating", "ratingValue": value, "bestRating": best, "worstRating": worst}
