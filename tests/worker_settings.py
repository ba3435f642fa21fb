"""Production settings for a task worker started by tests: mail is written to files."""

import os

from tests.served_settings import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ["WORKER_MAIL_DIR"]},
    }
}
