"""Sharing cards: what Open Graph and Twitter tags say about a page when its link is shared."""

from dataclasses import dataclass

from django.utils.text import Truncator

SITE_NAME = "Filmsite"
# Link previews show about two lines; search engines about 160 characters.
DESCRIPTION_CHARS = 200


@dataclass(frozen=True, slots=True)
class ShareImage:
    """An image a card shows, with an absolute URL and its size in pixels."""

    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True, slots=True)
class SharingCard:
    """A page's card: `kind` is its og:type (video.movie, profile, article, website)."""

    kind: str
    title: str
    description: str
    url: str
    image: ShareImage | None = None
    # More og: properties of the kind, as (property, content) pairs (video:release_date...).
    properties: tuple[tuple[str, str], ...] = ()

    @property
    def twitter_card(self) -> str:
        """A wide card for a wide image (one drawn for sharing); a small one for a poster or a
        photo, which a wide card would crop to a strip."""
        if self.image and self.image.width > self.image.height:
            return "summary_large_image"
        return "summary"


def short_description(text: str) -> str:
    """`text` on one line, cut at a word to fit a description."""
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_CHARS)
