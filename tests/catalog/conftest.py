import errno
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


@pytest.fixture
def failing_storage(monkeypatch):
    """`fail_on(prefix, error)`: the media storage fails, as a full or read-only disk does, on
    writing a name that starts with `prefix`, after writing part of the file."""

    def fail_on(prefix, error=errno.ENOSPC):
        # django-stubs leave out Storage._save, the method every storage writes through.
        real_save = FileSystemStorage._save  # type: ignore[attr-defined]

        def save(storage, name, content):
            if name.startswith(prefix):
                real_save(storage, name, ContentFile(b"cut short"))
                raise OSError(error, os.strerror(error))
            return real_save(storage, name, content)

        monkeypatch.setattr(FileSystemStorage, "_save", save)

    return fail_on
