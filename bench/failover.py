"""Two app servers behind the proxy, under load: what a server's crash costs, and what the second
server buys. A script, not a test: it measures, it does not assert.

    .venv/bin/python bench/failover.py --database-url postgres://root@127.0.0.1:5432/filmsite_bench

It migrates the database, loads the seed and collects the static files as compose.yaml's release
steps do, starts two app servers with the Dockerfile's CMD (production settings, shared
PostgreSQL, Redis and media folder) and Caddy with deploy/Caddyfile in front of them, for the
site "localhost" on --ports. Then, with wrk on the seed's film page over HTTPS:

- throughput: rounds of --seconds through the proxy to one server, then to both (Caddy
  restarted with one upstream or two); medians of the rounds;
- failover: --failover-seconds to both servers, the second killed (SIGKILL, the whole process
  group) after --kill-after seconds. Reported: requests that failed (a 5xx or a socket error),
  and the seconds from the kill to the last failure, which is when the site had recovered.
"""

import sys
from pathlib import Path

# Run as `python bench/failover.py`, this folder comes first on the path, where bench/http.py
# would hide the standard library's `http` package from everything imported after it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import ssl  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import ExitStack, contextmanager  # noqa: E402
from typing import NoReturn  # noqa: E402

ROOT = HERE.parent
FILM_PAGE = "/films/leaving-las-vegas-1995/"

# Each answer's time, and each 5xx answer's (wall clock, from LuaJIT's FFI), in the thread's
# lists; at the end, one JSON line with the totals and those times.
WRK_SCRIPT = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } timeval_t;
int gettimeofday(timeval_t *tv, void *tz);
]]
local clock = ffi.new("timeval_t")
local function now()
  ffi.C.gettimeofday(clock, nil)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_usec) / 1e6
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed_at = {}; answered_at = {} end
function response(status, headers, body)
  local at = now()
  table.insert(answered_at, at)
  if status >= 500 then table.insert(failed_at, at) end
end
function done(summary, latency, requests)
  local function gather(name)
    local times = {}
    for _, thread in ipairs(threads) do
      for _, at in ipairs(thread:get(name)) do
        table.insert(times, string.format("%.3f", at))
      end
    end
    return table.concat(times, ", ")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, ' ..
    '"socket_errors_by_kind": "connect %d, read %d, write %d, timeout %d", ' ..
    '"p50_us": %.0f, "p99_us": %.0f, "failed_at": [%s], "answered_at": [%s]}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), gather("failed_at"), gather("answered_at")))
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://root@127.0.0.1:5432/filmsite_bench")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    )
    parser.add_argument("--ports", default="18600-18699", help="where servers may listen")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per server")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10, help="each throughput window")
    parser.add_argument("--failover-seconds", type=int, default=20)
    parser.add_argument("--kill-after", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    parser.add_argument("--caddy", default=shutil.which("caddy") or "/usr/bin/caddy")
    return parser.parse_args()


ARGS = parse_args()


def fail(message: str) -> NoReturn:
    print(f"bench/failover.py: {message}", file=sys.stderr)
    raise SystemExit(2)


for tool in (ARGS.wrk, ARGS.caddy):
    if not os.access(tool, os.X_OK):
        fail(f"{tool} not found: apt-get install wrk caddy")
if not ARGS.database_url.startswith(("postgres://", "postgresql://")):
    fail("--database-url must name a PostgreSQL database")

FOLDER = Path(tempfile.mkdtemp(prefix="filmsite-failover-"))
FIRST_PORT, LAST_PORT = map(int, ARGS.ports.split("-"))
PORTS = iter(range(FIRST_PORT, LAST_PORT + 1))
SERVER_ENV = {
    **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
    "DJANGO_SETTINGS_MODULE": "filmsite.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "localhost",
    "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
    "DATABASE_URL": ARGS.database_url,
    "REDIS_URL": ARGS.redis_url,
    "DJANGO_MEDIA_ROOT": str(FOLDER / "media"),
    "DJANGO_STATIC_ROOT": str(FOLDER / "static"),
    "WEB_CONCURRENCY": str(ARGS.workers),
    "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
}
SERVER_ENV.pop("RATELIMIT_REDIS_URL", None)


def free_port() -> int:
    import socket

    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    fail(f"no free port left in {ARGS.ports}")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=SERVER_ENV, check=True)


def image_command() -> list[str]:
    cmd = re.search(r"^CMD (\[.*\])$", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    if cmd is None:
        fail("the Dockerfile has no CMD in exec form")
    command: list[str] = json.loads(cmd[1])
    return command


def wait_until(what: str, process: subprocess.Popen, ready) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"{what} exited at start")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    fail(f"{what} did not start within 60 s")


@contextmanager
def started(command: list[str], env: dict[str, str], log: str) -> Iterator[subprocess.Popen]:
    with (FOLDER / log).open("w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)


def ok(url: str, context: ssl.SSLContext | None = None) -> bool:
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
    )
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with opener.open(request, timeout=10) as response:
        return bool(response.status == 200)


@contextmanager
def app_server(name: str) -> Iterator[tuple[int, subprocess.Popen]]:
    port = free_port()
    with started(image_command(), {**SERVER_ENV, "PORT": str(port)}, f"{name}.log") as process:
        wait_until(f"server {name}", process, lambda: ok(f"http://127.0.0.1:{port}/healthz"))
        yield port, process


