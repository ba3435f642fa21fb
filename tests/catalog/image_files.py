"""Image files made by the tests with Pillow: good ones, damaged ones, hostile ones."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_location_and_rotation(width=1200, height=800):
    """A landscape JPEG whose EXIF says 'rotate 90°' and carries a GPS position."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Test Camera"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("holiday.jpg", buffer.getvalue(), content_type="image/jpeg")


def png(width=600, height=900, mode="RGBA", name="poster.png"):
    buffer = BytesIO()
    Image.new(mode, (width, height), (20, 60, 200, 128) if mode == "RGBA" else 128).save(
        buffer, "PNG"
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def truncated_jpeg():
    buffer = BytesIO()
    Image.effect_noise((800, 1200), 64).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return SimpleUploadedFile("cut.jpg", data[: len(data) // 2], content_type="image/jpeg")


def text_named_png():
    return SimpleUploadedFile("notes.png", b"just some text, not a picture\n" * 20)


def gif():
    buffer = BytesIO()
    Image.new("P", (40, 60)).save(buffer, "GIF")
    return SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")


def png_claiming(width, height):
    """A tiny PNG whose header claims `width` x `height`: a decompression bomb's calling card."""
    buffer = BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = 8  # after the PNG signature: length (4), b"IHDR" (4), then width and height
    data[ihdr + 8 : ihdr + 16] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr + 4 : ihdr + 21]))
    data[ihdr + 21 : ihdr + 25] = struct.pack(">I", crc)
    return SimpleUploadedFile("bomb.png", bytes(data), content_type="image/png")


def oversized(megabytes=11):
    return SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"\0" * (megabytes * 1024 * 1024))


def mpo(width=640, height=480):
    """A phone photo: a JPEG carrying a second picture (here a smaller preview), as MPO."""
    photo = Image.new("RGB", (width, height), (30, 120, 60))
    preview = Image.new("RGB", (width // 4, height // 4), (30, 120, 60))
    buffer = BytesIO()
    photo.save(buffer, "MPO", save_all=True, append_images=[preview])
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def rotated_jpeg(width, height):
    """A JPEG stored `width` x `height` whose EXIF says 'rotate 90°' (so shown tall)."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    buffer = BytesIO()
    Image.new("L", (width, height), 90).save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("sideways.jpg", buffer.getvalue(), content_type="image/jpeg")
