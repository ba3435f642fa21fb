"""HTTP benchmark: requests per second and latency of Filmsite's pages under gunicorn, served
as production serves them. A script, not a test: it measures, it does not assert.

    make bench-http BENCH_HTTP_ARGS="--rounds 5"
    .venv/bin/python bench/http.py --database-url postgres://root@127.0.0.1:5432/filmsite_bench

It migrates the database and tops its catalog up with `generate_catalog` (at least --films
films and --reviews reviews, one film with --popular-reviews), collects the static files as the
image does, and starts gunicorn with the image's worker count and the production environment:
DJANGO_DEBUG=0, a random DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS=127.0.0.1, PostgreSQL and
Redis; a second one, the same but with the page cache off (DJANGO_PAGE_CACHE=0), serves the
"page cache off" windows. It stands in for the TLS-terminating proxy: it sends
`X-Forwarded-Proto: https` from 127.0.0.1, which it names the trusted proxy, as a deployment
would. Then `wrk` runs a window of
a few seconds on each page in turn, round after round, so that slow drift (other load on the
machine, PostgreSQL's caches) falls on every page alike; each figure is the median of the
rounds. Queries are counted by requesting each page once more in this process with Django's
test client, with the same settings, database and headers.
"""

import sys
from pathlib import Path

# Run as `python bench/http.py`, this folder comes first on the path, where this file would
# hide the standard library's `http` package from everything imported after it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from typing import NoReturn  # noqa: E402
from urllib.parse import quote_plus, urljoin  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://root@127.0.0.1:5432/filmsite_bench"
# What a TLS-terminating proxy and a browser add to every request.
COMMON_HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip, deflate, br"}
# The page cache's switch (settings: DJANGO_PAGE_CACHE): "page cache off" windows go to a
# second server started with it off, the same in every other way.
CACHE_OFF_ENV = {"DJANGO_PAGE_CACHE": "0"}
BENCH_USERNAME = "bench-member"
# A slow page's window is longer than --seconds, but no longer than this.
MAX_WINDOW_SECONDS = 30

# wrk reports each window as one line of JSON; times in microseconds.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %.0f, "p99_us": %.0f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    )
    parser.add_argument("--films", type=int, default=100_000, help="catalog size, at least")
    parser.add_argument("--reviews", type=int, default=1_000_000, help="reviews, at least")
    parser.add_argument(
        "--popular-reviews", type=int, default=50_000, help="reviews of the most reviewed film"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--seconds",
        type=int,
        default=3,
        help="length of each window, at least: a slow page's window lasts long enough for "
        "each connection to finish two requests",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=30, help="seconds before wrk gives up")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY") or 3),
        help="gunicorn workers; the image's default (WEB_CONCURRENCY, else 3)",
    )
    parser.add_argument(
        "--deep-hops", type=int, default=20, help='"next" links followed to the deep review page'
    )
    parser.add_argument(
        "--only", action="append", help="run only the windows whose name contains this, repeatable"
    )
    parser.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    args = parser.parse_args()
    if min(args.rounds, args.seconds, args.connections, args.threads, args.workers) < 1:
        parser.error("--rounds, --seconds, --connections, --threads, --workers: at least 1")
    return args


def fail(message: str) -> NoReturn:
    print(f"bench/http.py: {message}", file=sys.stderr)
    raise SystemExit(2)


ARGS = parse_args()
if not Path(ARGS.wrk).is_file() or not os.access(ARGS.wrk, os.X_OK):
    fail(f"wrk not found ({ARGS.wrk}); install it (apt-get install wrk) or pass --wrk PATH")
if not ARGS.database_url.startswith(("postgres://", "postgresql://")):
    fail(f"--database-url must name a PostgreSQL database, not {ARGS.database_url!r}")

# The production environment (README: Configuration; Dockerfile), for gunicorn and for the
# query counts taken in this process alike.
SERVER_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": ARGS.database_url,
    "REDIS_URL": ARGS.redis_url,
    "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
}
os.environ.update(SERVER_ENV, DJANGO_SETTINGS_MODULE="filmsite.settings")

import django  # noqa: E402

django.setup()

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_backends,
    get_user_model,
)
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalog.models import Credit, Film  # noqa: E402
from reviews.models import Review  # noqa: E402


@dataclass
class Window:
    """One page under load: wrk requests `path` with `headers` for a few seconds each round."""

    name: str
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    skipped: str = ""  # why the window does not run
    uncached: bool = False  # served by the server whose page cache is off
    seconds: int = 0
    runs: list[dict[str, float]] = field(default_factory=list)
    queries: int | None = None


# Preparing the database ----------------------------------------------------------------------


