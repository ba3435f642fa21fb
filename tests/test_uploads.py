"""Uploads served by the app: posters and photos kept for a year, trailer files for an hour."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.utils.http import http_date

from catalog import images
from catalog.models import Film, Person, Trailer
from filmsite import uploads
from tests.catalog import image_files
from tests.factories import FilmFactory, PersonFactory
from tests.test_settings import load_settings

pytestmark = pytest.mark.django_db

YEAR = "public, max-age=31536000, immutable"


def get(path, **headers):
    return uploads.media(RequestFactory().get(f"/media/{path}", headers=headers), path)


def test_a_poster_and_its_renditions_are_cached_for_a_year_unchanged(stored_files, run_tasks):
    film = FilmFactory(poster=image_files.png(300, 450, mode="RGB"))
    run_tasks()
    rendition = images.rendition_names(film.poster.name, film.poster_width)[0]
    for path in (film.poster.name, rendition):
        response = get(path)
        assert response.status_code == 200
        assert response["Cache-Control"] == YEAR


def test_a_persons_photo_is_cached_for_a_year_unchanged():
    person = PersonFactory(photo=image_files.png(300, 450, mode="RGB"))
    assert get(person.photo.name)["Cache-Control"] == YEAR


def test_a_trailer_file_keeps_its_name_so_it_is_cached_for_an_hour_only():
    trailer = Trailer.objects.create(
        film=FilmFactory(),
        title="Cut",
        video_file=SimpleUploadedFile("cut.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 64),
    )
    response = get(trailer.video_file.name)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"


def test_a_file_not_modified_since_is_answered_304_with_the_same_caching():
    film = FilmFactory(poster=image_files.png(300, 450, mode="RGB"))
    response = get(film.poster.name, **{"If-Modified-Since": http_date()})
    assert response.status_code == 304
    assert response["Cache-Control"] == YEAR


def test_a_missing_file_is_a_404():
    with pytest.raises(Http404):
        get("posters/none.webp")


def test_an_image_uploaded_again_under_a_free_name_still_gets_a_new_one():
    """Why posters may be cached unchanged for a year: a name never comes back for new content."""
    film = FilmFactory(poster=image_files.png(300, 450, mode="RGB"))
    first = film.poster.name
    film.poster.storage.delete(first)  # the old name is free to take again
    film.poster = image_files.png(300, 450, mode="RGB")
    film.save()
    assert film.poster.name != first


def test_the_folders_cached_for_a_year_are_those_of_images_named_anew_at_each_upload():
    image_folders = {
        model._meta.get_field(field).upload_to
        for model in (Film, Person)
        for field in model.managed_images
    }
    assert set(uploads.UNIQUELY_NAMED_FOLDERS) == image_folders
    assert Trailer._meta.get_field("video_file").upload_to not in image_folders


def test_the_app_serves_media_through_this_view_when_told_to():
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'filmsite.settings'; "
        "django.setup(); from django.urls import resolve; "
        "match = resolve('/media/posters/a-film.webp'); "
        "print(match.func.__module__, match.func.__name__, match.kwargs)"
    )
    result = load_settings(script, DJANGO_SECRET_KEY="k", DJANGO_SERVE_MEDIA="1")
    assert result.stdout.strip() == "filmsite.uploads media {'path': 'posters/a-film.webp'}"
