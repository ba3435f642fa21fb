"""The files behind catalog rows (posters, photos, trailer videos): written, replaced, removed.

A row's new uploads are written when it is saved (images cleaned), and a task is queued in the
same transaction to make an image's renditions (`make_renditions`, run by the task worker);
the files a row replaces, and all of a deleted row's, are removed once the change commits.
Files written inside `atomic()` are removed again unless their transaction commits, so a
save that fails or is rolled back later, in a savepoint or whole, leaves nothing behind.
Django has `on_commit` but no rollback hook: each written file is marked kept by an on-commit
callback, which Django drops with a rolled-back savepoint, and `atomic()` removes the rest.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from filmsite.tasks import retried_task

from . import images

if TYPE_CHECKING:
    from .models import ManagedFilesMixin  # models imports this module

logger = logging.getLogger(__name__)


class StorageError(Exception):
    """The media storage refused a write: the disk is full or read-only, the bucket is gone."""


@dataclass(eq=False)
class _Written:
    storage: Storage
    name: str
    kept: bool = False


# The files written in each open `atomic()` block, innermost last.
_blocks: ContextVar[tuple[list[_Written], ...]] = ContextVar("media_blocks", default=())


@contextmanager
def atomic() -> Iterator[None]:
    """A transaction whose written files are removed unless it commits."""
    written: list[_Written] = []
    token = _blocks.set((*_blocks.get(), written))
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _remove(written)  # the block's savepoint or transaction was rolled back
        raise
    finally:
        _blocks.reset(token)
    enclosing = _blocks.get()
    if enclosing:
        enclosing[-1].extend(written)
    else:
        # Registered after the files' own callbacks, so it runs after them; at once when
        # this block was the outermost transaction, since it has just committed.
        transaction.on_commit(partial(_remove_unkept, written), robust=True)


def store(storage: Storage, name: str, content: File) -> str:
    """Write `content` as `name` (or a free name near it) and return the name it got."""
    stored = _save(storage, storage.get_available_name(name), content)
    written = _Written(storage, stored)
    if blocks := _blocks.get():
        blocks[-1].append(written)
    transaction.on_commit(partial(setattr, written, "kept", True))
    return stored


def _save(storage: Storage, name: str, content: File) -> str:
    """Save `content` as `name`; the name storage gave it. A refusal leaves no part behind."""
    try:
        return storage.save(name, content)
    except OSError as error:
        with suppress(OSError):
            storage.delete(name)  # a file cut short by a full disk
        raise StorageError(f"The media storage refused {name}: {error}") from error


def remove_on_commit(storage: Storage, names: Iterable[str]) -> None:
    names = list(names)
    transaction.on_commit(lambda: _delete(storage, names), robust=True)


def _remove(written: Iterable[_Written]) -> None:
    for file in written:
        _delete(file.storage, [file.name])


def _remove_unkept(written: Iterable[_Written]) -> None:
    _remove(file for file in written if not file.kept)


def _delete(storage: Storage, names: Iterable[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not remove %s from the media storage", name, exc_info=True)


def save_with_files(row: "ManagedFilesMixin", save: Callable[[], None]) -> None:
    """Write `row`'s new uploads, `save` it, and remove what they replace once committed.

    `row.managed_images` names image fields (each with width and height fields), cleaned
    here and rendered in several widths by the task worker; `row.managed_files` names other
    file fields, stored as uploaded.
    """
    with atomic():
        new_images = [field for field in row.managed_images if _is_new_upload(getattr(row, field))]
        for field in new_images:
            _store_image(row, field)
        for field in row.managed_files:
            if _is_new_upload(getattr(row, field)):
                _store_upload(row, field)
        save()
        for field in new_images:
            # Queued in the row's transaction (the queue is a table of the same database), so
            # the task exists exactly when the upload does, and never runs before it commits.
            make_renditions.enqueue(
                model=row._meta.label_lower, pk=row.pk, field=field, name=getattr(row, field).name
            )
        current = _current_files(row)
        for field, stored_files in getattr(row, "_stored_files", {}).items():
            if stored_files and stored_files != current.get(field, stored_files):
                remove_on_commit(getattr(row, field).storage, stored_files)
    row._stored_files = current


def remember_files(row: "ManagedFilesMixin") -> None:
    """Note the files a row loaded from the database has, to know later what it replaced."""
    row._stored_files = _current_files(row)


def remove_files_when_deleted(model_classes: Iterable[type["ManagedFilesMixin"]]) -> None:
    """Remove a deleted row's files, however it goes (one by one, in bulk, by cascade)."""
    for model_class in model_classes:
        post_delete.connect(_remove_files_of_deleted_row, sender=model_class)


