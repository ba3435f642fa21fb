#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

Development settings come from `.env.local` beside this file, which `make run` writes; a
variable already set in the environment wins. Servers (gunicorn, the image) never read it.
"""

import os
import sys
from pathlib import Path

from filmsite.envfile import EnvFileError, load_env_file


def main() -> None:
    try:
        load_env_file(Path(__file__).resolve().parent / ".env.local")
    except EnvFileError as error:
        sys.exit(f"manage.py: {error}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
