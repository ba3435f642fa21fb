"""Share images for films without a poster: the title card, drawn wide for link previews.

A film's image is named after a digest of what it shows (title and year) and of the drawing
below, so an edit gives it a new address and a cached copy is never stale: browsers, proxies
and link-preview services may keep one for a year. It is drawn on the first request for that
address and kept in the media storage; the film's older images go when a new one is kept.
"""

import hashlib
import posixpath
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from filmsite.openweb.sharing import SITE_NAME

from .models import Film

# The size Open Graph and Twitter's large card show without cropping (1.91:1).
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
# The placeholder poster's colours (static/css/site.css, .poster-colour-0 to 5), by
# `Film.placeholder_colour`, so the card matches the page it leads to. White text on each
# is above 7:1.
BACKGROUNDS = ("#7a1f1f", "#1f3d7a", "#245c3a", "#5b2a6e", "#2f4f4f", "#6b4a12")
TEXT = "#ffffff"
# Title sizes tried largest first; at the last, a title longer than its lines is cut short.
TITLE_SIZES = (88, 72, 60, 48)
MAX_TITLE_LINES = 4
# Changed whenever the drawing changes, so every film's image gets a new address.
DRAWING_VERSION = "1"
FOLDER = "share"


def digest(film: Film) -> str:
    shown = f"{DRAWING_VERSION}\n{film.title}\n{film.year or ''}"
    return hashlib.blake2b(shown.encode(), digest_size=6).hexdigest()


def url_path(film: Film) -> str:
    """The image's path on this site (served by `catalog.views.film_share_image`)."""
    return reverse("catalog:film_share_image", kwargs={"slug": film.slug, "digest": digest(film)})


def stored_name(film: Film) -> str:
    # A folder per film, so one film's old images are never confused with another's.
    return posixpath.join(FOLDER, film.slug, f"{digest(film)}.png")


def stored_image(film: Film, storage: Storage = default_storage) -> str:
    """The storage name of the film's current share image, drawn and kept if it is not yet."""
    name = stored_name(film)
    if storage.exists(name):
        return name
    kept = storage.save(name, ContentFile(draw(film)))
    if kept != name:  # another request drew it meanwhile: keep theirs
        storage.delete(kept)
    _remove_older(film, storage, keep=name)
    return name


def _remove_older(film: Film, storage: Storage, keep: str) -> None:
    folder = posixpath.dirname(keep)
    _, files = storage.listdir(folder)
    for filename in files:
        name = posixpath.join(folder, filename)
        if name != keep:
            storage.delete(name)


def draw(film: Film) -> bytes:
    """The film's title card as a PNG: its title, its year, and the site's name."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUNDS[film.placeholder_colour])
    canvas = ImageDraw.Draw(image)
    title_font, lines = _fitted_title(film.title)
    line_height = round(title_font.size * 1.2)
    small = _font(40)
    year_height = 64 if film.year else 0
    top = max(MARGIN, (HEIGHT - line_height * len(lines) - year_height) // 2 - 24)
    for number, line in enumerate(lines):
        canvas.text((MARGIN, top + number * line_height), line, font=title_font, fill=TEXT)
    if film.year:
        year_top = top + len(lines) * line_height + 12
        canvas.text((MARGIN, year_top), str(film.year), font=small, fill=TEXT)
    canvas.text((MARGIN, HEIGHT - MARGIN - 40), SITE_NAME, font=small, fill=TEXT)
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's own scalable font (Aileron), so no system font is needed."""
    font = ImageFont.load_default(size=size)
    # Pillow built without FreeType has only a small bitmap font, unfit for a card.
    if not isinstance(font, ImageFont.FreeTypeFont):
        raise RuntimeError("Drawing share images needs Pillow with FreeType support.")
    return font


def _fitted_title(title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font whose lines hold the title within the margins, and those lines."""
    for size in TITLE_SIZES:
        font = _font(size)
        lines = _wrapped(title, font)
        if len(lines) <= MAX_TITLE_LINES:
            return font, lines
    shown = lines[:MAX_TITLE_LINES]
    while shown[-1] and font.getlength(shown[-1] + " …") > WIDTH - 2 * MARGIN:
        shown[-1] = shown[-1][:-1]
    shown[-1] += " …"
    return font, shown


def _wrapped(title: str, font: ImageFont.FreeTypeFont) -> list[str]:
    """The title in lines no wider than the card's text area: between words where it can be,
    inside a word too long for a line of its own."""
    room = WIDTH - 2 * MARGIN
    lines: list[str] = []
    line = ""
    for word in title.split():
        joined = f"{line} {word}" if line else word
        if font.getlength(joined) <= room:
            line = joined
            continue
        if line:
            lines.append(line)
        line = ""
        for character in word:
            if line and font.getlength(line + character) > room:
                lines.append(line)
                line = ""
            line += character
    return [*lines, line] if line or not lines else lines