def check_services() -> None:
    try:
        connection.ensure_connection()
    except OperationalError as error:
        fail(
            f"cannot reach PostgreSQL at {ARGS.database_url}: {error}\n"
            f"Start it, or create the database: createdb {ARGS.database_url.rsplit('/', 1)[-1]}"
        )
    key = "bench-http-probe"
    cache.set(key, 1, 30)
    if cache.get(key) != 1:
        fail(f"cannot reach Redis at {ARGS.redis_url} (the site would run degraded)")


def catalog_size() -> tuple[int, int, int]:
    most = Film.objects.aggregate(most=Max("user_review_count"))["most"] or 0
    return Film.objects.count(), Review.objects.count(), most


def top_up() -> tuple[int, int, int]:
    """Generate what the catalog lacks; a second run reuses it."""
    films, reviews, most = catalog_size()
    if films < ARGS.films or reviews < ARGS.reviews:
        missing = max(ARGS.films - films, 1), max(ARGS.reviews - reviews, 0)
        print(f"Generating {missing[0]:,} films, {missing[1]:,} reviews ...", file=sys.stderr)
        started = time.monotonic()
        call_command("generate_catalog", films=missing[0], reviews=missing[1])
        print(f"... in {time.monotonic() - started:.0f} s", file=sys.stderr)
        films, reviews, most = catalog_size()
    if most < ARGS.popular_reviews:
        print(f"Generating a film with {ARGS.popular_reviews:,} reviews ...", file=sys.stderr)
        call_command("generate_catalog", films=1, reviews=ARGS.popular_reviews, seed=11)
        films, reviews, most = catalog_size()
    return films, reviews, most


def member_cookie() -> str:
    """A session cookie of a member, made directly in the session store (no log-in form)."""
    member, _ = get_user_model().objects.get_or_create(username=BENCH_USERNAME)
    backend = get_backends()[0]
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = member._meta.pk.value_to_string(member)
    store[BACKEND_SESSION_KEY] = f"{backend.__module__}.{backend.__class__.__qualname__}"
    store[HASH_SESSION_KEY] = member.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