def _remove_files_of_deleted_row(
    sender: type["ManagedFilesMixin"], instance: "ManagedFilesMixin", **kwargs: Any
) -> None:
    for field, names in _current_files(instance).items():
        remove_on_commit(getattr(instance, field).storage, names)


def _is_new_upload(file: FieldFile) -> bool:
    # django-stubs leave out FieldFile._committed, which Django sets on every field file.
    return bool(file) and not file._committed  # type: ignore[attr-defined]


def _store_image(row: "ManagedFilesMixin", field: str) -> None:
    image = getattr(row, field)
    content, extension, (width, height) = images.clean_master(image)
    stem = f"{slugify(getattr(row, 'slug', '') or field)[:60]}-{get_random_string(8).lower()}"
    name = store(image.storage, image.field.generate_filename(row, stem + extension), content)
    setattr(row, field, name)
    width_field, height_field = _dimension_fields(row, field)
    setattr(row, width_field, width)
    setattr(row, height_field, height)
    setattr(row, f"{field}_rendered", False)


@retried_task
def make_renditions(*, model: str, pk: int, field: str, name: str) -> None:
    """Make the renditions of image `name`, unless row `pk` no longer has it in `field`.

    The row is marked rendered (a save, so its pages get a new version) only if it still has
    this image once they are written; else they are removed again. A replacement that
    commits later removes them with the image it replaces.
    """
    model_class = apps.get_model(model)
    still_current = model_class._base_manager.filter(pk=pk, **{field: name})
    if not still_current.exists():
        return  # replaced or deleted before its turn; its files are gone or going
    storage = model_class._meta.get_field(field).storage
    written: list[str] = []
    try:
        with storage.open(name) as master:
            for width, extension, content in images.renditions(master):
                written.append(_store_rendition(storage, name, width, extension, content))
        with transaction.atomic():
            row = still_current.select_for_update().first()
            if row is not None:
                setattr(row, f"{field}_rendered", True)
                row.save(update_fields=[f"{field}_rendered"])
    except FileNotFoundError:
        _delete(storage, written)
        if still_current.exists():
            raise
        return  # the image was replaced, and removed, while it was being rendered
    except BaseException:
        _delete(storage, written)
        raise
    if row is None:
        _delete(storage, written)


def _store_rendition(
    storage: Storage, master: str, width: int, extension: str, content: File
) -> str:
    name = images.rendition_name(master, width, extension)
    # The master's name is new, so a file already there is a leftover (of an attempt that
    # failed): renditions must keep the names derived from the master's, which pages build
    # without asking storage.
    if storage.exists(name):
        storage.delete(name)
    stored = _save(storage, name, content)
    if stored != name:
        _delete(storage, [stored])
        raise StorageError(f"The media storage renamed {name} to {stored}")
    return stored


def _dimension_fields(row: models.Model, field: str) -> tuple[str, str]:
    """The names of the width and height fields a managed image field must have."""
    model_field = row._meta.get_field(field)
    if isinstance(model_field, models.ImageField):
        # django-stubs take these as ImageField's arguments but leave out the attributes.
        width_field: str | None = model_field.width_field  # type: ignore[attr-defined]
        height_field: str | None = model_field.height_field  # type: ignore[attr-defined]
        if width_field and height_field:
            return width_field, height_field
    raise ImproperlyConfigured(
        f"{type(row).__name__}.{field} is a managed image, so it must be an ImageField "
        "with width and height fields."
    )


def _store_upload(row: "ManagedFilesMixin", field: str) -> None:
    upload = getattr(row, field)
    name = upload.field.generate_filename(row, upload.name)
    setattr(row, field, store(upload.storage, name, upload.file))


def _current_files(row: "ManagedFilesMixin") -> dict[str, list[str]]:
    """{file field: the names of its files}; fields left out of the query are skipped."""
    deferred = row.get_deferred_fields()
    current: dict[str, list[str]] = {}
    for field in row.managed_images:
        width_field = _dimension_fields(row, field)[0]
        if field not in deferred and width_field not in deferred:
            name, width = getattr(row, field).name, getattr(row, width_field)
            current[field] = [name, *images.rendition_names(name, width)] if name else []
    for field in row.managed_files:
        if field not in deferred:
            name = getattr(row, field).name
            current[field] = [name] if name else []
    return current
