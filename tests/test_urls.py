"""Every page the site serves is found in one hop from `filmsite/urls.py`, by one pattern only."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import PathConverter, StringConverter

from filmsite.converters import UnicodeSlugConverter, UsernameConverter

# A value each path converter accepts, to make a path that a pattern itself serves.
SAMPLES = {
    "int": "7",
    "slug": "a-sample-slug",
    "username": "a.sample@member",
    "str": "sample",
    "path": "sample/path",
}


def site_entries(resolver=None, prefix=""):
    """(full regex, entry) for every pattern and include outside the admin, prefixes joined."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        regex = prefix + entry.pattern.regex.pattern.lstrip("^")
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin ends in a catch-all of its own, by design
            yield regex, entry
            yield from site_entries(entry, regex)
        else:
            yield regex, entry


def endpoint_patterns():
    """(full regex, route) for every endpoint."""
    for regex, entry in site_entries():
        if isinstance(entry, URLPattern):
            yield regex, str(entry.pattern)


def sample_path(regex):
    """A path the regex matches: each named group filled with its converter's sample."""
    path = re.sub(r"\(\?P<\w+>\[0-9\]\+\)", SAMPLES["int"], regex)
    path = re.sub(r"\(\?P<\w+>\[-a-zA-Z0-9_\]\+\)", SAMPLES["slug"], path)
    unicode_slug = re.escape(f"{UnicodeSlugConverter.regex})")
    path = re.sub(r"\(\?P<\w+>" + unicode_slug, SAMPLES["slug"], path)
    username = re.escape(f"(?P<username>{UsernameConverter.regex})")
    path = re.sub(username, SAMPLES["username"], path)
    path = re.sub(r"\(\?P<\w+>\[\^/\]\+\)", SAMPLES["str"], path)
    path = re.sub(r"\(\?P<\w+>\.\+\)", SAMPLES["path"], path)
    return path.removesuffix(r"\Z").removesuffix("$").replace("\\", "")


PATTERNS = list(endpoint_patterns())


@pytest.mark.parametrize(("regex", "route"), PATTERNS, ids=[route for _, route in PATTERNS])
def test_no_path_is_served_by_two_patterns(regex, route):
    path = sample_path(regex)
    assert re.fullmatch(regex, path), f"the sample {path!r} does not match its own pattern"
    matches = [other for other, _ in PATTERNS if re.fullmatch(other, path)]
    assert matches == [regex], f"/{path} matches {len(matches)} patterns: {matches}"


def test_the_pattern_list_includes_every_app():
    routes = {route for _, route in PATTERNS}
    assert {"films/<uslug:slug>/", "reviews/<int:pk>/", "accounts/login/", "healthz"} <= routes


def test_no_route_takes_any_text_as_a_parameter():
    """`str` and `path` pass NUL and control characters to views; PostgreSQL refuses NUL."""
    loose = [
        f"{regex} <{name}>"
        for regex, entry in site_entries()
        for name, converter in getattr(entry.pattern, "converters", {}).items()
        if type(converter) in (StringConverter, PathConverter)  # `slug` subclasses `str`
    ]
    assert loose == []