@contextmanager
def proxy(upstreams: list[int]) -> Iterator[str]:
    http_port, https_port = free_port(), free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(FOLDER),
        "XDG_DATA_HOME": str(FOLDER / "caddy-data"),
        "XDG_CONFIG_HOME": str(FOLDER / "caddy-config"),
        "SITE_ADDRESS": "localhost",
        "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port),
        "FILMSITE_UPSTREAMS": " ".join(f"127.0.0.1:{port}" for port in upstreams),
        "STATIC_ROOT": SERVER_ENV["DJANGO_STATIC_ROOT"],
        "MEDIA_ROOT": SERVER_ENV["DJANGO_MEDIA_ROOT"],
        "CADDY_ADMIN": "off",
    }
    command = [ARGS.caddy, "run", "--config", str(ROOT / "deploy" / "Caddyfile")]
    with started([*command, "--adapter", "caddyfile"], env, "caddy.log") as process:
        site = f"https://localhost:{https_port}"
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        wait_until("caddy", process, lambda: ok(f"{site}/healthz", context))
        yield site


def wrk(url: str, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=FOLDER, delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        ARGS.wrk, f"-t{ARGS.threads}", f"-c{ARGS.connections}", f"-d{seconds}s",
        "--timeout=10s", "-s", script.name, "-H", "Accept-Encoding: gzip", url,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            report: dict = json.loads(line.removeprefix("BENCH "))
            return report
    fail(f"wrk gave no report:\n{result.stdout}\n{result.stderr}")


def per_second(report: dict) -> float:
    return float(report["requests"]) / (report["duration_us"] / 1e6)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    manage("migrate", "--no-input", "-v0")
    manage("load_seed", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    load_before = os.getloadavg()[0]
    throughput: dict[int, list[float]] = {1: [], 2: []}
    with ExitStack() as stack:
        first, _ = stack.enter_context(app_server("A"))
        second, second_process = stack.enter_context(app_server("B"))
        for round_ in range(1, ARGS.rounds + 1):
            print(f"throughput, round {round_} of {ARGS.rounds} ...", file=sys.stderr)
            for upstreams in ([first], [first, second]):
                with proxy(upstreams) as site:
                    wrk(site + FILM_PAGE, 2)  # warm every worker and the caches
                    report = wrk(site + FILM_PAGE, ARGS.seconds)
                    throughput[len(upstreams)].append(per_second(report))
        print("failover ...", file=sys.stderr)
        with proxy([first, second]) as site:
            wrk(site + FILM_PAGE, 2)
            killed_at: list[float] = []

            def kill() -> None:
                time.sleep(ARGS.kill_after)
                killed_at.append(time.time())
                os.killpg(second_process.pid, signal.SIGKILL)

            killer = threading.Thread(target=kill)
            killer.start()
            report = wrk(site + FILM_PAGE, ARGS.failover_seconds)
            killer.join()
    load_after = os.getloadavg()[0]
    shutil.rmtree(FOLDER, ignore_errors=True)

    one, two = (statistics.median(throughput[n]) for n in (1, 2))
    failures = [at - killed_at[0] for at in report["failed_at"]]
    failed = report["status_errors"] + report["socket_errors"]
    print(f"\nCommand: {shlex.join(sys.orig_argv)}")
    print(
        f"Machine: {os.cpu_count()} cores, load average (1 minute) {load_before:.1f} before, "
        f"{load_after:.1f} after. Each server: gunicorn, {ARGS.workers} sync workers; Caddy "
        f"(deploy/Caddyfile) in front; wrk -t{ARGS.threads} -c{ARGS.connections} over HTTPS "
        f"on {FILM_PAGE} (a visitor's page, from the page cache)."
    )
    print(f"\nThroughput, median of {ARGS.rounds} windows of {ARGS.seconds} s:")
    print(f"- one server:  {one:,.0f} requests/s  {[round(x) for x in throughput[1]]}")
    print(f"- two servers: {two:,.0f} requests/s  {[round(x) for x in throughput[2]]}")
    print(f"- two against one: {two / one:.2f}x")
    print(
        f"\nFailover: the second server killed (SIGKILL) {ARGS.kill_after:g} s into "
        f"{ARGS.failover_seconds} s of load."
    )
    print(
        f"- requests: {report['requests']:,}; failed: {failed:,} "
        f"({report['status_errors']:,} 5xx, {report['socket_errors']:,} socket errors: "
        f"{report['socket_errors_by_kind']})"
    )
    if failures:
        print(
            f"- failures from {min(failures):+.2f} s to {max(failures):+.2f} s after the kill: "
            f"recovered {max(failures):.2f} s after it"
        )
    else:
        print("- no 5xx answer at all (wrk does not time socket errors)")
    answered = sorted(at - killed_at[0] for at in report["answered_at"])
    around = [at for at in answered if -1 <= at <= 10]
    pause = max((b - a, a) for a, b in itertools.pairwise(around))
    before = statistics.median(b - a for a, b in itertools.pairwise(answered) if b < 0)
    print(
        f"- the longest pause between two answers from 1 s before the kill to 10 s after: "
        f"{pause[0]:.2f} s, from {pause[1]:+.2f} s; before the kill the answers came every "
        f"{before:.3f} s "
        f"(median); p50 {report['p50_us'] / 1000:.0f} ms, p99 {report['p99_us'] / 1000:.0f} ms "
        f"over the whole run"
    )


if __name__ == "__main__":
    main()
