"""Posters and photos: validating uploads, cleaning them, and the renditions pages use.

An upload must open as a JPEG, PNG or WebP within a byte and a pixel limit (decompression
bombs are refused before they are decoded). The stored master is re-encoded with its
orientation applied and its metadata (EXIF, location included) dropped; renditions in a few
widths, WebP with a JPEG fallback, sit beside it under names derived from the master's, so
pages build `srcset` without touching storage. Everything goes through Django's storage API.
"""

import posixpath
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
RENDITION_WIDTHS = (160, 320, 480, 800)


def validate_image_upload(file):
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
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError("Upload a JPEG, PNG or WebP image.", code="image_format")
            if image.width * image.height > MAX_PIXELS:
                raise _too_many_pixels(image.width, image.height)
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


def _too_many_pixels(width, height):
    return ValidationError(
        f"The image is {width:,} x {height:,} pixels; the limit is {MAX_PIXELS:,} pixels.",
        code="image_pixels",
    )


def clean_master(file):
    """The upload re-encoded upright and without metadata: (content, extension, size)."""
    file.seek(0)
    with Image.open(file) as original:
        image_format = original.format or ""
        image = ImageOps.exif_transpose(original)
        buffer = BytesIO()
        if image_format == "JPEG":
            image.convert("RGB").save(buffer, "JPEG", quality=90, optimize=True)
        elif image_format == "PNG":
            image.save(buffer, "PNG", optimize=True)
        else:
            image.save(buffer, "WEBP", quality=90)
    return ContentFile(buffer.getvalue()), ACCEPTED_FORMATS[image_format], image.size


def rendition_widths(master_width):
    """The widths made for a master of this width: none wider than the master itself."""
    if not master_width:
        return []
    return sorted({min(width, master_width) for width in RENDITION_WIDTHS})


def rendition_name(master_name, width, extension):
    directory, filename = posixpath.split(master_name)
    stem = posixpath.splitext(filename)[0]
    return posixpath.join(directory, "renditions", f"{stem}-{width}{extension}")


def rendition_names(master_name, master_width):
    return [
        rendition_name(master_name, width, extension)
        for width in rendition_widths(master_width)
        for extension in (".webp", ".jpg")
    ]


def make_renditions(storage, master_name):
    """Write the WebP and JPEG renditions of a stored master; return their names."""
    with storage.open(master_name) as stored, Image.open(stored) as master:
        master.load()
        if master.mode in {"RGBA", "LA", "P"}:
            with_alpha = master.convert("RGBA")
            flattened = Image.new("RGB", with_alpha.size, "white")
            flattened.paste(with_alpha, mask=with_alpha.getchannel("A"))
        else:
            flattened = master.convert("RGB")
    written = []
    for width in rendition_widths(flattened.width):
        height = round(flattened.height * width / flattened.width)
        resized = flattened.resize((width, max(1, height)), Image.Resampling.LANCZOS)
        for extension, options in ((".webp", {"quality": 80}), (".jpg", {"quality": 82})):
            buffer = BytesIO()
            resized.save(buffer, "WEBP" if extension == ".webp" else "JPEG", **options)
            name = rendition_name(master_name, width, extension)
            if storage.exists(name):
                storage.delete(name)
            written.append(storage.save(name, ContentFile(buffer.getvalue())))
    return written


def delete_image(storage, master_name, master_width):
    """Remove a master and its renditions."""
    for name in [master_name, *rendition_names(master_name, master_width)]:
        storage.delete(name)


class Renditions:
    """What a template needs to show an image: sources, a fallback, and its size."""

    def __init__(self, field_file, width, height):
        self.widths = rendition_widths(width)
        self.width = width
        self.height = height
        storage, name = field_file.storage, field_file.name
        self._url = lambda width, extension: storage.url(rendition_name(name, width, extension))

    def srcset(self, extension):
        return ", ".join(f"{self._url(w, extension)} {w}w" for w in self.widths)

    @property
    def webp_srcset(self):
        return self.srcset(".webp")

    @property
    def jpeg_srcset(self):
        return self.srcset(".jpg")

    def fallback_url(self, preferred=320):
        width = min(self.widths, key=lambda w: abs(w - preferred))
        return self._url(width, ".jpg")

    @property
    def src(self):
        return self.fallback_url()

    @property
    def thumbnail_url(self):
        return self._url(self.widths[0], ".jpg")

    def height_for(self, width):
        return round(self.height * width / self.width)
