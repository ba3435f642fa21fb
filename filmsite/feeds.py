"""What every feed shares: RSS and Atom from one class, and absolute links from SITE_URL.

Django's `Feed` completes relative links with the request's Host header; these give it
absolute ones made from `settings.SITE_URL`, which it leaves as they are, so a feed fetched
under another name (or a forged Host) still points at the site.
"""

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Model
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed

# Entries a feed carries: the newest, as readers poll it.
FEED_SIZE = 30


def absolute(path: str) -> str:
    """The site's address of a path on it."""
    return settings.SITE_URL + path


class SiteFeed(Feed):
    """A feed served at `viewname` (RSS); `AtomFeed` makes its Atom twin."""

    viewname = ""

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        """The URL arguments of the feed about `obj` (None for a site-wide feed)."""
        return {}

    def feed_url(self, obj: Any) -> str:
        return absolute(reverse(self.viewname, kwargs=self.url_kwargs(obj)))

    def item_link(self, item: Model) -> str:
        return absolute(item.get_absolute_url())  # type: ignore[attr-defined]


class AtomFeed(SiteFeed):
    """Put before a `SiteFeed` subclass: its entries as Atom, its description the subtitle."""

    feed_type: type[SyndicationFeed] = Atom1Feed

    def subtitle(self, obj: Any) -> str:
        # Feed's own way of reading an attribute or method; django-stubs leave it out.
        return str(self._get_dynamic_attr("description", obj))  # type: ignore[attr-defined]
