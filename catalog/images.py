"""Posters and photos: validating uploads, cleaning them, and the renditions pages use.

An upload must open as a JPEG (a phone's MPO included), PNG or WebP within a byte and a pixel
limit (decompression bombs are refused before they are decoded), with a shape every rendition
format can hold. The stored master is re-encoded with its orientation applied and its metadata
(EXIF, location included) dropped; renditions in a few widths, WebP with a JPEG fallback, are
named after the master, so pages build `srcset` without touching storage. This module only
reads and encodes images; `catalog.media` writes and removes the files.
"""

import posixpath
from collections.abc import Iterator
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# Phones store photos with a second picture (depth map, preview) as MPO, a JPEG whose first
# frame is the photo; it is stored as a plain JPEG.
FORMAT_ALIASES = {"MPO": "JPEG"}
RENDITION_WIDTHS = (160, 320, 480, 800)
RENDITION_FORMATS = {".webp": ("WEBP", {"quality": 80}), ".jpg": ("JPEG", {"quality": 82})}
# The longest side each format can encode (WebP's is the one a tall poster meets).
MAX_SIDE = {"JPEG": 65_535, "WEBP": 16_383, "PNG": 2**31 - 1}
# Posters and portraits are near 2:3; a strip ten times longer than wide is not one.
MAX_ASPECT_RATIO = 10
ORIENTATION = 0x0112  # the EXIF tag


def validate_image_upload(file: File) -> None:
    """Refuse anything that is not a whole JPEG, PNG or WebP within the limits."""
    if getattr(file, "_committed", False):
        return  # already stored and validated when it was uploaded
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The image is {file.size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB.",
            code="image_too_big",
        )
    file.seek(0)
    try:
        with Image.open(file) as image:
            if image_format(image) not in ACCEPTED_FORMATS:
                raise ValidationError("Upload a JPEG, PNG or WebP image.", code="image_format")
            if image.width * image.height > MAX_PIXELS:
                raise _too_many_pixels(image.width, image.height)
            validate_shape(*upright_size(image), image_format(image))
            image.load()  # decode it all: a truncated file fails here
    except Image.DecompressionBombError:
        raise ValidationError(
            f"The image has too many pixels; the limit is {MAX_PIXELS:,}.", code="image_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This file is not a readable image, or it is damaged. Upload a JPEG, PNG or WebP.",
            code="image_unreadable",
        ) from None
    finally:
        file.seek(0)


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        f"The image is {width:,} x {height:,} pixels; the limit is {MAX_PIXELS:,} pixels.",
        code="image_pixels",
    )


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The size once the EXIF orientation is applied, as `clean_master` applies it."""
    turned = image.getexif().get(ORIENTATION) in {5, 6, 7, 8}
    return (image.height, image.width) if turned else image.size


def image_format(image: Image.Image) -> str:
    name = image.format or ""  # an image opened from a file always has one
    return FORMAT_ALIASES.get(name, name)


def validate_shape(width: int, height: int, master_format: str) -> None:
    """Refuse a shape that the master's format or a rendition's format cannot encode."""
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(
            f"The image is {width:,} x {height:,} pixels; one side may be at most "
            f"{MAX_ASPECT_RATIO} times the other.",
            code="image_shape",
        )
    sizes = [(master_format, width, height)] + [
        (name, rendition_width, rendition_height(width, height, rendition_width))
        for rendition_width in rendition_widths(width)
        for name, _ in RENDITION_FORMATS.values()
    ]
    for name, side_width, side_height in sizes:
        if max(side_width, side_height) > MAX_SIDE[name]:
            raise ValidationError(
                f"The image is {width:,} x {height:,} pixels, too long a side to show as "
                f"{name} (at most {MAX_SIDE[name]:,} pixels).",
                code="image_shape",
            )


def clean_master(file: File) -> tuple[ContentFile, str, tuple[int, int]]:
    """The upload re-encoded upright and without metadata: (content, extension, size)."""
    file.seek(0)
    with Image.open(file) as original:
        master_format = image_format(original)
        image = ImageOps.exif_transpose(original)
        buffer = BytesIO()
        if master_format == "JPEG":
            image.convert("RGB").save(buffer, "JPEG", quality=90, optimize=True)
        elif master_format == "PNG":
            image.save(buffer, "PNG", optimize=True)
        else:
            image.save(buffer, "WEBP", quality=90)
    return ContentFile(buffer.getvalue()), ACCEPTED_FORMATS[master_format], image.size


def rendition_widths(master_width: int | None) -> list[int]:
    """The widths made for a master of this width: none wider than the master itself."""
    if not master_width:
        return []
    return sorted({min(width, master_width) for width in RENDITION_WIDTHS})


def rendition_height(master_width: int, master_height: int, width: int) -> int:
    return max(1, round(master_height * width / master_width))


def rendition_name(master_name: str, width: int, extension: str) -> str:
    directory, filename = posixpath.split(master_name)
    stem = posixpath.splitext(filename)[0]
    return posixpath.join(directory, "renditions", f"{stem}-{width}{extension}")


def rendition_names(master_name: str, master_width: int | None) -> list[str]:
    return [
        rendition_name(master_name, width, extension)
        for width in rendition_widths(master_width)
        for extension in RENDITION_FORMATS
    ]


def renditions(master: File) -> Iterator[tuple[int, str, ContentFile]]:
    """(width, extension, content) of each rendition of a cleaned master, one at a time."""
    master.seek(0)
    with Image.open(master) as image:
        image.load()
        if image.mode in {"RGBA", "LA", "P"}:
            with_alpha = image.convert("RGBA")
            flattened = Image.new("RGB", with_alpha.size, "white")
            flattened.paste(with_alpha, mask=with_alpha.getchannel("A"))
        else:
            flattened = image.convert("RGB")
    for width in rendition_widths(flattened.width):
        height = rendition_height(flattened.width, flattened.height, width)
        resized = flattened.resize((width, height), Image.Resampling.LANCZOS)
        for extension, (encoder, options) in RENDITION_FORMATS.items():
            buffer = BytesIO()
            resized.save(buffer, encoder, **options)
            yield width, extension, ContentFile(buffer.getvalue())


class Renditions:
    """What a template needs to show an image: sources, a fallback, and its size."""

    def __init__(self, field_file: FieldFile, width: int, height: int) -> None:
        self.widths = rendition_widths(width)
        self.width = width
        self.height = height
        # Made only for a stored file, whose size the row recorded when it was written.
        storage, name = field_file.storage, field_file.name or ""
        self._url = lambda width, extension: storage.url(rendition_name(name, width, extension))

    def srcset(self, extension: str) -> str:
        return ", ".join(f"{self._url(w, extension)} {w}w" for w in self.widths)

    @property
    def webp_srcset(self) -> str:
        return self.srcset(".webp")

    @property
    def jpeg_srcset(self) -> str:
        return self.srcset(".jpg")

    def fallback_url(self, preferred: int = 320) -> str:
        width = min(self.widths, key=lambda w: abs(w - preferred))
        return self._url(width, ".jpg")

    @property
    def src(self) -> str:
        return self.fallback_url()

    def jpeg_url(self, width: int) -> str:
        """The JPEG rendition `width` pixels wide (one of `widths`)."""
        return self._url(width, ".jpg")

    @property
    def thumbnail_url(self) -> str:
        return self._url(self.widths[0], ".jpg")

    def height_for(self, width: int) -> int:
        return rendition_height(self.width, self.height, width)
