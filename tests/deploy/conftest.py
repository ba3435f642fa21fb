"""The production deployment on this machine: two app servers as compose.yaml runs them, and the
repository's proxy configuration (deploy/Caddyfile) in front of both.

The servers run the Dockerfile's own CMD with production settings (debug off, a real key, a
host list), share one PostgreSQL database made for them (and dropped after), the suite's Redis
database (REDIS_URL, which the suite empties between tests, rate-limit counters included) and one
media folder. They need PostgreSQL and Redis (marked `deploy`): without a PostgreSQL DATABASE_URL
and a REDIS_URL these tests skip, unless FILMSITE_REQUIRE_DEPLOY is set (CI sets it, and runs
them in its PostgreSQL pass), when they fail instead. Started once for the whole folder.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from .visitor import Visitor

ROOT = Path(settings.BASE_DIR)
CADDYFILE = ROOT / "deploy" / "Caddyfile"
PASSWORD = "a-long-enough-password-for-the-deploy-tests"
# The ports these tests may take (18600-18699 unless set as FIRST-LAST).
PORTS = os.environ.get("FILMSITE_TEST_PORTS", "18600-18699")


def pytest_collection_modifyitems(items):
    for item in items:
        if "deployment" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.deploy)


def require(condition: bool, message: str) -> None:
    if condition:
        return
    if os.environ.get("FILMSITE_REQUIRE_DEPLOY"):
        pytest.fail(message)
    pytest.skip(message)


def free_port(taken: set[int]) -> int:
    first, last = map(int, PORTS.split("-"))
    for port in range(first, last + 1):
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                continue
        taken.add(port)
        return port
    raise RuntimeError(f"no free port in {PORTS}")


def wait_for(what: str, ready, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited at start:\n{log.read_text()[-3000:]}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start in {seconds} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    """End a process started in its own session, and everything it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def image_command() -> list[str]:
    """The Dockerfile's CMD, as the container runs it."""
    cmd = re.search(r"^CMD (\[.*\])$", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert cmd, "the Dockerfile has no CMD in exec form"
    command: list[str] = json.loads(cmd[1])
    return command


@dataclass
class AppServer:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def visitor(self, **kwargs) -> Visitor:
        """A visitor speaking to this server directly, as the trusted proxy would."""
        return Visitor(self.port, headers={"X-Forwarded-Proto": "https"}, **kwargs)


@dataclass
class Deployment:
    env: dict[str, str]
    servers: list[AppServer]
    media: Path
    static: Path
    film_slug: str
    film_pk: int
    member: str
    editor: str
    # The editor's authenticator app's key (hex), to compute their second-factor codes.
    editor_key: str = ""

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout


SETUP_SCRIPT = """
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from catalog.models import Film
member = User.objects.create_user("deploy-member", password={password!r})
editor = User.objects.create_user("deploy-editor", password={password!r}, is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
app = TOTPDevice.objects.create(user=editor, name="Authenticator app")
film = Film.objects.create(
    title="Two Servers", slug="two-servers-2026", year=2026, status=Film.Status.PUBLISHED
)
print(film.pk, app.key)
"""


@pytest.fixture(scope="package")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    require(
        database_url.startswith(("postgres://", "postgresql://")) and bool(redis_url),
        "two app servers share PostgreSQL and Redis: set a PostgreSQL DATABASE_URL and REDIS_URL",
    )
    import psycopg

    server_url, _, name = database_url.rpartition("/")
    database = f"test_{name.split('?')[0]}_deploy"
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    folder = tmp_path_factory.mktemp("deploy")
    media, static = folder / "media", folder / "static"
    media.mkdir()
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "filmsite.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
        "DATABASE_URL": f"{server_url}/{database}",
        "REDIS_URL": redis_url,
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_STATIC_ROOT": str(static),
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("RATELIMIT_REDIS_URL", None)
    deployment = Deployment(
        env, [], media, static, "two-servers-2026", 0, "deploy-member", "deploy-editor"
    )
    try:
        # The release steps compose.yaml runs before the servers start, side by side.
        collecting = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env
        )
        deployment.manage("migrate", "--no-input", "-v0")
        setup = deployment.manage("shell", "-c", SETUP_SCRIPT.format(password=PASSWORD))
        film_pk, deployment.editor_key = setup.split()[-2:]
        deployment.film_pk = int(film_pk)
        assert collecting.wait() == 0, "collectstatic failed"
        taken: set[int] = set()
        for name in ("A", "B"):
            port = free_port(taken)
            log = folder / f"server-{name}.log"
            with log.open("w") as output:
                process = subprocess.Popen(
                    image_command(),
                    cwd=ROOT,
                    env={**env, "PORT": str(port)},
                    stdout=subprocess.DEVNULL,
                    stderr=output,
                    start_new_session=True,
                )
            server = AppServer(name, port, process, log)
            deployment.servers.append(server)
            wait_for(
                f"gunicorn {name}",
                lambda server=server: server.visitor().get("/healthz").status == 200,
                process,
                log,
            )
        yield deployment
    finally:
        for server in deployment.servers:
            stop(server.process)
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@dataclass
class Proxy:
    http_port: int
    https_port: int
    tls: ssl.SSLContext

    def visitor(self, source: str | None = None) -> Visitor:
        """A visitor at `source` (127.0.0.x), reaching the site by its name over HTTPS."""
        return Visitor(self.https_port, host="localhost", tls=self.tls, source=source)


@pytest.fixture(scope="package")
def proxy(deployment, tmp_path_factory) -> Iterator[Proxy]:
    """deploy/Caddyfile in front of both servers, for the site "localhost", whose certificate
    Caddy issues from an authority of its own, made for this run in a folder of the test's."""
    caddy = shutil.which("caddy")
    require(caddy is not None, "caddy is missing: apt-get install -y caddy")
    assert caddy is not None
    folder = tmp_path_factory.mktemp("caddy")
    taken = {server.port for server in deployment.servers}
    http_port, https_port = free_port(taken), free_port(taken)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(folder),
        # Caddy keeps its authority and certificates here, not in the user's home.
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "SITE_ADDRESS": "localhost",
        "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port),
        "FILMSITE_UPSTREAMS": " ".join(f"127.0.0.1:{s.port}" for s in deployment.servers),
        "STATIC_ROOT": str(deployment.static),
        "MEDIA_ROOT": str(deployment.media),
        # Off: its default port (2019) may be another's.
        "CADDY_ADMIN": "off",
    }
    log = folder / "caddy.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    root = folder / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    try:
        wait_for("caddy", root.exists, process, log)
        tls = ssl.create_default_context(cafile=str(root))
        proxy = Proxy(http_port, https_port, tls)
        wait_for("caddy", lambda: proxy.visitor().get("/healthz").status == 200, process, log)
        yield proxy
    finally:
        stop(process)


def log_in(visitor: Visitor, username: str, path: str = "/accounts/login/") -> Visitor:
    answer = visitor.submit(path, {"username": username, "password": PASSWORD})
    assert answer.status == 302, answer.text[:2000]
    return visitor


def prove_second_factor(visitor: Visitor, key: str) -> Visitor:
    """Give a staff visitor's code, computed from their authenticator app's `key`."""
    from django_otp.plugins.otp_totp.models import TOTPDevice  # a models import: after setup

    from tests.logins import code_at

    answer = visitor.submit("/account/two-factor/verify/", {"code": code_at(TOTPDevice(key=key))})
    assert answer.status == 302, answer.text[:2000]
    return visitor
