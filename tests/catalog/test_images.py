"""Posters and photos: validation, cleaning, renditions, placeholders and file clean-up."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import Image

from catalog import images
from catalog.models import Film, Person
from tests.factories import FilmFactory

from . import image_files

pytestmark = pytest.mark.django_db


def test_upload_is_stored_upright_without_metadata_with_renditions(
    media_root, stored_files, run_tasks
):
    film = FilmFactory(poster=image_files.jpeg_with_location_and_rotation(1200, 800))
    run_tasks()
    with Image.open(film.poster.path) as master:
        assert master.size == (800, 1200)  # the EXIF rotation is applied...
        assert not master.getexif()  # ...and the EXIF, GPS position included, is gone
    assert (film.poster_width, film.poster_height) == (800, 1200)
    renditions = [name for name in stored_files() if "/renditions/" in name]
    assert len(renditions) == 8  # 160, 320, 480 and 800 wide, each WebP and JPEG
    with Image.open(media_root / renditions[0]) as small:
        assert not small.getexif()


def test_renditions_are_never_wider_than_the_upload(media_root, stored_files, run_tasks):
    film = FilmFactory(poster=image_files.png(300, 450))
    run_tasks()
    assert images.rendition_widths(film.poster_width) == [160, 300]
    names = [name for name in stored_files() if "/renditions/" in name]
    assert len(names) == 4
    jpeg = next(name for name in names if name.endswith("-300.jpg"))
    with Image.open(media_root / jpeg) as flattened:
        assert flattened.mode == "RGB"  # transparency flattened onto white for JPEG
        # The half-transparent blue (20, 60, 200) is lightened by the white behind it.
        pixel = flattened.getpixel((0, 0))
        assert isinstance(pixel, tuple)
        assert pixel[0] > 100


def test_film_page_serves_the_poster_with_srcset_sizes_and_dimensions(client, run_tasks):
    film = FilmFactory(title="Heat", poster=image_files.png(600, 900, mode="RGB"))
    run_tasks()
    html = client.get(film.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="/media/posters/renditions/' in html
    assert " 160w, " in html
    assert " 600w" in html
    assert 'sizes="(min-width: 68rem) 15rem, (min-width: 48rem) 12rem, 7rem"' in html
    assert 'width="600" height="900"' in html
    assert 'alt="Poster of Heat"' in html


def test_film_without_a_poster_gets_a_title_card_not_a_broken_image(client):
    film = FilmFactory(title="Untitled Project")
    html = client.get(film.get_absolute_url()).content.decode()
    assert 'class="poster poster-placeholder poster-colour-' in html
    assert '<span class="poster-placeholder-title">Untitled Project</span>' in html
    assert "<img" not in html


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (image_files.text_named_png, "not a readable image"),
        (image_files.truncated_jpeg, "not a readable image"),
        (image_files.gif, "Upload a JPEG, PNG or WebP image."),
        (lambda: image_files.png_claiming(20_000, 20_000), "too many pixels"),
        (lambda: image_files.png_claiming(8_000, 6_000), "the limit is 40,000,000 pixels"),
        (image_files.oversized, "the limit is 10 MB"),
        (lambda: image_files.png(800, 20_000, "L"), "at most 10 times the other"),
        (lambda: image_files.png(8_001, 800, "L"), "at most 10 times the other"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(make_file, message):
    with pytest.raises(ValidationError, match=message):
        images.validate_image_upload(make_file())


def test_replacing_a_poster_removes_the_old_files(
    stored_files, django_capture_on_commit_callbacks, run_tasks
):
    film = FilmFactory(poster=image_files.png(400, 600, mode="RGB"))
    run_tasks()
    first = stored_files()
    film = Film.objects.get(pk=film.pk)
    film.poster = image_files.png(500, 750, mode="RGB", name="second.png")
    with django_capture_on_commit_callbacks(execute=True):
        film.save()
    run_tasks()
    now = stored_files()
    assert not set(first) & set(now)
    assert len(now) == 1 + 8  # the new master, and 160/320/480/500 wide in two formats


def test_clearing_or_deleting_removes_every_file(stored_files, django_capture_on_commit_callbacks):
    film = FilmFactory(poster=image_files.png(400, 600, mode="RGB"))
    other = FilmFactory(poster=image_files.png(400, 600, mode="RGB"))
    film = Film.objects.get(pk=film.pk)
    film.poster = ""
    with django_capture_on_commit_callbacks(execute=True):
        film.save()
    with django_capture_on_commit_callbacks(execute=True):
        Film.objects.filter(pk=other.pk).delete()
    assert stored_files() == []


def test_a_failed_save_leaves_no_orphan_files(stored_files):
    FilmFactory(slug="taken-1995")
    with pytest.raises(IntegrityError):
        FilmFactory(slug="taken-1995", poster=image_files.png(400, 600, mode="RGB"))
    assert stored_files() == []


def test_people_photos_get_the_same_treatment(stored_files, run_tasks):
    person = Person.objects.create(
        name="Mike Figgis", slug="mike-figgis", photo=image_files.png(320, 400, mode="RGB")
    )
    run_tasks()
    person.refresh_from_db()
    assert person.photo_renditions is not None
    assert (person.photo_width, person.photo_height) == (320, 400)
    assert len(stored_files()) == 1 + 4


@pytest.mark.parametrize(("width", "height"), [(800, 8_000), (8_000, 800), (1, 10)])
def test_the_longest_accepted_shapes_are_stored_with_renditions(
    width, height, stored_files, run_tasks
):
    images.validate_image_upload(image_files.png(width, height, "L"))
    film = FilmFactory(poster=image_files.png(width, height, "L"))
    run_tasks()
    assert (film.poster_width, film.poster_height) == (width, height)
    assert len(stored_files()) == 1 + 2 * len(images.rendition_widths(width))


def test_a_side_no_rendition_format_can_hold_is_refused(monkeypatch):
    # Only a laxer shape rule lets such an image through to the encoders' own limits.
    monkeypatch.setattr(images, "MAX_ASPECT_RATIO", 100)
    with pytest.raises(ValidationError, match="too long a side to show as WEBP"):
        images.validate_image_upload(image_files.png(800, 16_384, "L"))
    images.validate_image_upload(image_files.png(800, 16_383, "L"))


def test_the_shape_is_checked_upright_as_the_image_is_shown(monkeypatch):
    monkeypatch.setattr(images, "MAX_ASPECT_RATIO", 100)
    with pytest.raises(ValidationError, match="820 x 17,000 pixels"):
        images.validate_image_upload(image_files.rotated_jpeg(17_000, 820))


def test_a_phone_photo_stored_as_mpo_is_accepted_and_kept_as_a_jpeg(
    media_root, stored_files, run_tasks
):
    images.validate_image_upload(image_files.mpo(640, 480))
    person = Person.objects.create(name="A", slug="a", photo=image_files.mpo(640, 480))
    run_tasks()
    assert person.photo.name.endswith(".jpg")
    with Image.open(person.photo.path) as master:
        assert (master.format, master.size) == ("JPEG", (640, 480))
    assert len(stored_files()) == 1 + 8


def test_a_cmyk_jpeg_is_stored_as_rgb_for_browsers(media_root):
    buffer = BytesIO()
    Image.new("CMYK", (300, 450), (0, 80, 80, 0)).save(buffer, "JPEG")
    film = FilmFactory(poster=SimpleUploadedFile("print.jpg", buffer.getvalue()))
    with Image.open(film.poster.path) as master:
        assert (master.format, master.mode) == ("JPEG", "RGB")
