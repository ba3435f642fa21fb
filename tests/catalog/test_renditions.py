"""Renditions made by the task worker: never of a replaced image, never left behind."""

import posixpath
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from catalog import images, media
from catalog.models import Film
from tests.factories import FilmFactory

from . import image_files

pytestmark = pytest.mark.django_db


def renditions_of(name, width):
    return images.rendition_names(name, width)


def test_a_poster_replaced_before_its_task_runs_is_never_rendered(
    stored_files, run_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    film = FilmFactory(poster=image_files.png(400, 600, mode="RGB", name="first.png"))
    film = Film.objects.get(pk=film.pk)
    film.poster = image_files.png(500, 750, mode="RGB", name="second.png")
    with django_capture_on_commit_callbacks(execute=True):
        film.save()  # the first poster's task is still queued
    rendered = []
    real_renditions = images.renditions

    def noting_renditions(master):
        rendered.append(posixpath.basename(master.name))
        yield from real_renditions(master)

    monkeypatch.setattr(images, "renditions", noting_renditions)
    assert run_tasks() == 2
    assert rendered == [posixpath.basename(film.poster.name)]
    film.refresh_from_db()
    assert film.poster_rendered
    assert stored_files() == sorted([film.poster.name, *renditions_of(film.poster.name, 500)])


def test_a_poster_replaced_while_it_renders_leaves_no_renditions(
    stored_files, run_tasks, monkeypatch
):
    film = FilmFactory(poster=image_files.png(400, 600, mode="RGB"))
    first = film.poster.name
    real_renditions = images.renditions

    def replaced_meanwhile(master):
        # Another editor's upload commits while this one's renditions are being made.
        Film.objects.filter(pk=film.pk).update(poster="posters/another.png", poster_width=300)
        yield from real_renditions(master)

    monkeypatch.setattr(images, "renditions", replaced_meanwhile)
    run_tasks()
    assert not set(renditions_of(first, 400)) & set(stored_files())
    assert not Film.objects.filter(pk=film.pk).values_list("poster_rendered", flat=True).get()


def test_a_rendition_the_storage_refuses_fails_the_task_leaves_nothing_and_is_retried(
    stored_files, run_tasks, failing_storage, settings
):
    settings.TASK_RETRY_DELAY = 60
    film = FilmFactory(poster=image_files.png(400, 600, mode="RGB"))
    failing_storage("posters/renditions/")
    run_tasks()
    assert stored_files() == [film.poster.name]  # the master stays; no rendition is left
    film.refresh_from_db()
    assert not film.poster_rendered
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "catalog.media.StorageError"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["task_attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=50)


def test_a_deleted_films_task_does_nothing(
    stored_files, run_tasks, django_capture_on_commit_callbacks
):
    film = FilmFactory(poster=image_files.png(400, 600, mode="RGB"))
    with django_capture_on_commit_callbacks(execute=True):
        film.delete()
    run_tasks()
    assert stored_files() == []
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_film_page_shows_the_title_card_until_the_renditions_exist(client, run_tasks):
    film = FilmFactory(title="Heat", poster=image_files.png(600, 900, mode="RGB"))
    html = client.get(film.get_absolute_url()).content.decode()
    assert '<span class="poster-placeholder-title">Heat</span>' in html
    assert "/renditions/" not in html
    run_tasks()
    html = client.get(film.get_absolute_url()).content.decode()
    assert '<picture class="poster">' in html


def test_make_renditions_is_the_task_an_upload_queues():
    film = FilmFactory(poster=image_files.png(400, 600, mode="RGB"))
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "catalog.media.make_renditions"
    assert queued.task.func.__name__ == media.make_renditions.name
    assert queued.args_kwargs["kwargs"] == {
        "model": "catalog.film",
        "pk": film.pk,
        "field": "poster",
        "name": film.poster.name,
    }
