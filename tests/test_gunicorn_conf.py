"""gunicorn.conf.py, the Dockerfile's CMD: its values, read from the environment, and a server
started with it whose workers' metrics are summed in one scrape."""

import http.client
import inspect
import os
import re
import runpy
from concurrent.futures import ThreadPoolExecutor

import pytest
from gunicorn.config import Config

from tests import servers

CONF = servers.BASE_DIR / "gunicorn.conf.py"
TOKEN = "a-metrics-token-for-tests-0123456789"


@pytest.fixture
def load_conf(monkeypatch, tmp_path):
    """The conf file's settings as gunicorn reads them, with `environment` set."""

    def load(**environment):
        for name in ("PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS", "DJANGO_TRUSTED_PROXIES"):
            monkeypatch.delenv(name, raising=False)
        # The conf makes a metrics folder only when none is named: keep this process's own.
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        names = runpy.run_path(str(CONF))
        config = Config()
        for name, value in names.items():
            if not name.startswith("_") and not inspect.ismodule(value):
                # A misspelt setting would be ignored by gunicorn; here it is an error.
                assert name in config.settings, f"gunicorn has no setting {name!r}"
                config.set(name, value)
        return config

    return load


def test_the_defaults_restart_workers_gracefully_and_staggered(load_conf):
    config = load_conf()

    assert config.wsgi_app == "filmsite.wsgi"
    assert config.bind == ["0.0.0.0:8000"]
    assert config.workers == 3
    assert config.threads == 1
    assert config.timeout == 30
    assert config.graceful_timeout == 30
    assert config.max_requests == 1000
    assert config.max_requests_jitter == 100
    assert config.accesslog is None
    assert config.forwarded_allow_ips == []


def test_workers_threads_port_and_proxies_come_from_the_environment(load_conf):
    config = load_conf(
        PORT="9000",
        WEB_CONCURRENCY="5",
        GUNICORN_THREADS="4",
        DJANGO_TRUSTED_PROXIES="10.0.0.0/8,192.0.2.7",
    )

    assert config.bind == ["0.0.0.0:9000"]
    assert config.workers == 5
    assert config.threads == 4
    assert config.forwarded_allow_ips == ["10.0.0.0/8", "192.0.2.7"]


@pytest.mark.parametrize("value", ["three", "0", "-1", "3.5", "1_0"])
def test_a_bad_worker_count_stops_the_server_with_the_variable_named(load_conf, value):
    with pytest.raises(ValueError, match="WEB_CONCURRENCY must be a whole number"):
        load_conf(WEB_CONCURRENCY=value)


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_a_scrape_sums_the_requests_of_every_worker(tmp_path):
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("PROMETHEUS")},
        **servers.PRODUCTION,
        "WEB_CONCURRENCY": "2",
        "DJANGO_METRICS_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    with servers.gunicorn(env, "-c", str(CONF)) as port:
        # Four at a time, so that both workers answer some of the probes.
        probes = 40
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: get(port, "/healthz")[0], range(probes)))
        assert answers == [200] * probes
        status, text = get(port, "/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    counted = re.search(
        r'filmsite_http_requests_total\{method="GET",status="2xx",view="healthz"\} (\S+)', text
    )
    assert counted, text
    assert float(counted.group(1)) == probes
