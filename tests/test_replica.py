"""The read replica for real: a PostgreSQL primary and a streaming replica made here from the
local binaries (initdb, pg_basebackup -R), the site under gunicorn with both URLs.

Shown: reads go to the replica and writes to the primary; a visitor who wrote reads from the
primary for READ_YOUR_WRITES_SECONDS; and while the replica lags (replay paused), the page
cache never keeps an old page under a new version. Skipped only outside CI without the
PostgreSQL binaries; in CI (CI set, as .ci/run does) a missing binary fails.
"""

import glob
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest

from tests import servers

# The ports tried for the two clusters (this project's range for them).
CLUSTER_PORTS = range(18750, 18761)
PIN_SECONDS = 2
FILM = "/films/leaving-las-vegas-1995/"
PASSWORD = "a-long-enough-password-for-tests"


def postgres_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder with the tools this test runs."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all((Path(folder) / tool).is_file() for tool in ("initdb", "pg_ctl", "pg_basebackup")):
            return Path(folder)
    return None


def as_postgres(command: list[str]) -> list[str]:
    # initdb and pg_ctl refuse to run as root, which CI is.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def free_ports(count: int) -> list[int]:
    ports = []
    for port in CLUSTER_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError(f"fewer than {count} free ports in {CLUSTER_PORTS}")


@dataclass
class Cluster:
    name: str
    folder: Path
    port: int

    def url(self, database: str = "filmsite") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def query(self, sql: str, *params: object) -> list[tuple]:
        with psycopg.connect(self.url(), autocommit=True) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else []


def run(command: list[str], **kwargs: object) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]


def start(binaries: Path, cluster: Cluster, root: Path) -> None:
    options = f"-p {cluster.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(
        as_postgres(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(cluster.folder),
                "-l",
                str(root / f"{cluster.name}.log"),
                "-o",
                options,
                "-w",
                "start",
            ]
        )
    )


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[Cluster, Cluster]]:
    binaries = postgres_binaries()
    if binaries is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the replica test: no initdb, pg_ctl, pg_basebackup found")
        pytest.skip("needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin)")
    root = Path(tempfile.mkdtemp(prefix="filmsite-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary_port, replica_port = free_ports(2)
    primary = Cluster("primary", root / "primary", primary_port)
    replica = Cluster("replica", root / "replica", replica_port)
    started: list[Cluster] = []
    try:
        run(
            as_postgres(
                [
                    *(str(binaries / "initdb"), "-D", str(primary.folder), "-U", "postgres"),
                    *("--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"),
                ]
            )
        )
        start(binaries, primary, root)
        started.append(primary)
        with psycopg.connect(primary.url("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE filmsite")
        # A copy of the primary that follows it by streaming replication (-R writes the
        # standby settings), on a port of its own.
        run(
            as_postgres(
                [
                    *(str(binaries / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port)),
                    *("-U", "postgres", "-D", str(replica.folder), "-R", "-X", "stream"),
                    # At once, not after a spread checkpoint (minutes).
                    "--checkpoint=fast",
                ]
            )
        )
        start(binaries, replica, root)
        started.append(replica)
        assert replica.query("SELECT pg_is_in_recovery()") == [(True,)]
        yield primary, replica
    finally:
        for cluster in reversed(started):
            subprocess.run(
                as_postgres(
                    [str(binaries / "pg_ctl"), "-D", str(cluster.folder), "-m", "immediate", "stop"]
                ),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


def caught_up(primary: Cluster, replica: Cluster) -> None:
    """Wait until the replica has replayed everything the primary has written."""
    (target,) = primary.query("SELECT pg_current_wal_lsn()::text")[0]
    deadline = time.monotonic() + 30
    while replica.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target) != [(True,)]:
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


def site_environment(primary: Cluster, replica: Cluster) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "RATELIMIT_", "PROMETHEUS_"))
    }
    return {
        **env,
        **servers.PRODUCTION,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
        "DJANGO_READ_YOUR_WRITES_SECONDS": str(PIN_SECONDS),
        "DATABASE_URL": primary.url(),
        "DATABASE_REPLICA_URL": replica.url(),
    }


def manage(env: dict[str, str], *arguments: str) -> None:
    run([sys.executable, "manage.py", *arguments], cwd=servers.BASE_DIR, env=env)


@pytest.fixture(scope="module")
def site(clusters: tuple[Cluster, Cluster]) -> Iterator[int]:
    """gunicorn with gunicorn.conf.py (one worker, so one page cache), reading from the
    replica: its port. The schema and the seed are written through the primary only."""
    primary, replica = clusters
    env = site_environment(primary, replica)
    # Migrating with the replica configured must leave it alone: it is read-only, so any
    # statement sent there would fail.
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_seed", "-v0")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User\n"
        f"for name in ('ann', 'bob', 'cat'): User.objects.create_user(name, password={PASSWORD!r})",
    )
    caught_up(primary, replica)
    with servers.gunicorn({**env, "WEB_CONCURRENCY": "1"}, "-c", "gunicorn.conf.py") as port:
        yield port


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def version(self) -> int:
        """The page version in the ETag (W/"version-build")."""
        match = re.fullmatch(r'W/"(\d+)-\w+"', self.headers.get("ETag", ""))
        assert match, self.headers.get("ETag")
        return int(match.group(1))


