"""The files behind catalog rows: kept when their transaction commits, removed otherwise."""

from contextlib import suppress

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from catalog import media
from catalog.models import Film, Trailer
from tests.factories import FilmFactory

from . import image_files

pytestmark = pytest.mark.django_db


def test_files_of_a_committed_save_are_kept(stored_files, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), media.atomic():
        FilmFactory(poster=image_files.png(300, 450, mode="RGB"))
    assert len(stored_files()) == 1  # the renditions are the task worker's


def test_files_of_a_save_rolled_back_in_a_savepoint_go_when_the_rest_commits(
    stored_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), media.atomic():
        kept = FilmFactory(poster=image_files.png(300, 450, mode="RGB"))
        with suppress(RuntimeError), transaction.atomic():
            FilmFactory(poster=image_files.png(200, 300, mode="RGB"))
            raise RuntimeError  # caught outside the savepoint, which is rolled back
        assert len(stored_files()) == 2  # nothing goes before the commit
    assert stored_files() == [kept.poster.name]
    # The rolled-back film's rendition task went with its savepoint.
    assert [task.args_kwargs["kwargs"]["name"] for task in DBTaskResult.objects.all()] == [
        kept.poster.name
    ]


def test_files_of_a_block_that_raises_are_removed_at_once(stored_files):
    def save_then_fail():
        with media.atomic():
            FilmFactory(poster=image_files.png(300, 450, mode="RGB"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert stored_files() == []


def test_a_storage_failure_is_a_storage_error_and_leaves_nothing(stored_files, failing_storage):
    failing_storage("posters/film")
    with pytest.raises(media.StorageError, match="No space left on device"):
        FilmFactory(poster=image_files.png(300, 450, mode="RGB"))
    assert stored_files() == []
    assert not Film.objects.exists()


def test_a_trailer_video_is_stored_under_its_own_name(stored_files):
    trailer = Trailer.objects.create(
        film=FilmFactory(),
        title="Cut",
        video_file=SimpleUploadedFile("cut.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 64),
    )
    assert trailer.video_file.name == "trailers/cut.mp4"
    assert stored_files() == ["trailers/cut.mp4"]
