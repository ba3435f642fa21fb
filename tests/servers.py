"""The site under a real gunicorn, for tests that need what only a server shows (worker
processes, a WSGI server's own error handling, another database's settings).

Started from the project folder, so gunicorn reads gunicorn.conf.py, with production
settings less the static manifest (tests/served_settings.py) unless the caller says otherwise.
"""

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# What every served site is given: debug off, a key of its own.
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "tests.served_settings",
    "DJANGO_SECRET_KEY": "a-key-for-this-test-server-only-0123456789abcdefghij",
    "DJANGO_DEBUG": "0",
}


def free_port() -> int:
    """A port nothing listens on now, chosen by the system."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: Mapping[str, str], *arguments: str, seconds: float = 30) -> Iterator[int]:
    """gunicorn with `arguments` and `env` (PORT set), listening on 127.0.0.1 only: its port.

    Stopped on leaving with SIGTERM, as a container is stopped, and waited for.
    """
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *arguments, "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env={**env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, "gunicorn exited"
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