class Visitor:
    """A browser enough for these pages: keeps cookies, sends the CSRF token, and speaks to
    gunicorn as the TLS proxy would (X-Forwarded-Proto: https)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Answer:
        if "csrftoken" not in self.cookies:
            self.get("/accounts/login/")
        return self.request(
            "POST", path, {**form, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        )

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        host = f"127.0.0.1:{self.port}"
        headers = {"Host": host, "X-Forwarded-Proto": "https", "Origin": f"https://{host}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(response.status, response.headers, text)

    def log_in(self, username: str) -> None:
        answer = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert answer.status == 302, answer.text

    def review(self, headline: str) -> None:
        answer = self.post(
            f"{FILM}reviews/new/",
            {"headline": headline, "body": f"{headline}: a review long enough to be published."},
        )
        assert answer.status == 302, answer.text


@pytest.fixture
def replay_paused(clusters: tuple[Cluster, Cluster]) -> Iterator[None]:
    """The replica lags: it receives the primary's changes but applies none until the end."""
    primary, replica = clusters
    caught_up(primary, replica)
    replica.query("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        replica.query("SELECT pg_wal_replay_resume()")
        caught_up(primary, replica)


def review_page(primary: Cluster, headline: str) -> str:
    """The review's own page, by its id on the primary."""
    [(pk,)] = primary.query("SELECT id FROM reviews_review WHERE headline = %s", headline)
    return f"/reviews/{pk}/"


def test_reads_come_from_the_replica_and_writes_go_to_the_primary(site, clusters, replay_paused):
    primary, replica = clusters
    ann = Visitor(site)
    ann.log_in("ann")
    ann.review("Written to the primary")

    count = "SELECT count(*) FROM reviews_review WHERE headline = 'Written to the primary'"
    assert primary.query(count) == [(1,)]
    assert replica.query(count) == [(0,)]
    # A visitor who wrote nothing reads the lagging replica, which has no such review yet.
    # (An unknown query parameter keeps the page out of the page cache, which reads from the
    # primary.)
    stranger = Visitor(site)
    assert stranger.get(review_page(primary, "Written to the primary") + "?from=far").status == 404


def test_a_visitor_who_wrote_reads_from_the_primary_for_a_while(site, clusters, replay_paused):
    primary, _ = clusters
    bob = Visitor(site)
    bob.log_in("bob")
    bob.review("Bob reads his own review")
    assert "filmsite_primary" in bob.cookies
    his_review = review_page(primary, "Bob reads his own review")

    assert bob.get(his_review).status == 200
    # The pin is signed: a cookie made up by the visitor reads from the replica.
    forger = Visitor(site)
    forger.cookies["filmsite_primary"] = "1"
    assert forger.get(f"{his_review}?from=far").status == 404
    # Past the window his reads go back to the replica, which has not replayed his review yet.
    time.sleep(PIN_SECONDS + 0.5)
    assert bob.get(his_review).status == 404


def test_a_lagging_replica_never_puts_an_old_page_under_a_new_version(
    site, clusters, replay_paused
):
    primary, replica = clusters
    film_version = "SELECT page_version FROM catalog_film WHERE slug = 'leaving-las-vegas-1995'"
    (replica_version,) = replica.query(film_version)[0]
    cat = Visitor(site)
    cat.log_in("cat")
    cat.review("Cat writes while the replica lags")
    (primary_version,) = primary.query(film_version)[0]
    assert primary_version > replica_version
    assert replica.query(film_version) == [(replica_version,)]

    # A visitor's page is kept under the primary's version, so it is rendered from the
    # primary too: the replica's page would show the film without Cat's review.
    visitor = Visitor(site).get(f"{FILM}reviews/")
    assert visitor.version == primary_version
    assert "Cat writes while the replica lags" in visitor.text
    # Members' pages are not kept: rendered from the replica, they may lag, but no one else
    # is ever served them.
    ann = Visitor(site)
    ann.log_in("ann")
    time.sleep(PIN_SECONDS + 0.5)
    assert "Cat writes while the replica lags" not in ann.get(f"{FILM}reviews/").text

    replica.query("SELECT pg_wal_replay_resume()")
    caught_up(primary, replica)
    later = Visitor(site).get(f"{FILM}reviews/")
    assert later.version == primary_version
    assert "Cat writes while the replica lags" in later.text
    assert "Cat writes while the replica lags" in ann.get(f"{FILM}reviews/").text