# The server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """gunicorn as the image runs it, in its own process group, always stopped on exit."""

    def __init__(self, workers: int, env: dict[str, str] | None = None) -> None:
        self.env = env or {}
        self.port = free_port()
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed on exit)
        self.command = [
            sys.executable, "-m", "gunicorn", "filmsite.wsgi",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
            "--access-logfile", "-", "--forwarded-allow-ips=127.0.0.1",
        ]  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env={**os.environ, **SERVER_ENV, **self.env},
            stdout=subprocess.DEVNULL,  # the access log, written as in production
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                fail(f"gunicorn stopped at start:\n{self.errors()}")
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        errors = self.errors()
        self.stop()
        fail(f"gunicorn did not answer /healthz within 30 s:\n{errors}")

    def cpu_ticks(self) -> int:
        """CPU time (user and system, in clock ticks) used so far by the workers."""
        assert self.process is not None
        ticks = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # a process that ended meanwhile
            if int(fields[1]) == self.process.pid:  # fields: state, parent, ...
                ticks += int(fields[11]) + int(fields[12])
        return ticks

    def errors(self) -> str:
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.log.close()


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    """One request, redirects not followed: (status, headers in lower case, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https", **(headers or {})})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


class Links(HTMLParser):
    """A page's stylesheets, and its links onward: rel="next", else those labelled Next or Older."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.rel_next: list[str] = []
        self.labelled_next: list[str] = []
        self.anchor: tuple[str, list[str]] | None = None  # an open <a>: its href and words

    @property
    def next(self) -> list[str]:
        return self.rel_next + self.labelled_next

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        href = attributes.get("href")
        if href and tag == "link" and "stylesheet" in rel:
            self.stylesheets.append(href)
        if href and tag in ("a", "link") and "next" in rel:
            self.rel_next.append(href)
        elif href and tag == "a":
            self.anchor = (href, [])

    def handle_data(self, data: str) -> None:
        if self.anchor:
            self.anchor[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.anchor:
            href, words = self.anchor
            if "".join(words).strip().lower().startswith(("next", "older")):
                self.labelled_next.append(href)
            self.anchor = None


def links(body: str) -> Links:
    parser = Links()
    parser.feed(body)
    return parser


def page_ok(port: int, path: str, headers: dict[str, str] | None = None) -> str:
    status, _, body = get(port, path, headers)
    if status != 200:
        fail(f"{path} answered {status}, not 200")
    return body


def deep_page(port: int, first: str, hops: int) -> tuple[str, int]:
    """Follow the page's own "next" links, as a reader would, whatever the pagination."""
    path, followed = first, 0
    for _ in range(hops):
        following = links(page_ok(port, path)).next
        if not following:
            break
        path, followed = urljoin(path, following[0]), followed + 1
    return path, followed


# Measuring ---------------------------------------------------------------------------------


def count_queries(window: Window) -> int:
    """Queries of one request in this process, after one to warm the caches, as wrk sees it
    (with the page cache off for the windows served by the server that has it off)."""
    client = Client(headers={"host": "127.0.0.1"})
    headers = {**COMMON_HEADERS, **window.headers}
    with override_settings(PAGE_CACHE=not window.uncached):
        client.get(window.path, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(window.path, headers=headers)
    if response.status_code >= 400:
        fail(f"{window.name}: {window.path} answered {response.status_code} in process")
    return len(captured)


def run_wrk(port: int, window: Window, seconds: int, script: str) -> dict[str, float]:
    command = [
        ARGS.wrk, f"-t{ARGS.threads}", f"-c{ARGS.connections}", f"-d{seconds}s",
        f"--timeout={ARGS.timeout}s", "-s", script,
    ]  # fmt: skip
    for name, value in {**COMMON_HEADERS, **window.headers}.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{window.path}")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            report: dict[str, float] = json.loads(line.removeprefix("BENCH "))
            return report
    fail(f"wrk gave no report for {window.name}:\n{result.stdout}\n{result.stderr}")


def settle(server: Server) -> None:
    """Wait until the server is idle: wrk leaves requests in progress and queued when a window
    ends, and the next window must not pay for them.

    Idle is: no query running in the database but this process's, and the workers using no CPU,
    twice in a row.
    """
    deadline = time.monotonic() + 300
    quiet = 0
    while quiet < 2:
        if time.monotonic() > deadline:
            fail("gunicorn stayed busy for 5 minutes after a window")
        before = server.cpu_ticks()
        time.sleep(0.25)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'active' AND pid <> pg_backend_pid()"
            )
            (queries,) = cursor.fetchone()
        idle = queries == 0 and server.cpu_ticks() - before <= 1
        quiet = quiet + 1 if idle else 0


def warm(server: Server, window: Window) -> None:
    """Warm every worker on the page, and size its window from one request's time."""
    with ThreadPoolExecutor(ARGS.workers) as pool:
        list(pool.map(lambda _: get(server.port, window.path, window.headers), range(ARGS.workers)))
    settle(server)
    started = time.monotonic()
    get(server.port, window.path, window.headers)
    one = time.monotonic() - started
    # With more connections than workers, a request waits for connections / workers others.
    slow = math.ceil(2 * one * ARGS.connections / ARGS.workers)
    window.seconds = max(ARGS.seconds, min(slow, MAX_WINDOW_SECONDS))


def windows(port: int, cookie: str) -> list[Window]:
    popular = Film.objects.published().order_by("-user_review_count", "pk").first()
    small = Film.objects.published().filter(user_review_count__range=(1, 5)).order_by("pk").first()
    if popular is None or small is None:
        fail("the catalog has no published film with 1 to 5 reviews, or none at all")
    credits = Credit.objects.select_related("person")
    credit = credits.filter(film=popular).order_by("pk").first() or credits.first()
    if credit is None:
        fail("the catalog has no credits, so no person page")
    home = page_ok(port, "/")
    stylesheets = links(home).stylesheets
    if not stylesheets:
        fail("the home page links no stylesheet")
    film_page = get(port, popular.get_absolute_url())
    etag = film_page[1].get("etag")
    logged_in = {"Cookie": cookie}
    if "Log out" not in page_ok(port, small.get_absolute_url(), logged_in):
        fail("the server did not take the member's session: its page has no Log out button")
    reviews = f"{popular.get_absolute_url()}reviews/"
    deep, hops = deep_page(port, reviews, ARGS.deep_hops)
    small_name = f"small film ({small.user_review_count} reviews)"
    popular_name = f"popular film ({popular.user_review_count:,} reviews)"
    found = [
        Window("stylesheet (hashed, static)", stylesheets[0]),
        Window("/healthz", "/healthz"),
        Window(f"film page, {small_name}", small.get_absolute_url()),
        Window(f"film page, {small_name}, page cache off", small.get_absolute_url(), uncached=True),
        Window(f"film page, {popular_name}", popular.get_absolute_url()),
        Window(
            f"film page, {popular_name}, page cache off", popular.get_absolute_url(), uncached=True
        ),
        Window(f"film page, {small_name}, logged in", small.get_absolute_url(), logged_in),
        Window(f"film page, {popular_name}, logged in", popular.get_absolute_url(), logged_in),
        Window(
            f"film page, {popular_name}, conditional GET (If-None-Match)",
            popular.get_absolute_url(),
            {"If-None-Match": etag} if etag else {},
            "" if etag else "skipped: no ETag",
        ),
        Window(f"reviews of the {popular_name}, page 1", reviews),
        Window(f"reviews of the {popular_name}, after {hops} next links", deep),
        Window("film list", "/films/"),
        Window("film list, genre and sort", "/films/?genre=drama&sort=rating"),
        Window("search (a generated title)", "/search/?q=" + quote_plus(popular.title)),
        Window("home", "/"),
        Window("person page", credit.person.get_absolute_url()),
    ]
    if ARGS.only:
        found = [window for window in found if any(part in window.name for part in ARGS.only)]
    return found


def figure(value: float) -> str:
    """Three significant digits at most, thousands separated: 1,207 / 48.2 / 0.53 / 0.000412."""
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def median(window: Window, key: str) -> float:
    return statistics.median(run[key] for run in window.runs)


def rate(run: dict[str, float]) -> float:
    return run["requests"] / (run["duration_us"] / 1e6)


def table(measured: list[Window]) -> list[str]:
    by_name = {window.name: window for window in measured if window.runs}
    reference = [by_name.get("stylesheet (hashed, static)"), by_name.get("/healthz")]
    baselines = [statistics.median(map(rate, w.runs)) if w else None for w in reference]
    lines = [
        "| page | req/s | × stylesheet | × /healthz | p50 ms | p99 ms | errors | queries | s |",  # noqa: RUF001
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for window in measured:
        if not window.runs:
            lines.append(f"| {window.name} | {window.skipped} | | | | | | | |")
            continue
        per_second = statistics.median(map(rate, window.runs))
        ratios = [figure(per_second / base) if base else "-" for base in baselines]
        errors = sum(
            run[kind]
            for run in window.runs
            for kind in ("connect", "read", "write", "status", "timeout")
        )
        requests = sum(run["requests"] for run in window.runs)
        lines.append(
            f"| {window.name} | {figure(per_second)} | {ratios[0]} | {ratios[1]} "
            f"| {median(window, 'p50_us') / 1000:.1f} | {median(window, 'p99_us') / 1000:.1f} "
            f"| {errors:,.0f} of {requests:,.0f} | {window.queries} | {window.seconds} |"
        )
    return lines


def main() -> None:
    # SIGTERM ends the script as Ctrl-C does, through the `finally` that stops gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    check_services()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # as the image's build does
    films, reviews, most = top_up()
    cookie = member_cookie()
    load_before = os.getloadavg()
    with (
        Server(ARGS.workers) as cached,
        Server(ARGS.workers, CACHE_OFF_ENV) as uncached,
        tempfile.NamedTemporaryFile("w", suffix=".lua") as lua,
    ):
        lua.write(WRK_REPORT)
        lua.flush()
        measured = windows(cached.port, cookie)
        running = [window for window in measured if not window.skipped]
        for window in running:
            window.queries = count_queries(window)
            warm(uncached if window.uncached else cached, window)
        for round_ in range(1, ARGS.rounds + 1):
            print(f"round {round_} of {ARGS.rounds} ...", file=sys.stderr)
            for window in running:
                server = uncached if window.uncached else cached
                window.runs.append(run_wrk(server.port, window, window.seconds, lua.name))
                settle(server)
        for window in measured:
            if window.skipped:
                print(f"{window.name}: {window.skipped}", file=sys.stderr)
    print(f"\nCommand: {shlex.join(sys.orig_argv)}")
    print(
        f"Machine: {os.cpu_count()} cores. gunicorn: {ARGS.workers} sync workers, access log "
        f"on. wrk: -t{ARGS.threads} -c{ARGS.connections}, {ARGS.rounds} rounds of windows "
        f"of {ARGS.seconds} s or more (s column), medians of rounds; errors summed over rounds."
    )
    load = " then ".join(f"{before:.1f}" for before in (load_before[0], os.getloadavg()[0]))
    print(f"Load average (1 minute) before the windows then after: {load}.")
    print(
        f"Catalog ({connection.vendor}): {films:,} films, {reviews:,} reviews, "
        f"the most reviewed film {most:,}.\n"
    )
    print("\n".join(table(measured)))
    print("\nAddresses and extra headers (beyond X-Forwarded-Proto and Accept-Encoding):\n")
    for window in measured:
        extra = "; ".join(f"{name}: {value}" for name, value in window.headers.items())
        extra = extra.replace(cookie, f"{settings.SESSION_COOKIE_NAME}=…")
        print(f"- {window.name}: `{window.path}`" + (f" with `{extra}`" if extra else ""))


if __name__ == "__main__":
    main()
