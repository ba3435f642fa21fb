"""Every request is one JSON line with its id, and the id is sent back in X-Request-ID."""

import io
import ipaddress
import json
import logging
import sys

import pytest

from filmsite.jsonlog import JSONFormatter
from tests.factories import UserFactory


@pytest.fixture
def log_lines():
    """The JSON lines the site's loggers write during the test, formatted as on stdout."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    loggers = [logging.getLogger("filmsite.requests"), logging.getLogger("django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "filmsite.requests"]


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_the_id_sent_back(client, log_lines):
    response = client.get("/films/")

    [line] = request_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == "/films/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["user_id"] is None
    assert line["level"] == "INFO"


@pytest.mark.django_db
def test_each_request_gets_an_id_of_its_own(client):
    assert client.get("/films/")["X-Request-ID"] != client.get("/films/")["X-Request-ID"]


@pytest.mark.django_db
def test_a_members_request_is_logged_with_their_user_id(client, log_lines):
    member = UserFactory()
    client.force_login(member)
    client.get("/films/")

    assert request_lines(log_lines())[-1]["user_id"] == member.pk


@pytest.mark.django_db
def test_a_sane_request_id_from_the_trusted_proxy_is_kept(client, settings, log_lines):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    response = client.get("/films/", headers={"X-Request-ID": "edge-7f3a.91"})

    assert response["X-Request-ID"] == "edge-7f3a.91"
    assert request_lines(log_lines())[0]["request_id"] == "edge-7f3a.91"


@pytest.mark.django_db
def test_a_request_id_from_anyone_else_is_replaced(client, settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    response = client.get("/films/", headers={"X-Request-ID": "chosen-by-the-client"})

    assert response["X-Request-ID"] != "chosen-by-the-client"


@pytest.mark.django_db
@pytest.mark.parametrize("offered", ['a" "b', "x" * 129, "line\u2028break", "é"])
def test_a_request_id_that_could_forge_a_log_line_is_replaced_even_from_the_proxy(
    client, settings, offered
):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    response = client.get("/films/", headers={"X-Request-ID": offered})

    assert response["X-Request-ID"] != offered
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_query_strings_are_not_logged(client, log_lines):
    client.get("/search/?q=private+words")

    [line] = request_lines(log_lines())
    assert line["path"] == "/search/"
    assert "private" not in json.dumps(log_lines())


@pytest.mark.django_db
def test_a_password_reset_link_is_logged_without_its_secrets(client, log_lines):
    client.get("/accounts/reset/MTIzNA/cz7x9k-0123456789abcdef0123456789abcdef/")

    [line] = request_lines(log_lines())
    assert line["path"] == "/accounts/reset/[redacted]/[redacted]/"
    assert "MTIzNA" not in json.dumps(log_lines())
    assert "cz7x9k" not in json.dumps(log_lines())


@pytest.mark.django_db
def test_other_records_made_during_a_request_carry_its_id(client, log_lines):
    response = client.get("/films/no-such-film-1999/")

    assert response.status_code == 404
    [warning] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert warning["request_id"] == response["X-Request-ID"]
    assert warning["level"] == "WARNING"


def test_a_record_with_an_error_carries_its_traceback_in_the_line():
    try:
        raise ValueError("the projector broke")
    except ValueError:
        record = logging.getLogger("test").makeRecord(
            "test", logging.ERROR, __file__, 1, "failed", (), exc_info=sys.exc_info()
        )
    line = JSONFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed"
    assert "ValueError: the projector broke" in entry["exception"]
