"""gunicorn's settings for Filmsite: `gunicorn -c gunicorn.conf.py` (the Dockerfile's CMD, CI).

Read from the environment, as the Django settings are: PORT, WEB_CONCURRENCY (workers),
GUNICORN_THREADS, GUNICORN_TIMEOUT, DJANGO_TRUSTED_PROXIES. A bad value stops the server at
once with a message naming the variable. gunicorn's own GUNICORN_CMD_ARGS (`--bind
127.0.0.1:8000`, say) overrides anything here.
"""

import os
import re
import shutil
import tempfile


def _whole_number(name: str, default: int, minimum: int, maximum: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not re.fullmatch(r"[0-9]+", value) or not minimum <= int(value) <= maximum:
        raise ValueError(
            f"{name} must be a whole number from {minimum} to {maximum}, not {value!r}."
        )
    return int(value)


wsgi_app = "filmsite.wsgi"
bind = [f"0.0.0.0:{_whole_number('PORT', 8000, 1, 65535)}"]
# Three suits a small server (gunicorn's advice is 2-4 per core); scale with replicas too.
workers = _whole_number("WEB_CONCURRENCY", 3, 1, 64)
# Above one, each worker serves requests in threads (gthread), for pages waiting on I/O.
threads = _whole_number("GUNICORN_THREADS", 1, 1, 64)

# A request still running after this many seconds has its worker killed and restarted.
timeout = _whole_number("GUNICORN_TIMEOUT", 30, 5, 600)
# On a stop or a reload (SIGTERM, SIGHUP), workers finish the requests they hold for up to
# this long before being killed, as long as a request may take. The container's stop grace
# period must be longer (compose's default, 10 s, is not: give the web service 35 s).
graceful_timeout = timeout
# Each worker is replaced after about this many requests, so slow leaks (a library's cache, a
# fragmented heap) never grow without bound; the jitter spreads the restarts so that the
# workers never all restart at once.
max_requests = 1000
max_requests_jitter = 100
# Seconds an idle connection from the proxy is kept open for its next request.
keepalive = 5

# X-Forwarded-Proto and X-Forwarded-For are believed only from the proxies the app trusts
# (DJANGO_TRUSTED_PROXIES, addresses or networks; none by default).
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "").strip()

# No access log: the app logs every request itself, as JSON with its request id
# (filmsite/requestlog.py). gunicorn's own messages (start, worker restarts) go to stderr.
accesslog = None
errorlog = "-"

# Metrics from every worker are summed when scraped (prometheus_client's multiprocess mode,
# filmsite/metrics.py): the workers write them to files in one folder, empty at start.
_metrics_folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
if not _metrics_folder:
    _metrics_folder = tempfile.mkdtemp(prefix="filmsite-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_folder


def on_starting(server: object) -> None:
    """Empty the metrics folder: files left by a previous run would be counted again."""
    shutil.rmtree(_metrics_folder, ignore_errors=True)
    os.makedirs(_metrics_folder, exist_ok=True)


def child_exit(server: object, worker: object) -> None:
    """A worker that is gone stops counting in the live gauges (its counters stay summed)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
