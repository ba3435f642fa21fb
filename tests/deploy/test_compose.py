"""compose.yaml is valid, runs what the Dockerfile and the Makefile run, and .env.example lists
every setting. Needs Debian's docker-compose (v1, no Docker engine) for the validation."""

import json
import re
import shutil
import subprocess

import pytest
import yaml

from .conftest import CADDYFILE, ROOT, require

# Variables compose.yaml itself reads from .env, beyond those the app reads.
COMPOSE_VARIABLES = {"SITE_ADDRESS", "POSTGRES_PASSWORD"}
# The services built from this repository's image.
APP_SERVICES = ("web", "worker", "migrate", "collectstatic")


@pytest.fixture(scope="module")
def compose(tmp_path_factory):
    """compose.yaml as docker-compose reads it (anchors merged, variables put in), with an
    .env made from .env.example and the variables it must have."""
    docker_compose = shutil.which("docker-compose")
    require(docker_compose is not None, "docker-compose is missing: apt-get install docker-compose")
    assert docker_compose is not None
    folder = tmp_path_factory.mktemp("compose")
    shutil.copy(ROOT / "compose.yaml", folder)
    required = "SITE_ADDRESS=films.example\nPOSTGRES_PASSWORD=0123abcd\nDJANGO_SECRET_KEY=k\n"
    (folder / ".env").write_text((ROOT / ".env.example").read_text() + required)
    checked = subprocess.run(
        [docker_compose, "config", "-q"], cwd=folder, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    resolved = subprocess.run(
        [docker_compose, "config"], cwd=folder, capture_output=True, text=True, check=True
    )
    return yaml.safe_load(resolved.stdout)


def dockerfile_instructions(keyword: str) -> list[str]:
    """The Dockerfile's instructions of one kind, each on one line, without the keyword."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return [line.removeprefix(f"{keyword} ") for line in lines if line.startswith(f"{keyword} ")]


def test_docker_compose_accepts_the_file_and_an_env_made_from_the_example(compose):
    assert set(compose["services"]) == {*APP_SERVICES, "proxy", "db", "redis", "ratelimit"}


def test_the_app_servers_run_the_images_command_and_health_check(compose):
    web = compose["services"]["web"]
    assert "command" not in web  # the Dockerfile's CMD
    [instruction] = dockerfile_instructions("HEALTHCHECK")
    healthcheck = json.loads(instruction.split(" CMD ", 1)[1])
    assert web["healthcheck"]["test"] == ["CMD", *healthcheck]


def test_the_app_servers_can_be_scaled(compose):
    web = compose["services"]["web"]
    assert "container_name" not in web
    assert "ports" not in web
    assert compose["services"]["proxy"]["environment"]["FILMSITE_UPSTREAMS"] == "web:8000"


def test_the_release_steps_are_the_makefiles_and_the_dockerfiles(compose):
    makefile = (ROOT / "Makefile").read_text().replace("$(MANAGE)", "python manage.py")
    migrate = compose["services"]["migrate"]["command"]
    assert f"\t{' '.join(migrate)}\n" in makefile
    collectstatic = compose["services"]["collectstatic"]["command"]
    assert any(" ".join(collectstatic) in run for run in dockerfile_instructions("RUN"))
    web = compose["services"]["web"]["depends_on"]
    for step in ("migrate", "collectstatic"):
        assert web[step] == {"condition": "service_completed_successfully"}


def test_every_long_running_service_has_a_health_check(compose):
    for name, service in compose["services"].items():
        if name not in ("migrate", "collectstatic"):
            assert service["healthcheck"]["test"], name


def test_the_proxy_runs_the_repositorys_caddyfile_and_is_the_one_trusted_proxy(compose):
    proxy = compose["services"]["proxy"]
    written = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["proxy"]
    mounted = f"./{CADDYFILE.relative_to(ROOT)}:/etc/caddy/Caddyfile:ro"
    assert mounted in written["volumes"]  # the caddy image's configuration file
    address = proxy["networks"]["default"]["ipv4_address"]
    for name in APP_SERVICES:
        assert compose["services"][name]["environment"]["DJANGO_TRUSTED_PROXIES"] == address


def settings_variables() -> set[str]:
    source = (ROOT / "filmsite" / "settings.py").read_text()
    return set(
        re.findall(r'(?:env_\w+|os\.environ\.get|os\.getenv)\(\s*"([A-Z][A-Z0-9_]*)"', source)
    )


def image_variables() -> set[str]:
    """What the image's command reads: its own ${...}, and gunicorn.conf.py's environment."""
    [command] = dockerfile_instructions("CMD")
    conf = (ROOT / "gunicorn.conf.py").read_text()
    return set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", command)) | set(
        re.findall(r"(?:_whole_number|os\.environ\.get)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", conf)
    )


def example_variables() -> set[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {m[1] for line in lines if (m := re.match(r"#? ?([A-Z][A-Z0-9_]*)=", line))}


def test_the_env_example_lists_every_variable_the_site_reads_and_no_other():
    read = settings_variables() | image_variables()
    # The patterns still find what they look for.
    assert "DJANGO_SECRET_KEY" in read
    assert "WEB_CONCURRENCY" in read
    assert example_variables() == read | COMPOSE_VARIABLES


def test_compose_sets_only_variables_the_site_reads(compose):
    read = settings_variables() | image_variables() | COMPOSE_VARIABLES
    for name in APP_SERVICES:
        assert set(compose["services"][name]["environment"]) <= read, name
