"""`.env.local`: development settings that `make run` writes and only `manage.py` reads.

A line is `NAME=value`, a `#` comment or blank; a value may be wrapped in single or double
quotes (taken literally, without escapes). Anything else is an error naming file and line, so a
typo is not silently ignored.
"""

import os
import re
from pathlib import Path

LINE = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*)")


class EnvFileError(Exception):
    pass


def parse_env_file(text: str, source: str) -> dict[str, str]:
    """The variables that `text` (the contents of `source`) sets, in order."""
    variables = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = LINE.fullmatch(line)
        if match is None:
            raise EnvFileError(f"{source}:{number}: expected NAME=value, not {line!r}")
        variables[match["name"]] = _unquote(match["value"], f"{source}:{number}")
    return variables


def _unquote(value: str, where: str) -> str:
    if value[:1] in {"'", '"'}:
        if len(value) < 2 or value[-1] != value[0]:
            raise EnvFileError(f"{where}: the value's closing {value[0]} is missing")
        return value[1:-1]
    return value


def load_env_file(path: Path) -> None:
    """Set the variables `path` lists that the environment does not already set."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as error:
        raise EnvFileError(f"{path}: cannot be read: {error}") from None
    for name, value in parse_env_file(text, str(path)).items():
        os.environ.setdefault(name, value)
