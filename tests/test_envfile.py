"""`.env.local` gives manage.py development settings in any terminal, and nothing else reads it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from filmsite.envfile import EnvFileError, load_env_file, parse_env_file
from tests.test_settings import CONFIG_NAMES

DEVELOPMENT = "# written by make run\nDJANGO_DEBUG=true\nDJANGO_SECRET_KEY=local-key\n"


def test_names_values_comments_and_quotes_are_read():
    text = (
        "# a comment\n"
        "\n"
        "DJANGO_DEBUG=true\n"
        "  EMAIL_HOST = smtp.example.org  \n"
        'DEFAULT_FROM_EMAIL="Filmsite <films@example.org>"\n'
        "DJANGO_SECRET_KEY='a#b=c \"d\"'\n"
        "EMPTY=\n"
    )
    assert parse_env_file(text, ".env.local") == {
        "DJANGO_DEBUG": "true",
        "EMAIL_HOST": "smtp.example.org",
        "DEFAULT_FROM_EMAIL": "Filmsite <films@example.org>",
        "DJANGO_SECRET_KEY": 'a#b=c "d"',
        "EMPTY": "",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("DJANGO_DEBUG=true\nexport X=1\n", ".env.local:2: expected NAME=value"),
        ("DJANGO_DEBUG\n", ".env.local:1: expected NAME=value"),
        ("1X=1\n", ".env.local:1: expected NAME=value"),
        ('KEY="unfinished\n', ".env.local:1: the value's closing \" is missing"),
    ],
)
def test_a_line_that_is_not_name_equals_value_is_an_error_with_its_line(text, message):
    with pytest.raises(EnvFileError, match=message):
        parse_env_file(text, ".env.local")


def test_variables_already_in_the_environment_win(tmp_path, monkeypatch):
    env_file = tmp_path / ".env.local"
    env_file.write_text("FILMSITE_TEST_A=from-file\nFILMSITE_TEST_B=from-file\n")
    monkeypatch.setenv("FILMSITE_TEST_A", "from-environment")
    monkeypatch.delenv("FILMSITE_TEST_B", raising=False)
    load_env_file(env_file)
    assert os.environ["FILMSITE_TEST_A"] == "from-environment"
    assert os.environ["FILMSITE_TEST_B"] == "from-file"
    monkeypatch.delenv("FILMSITE_TEST_B")


def test_a_missing_file_sets_nothing_and_an_unreadable_one_is_an_error(tmp_path):
    load_env_file(tmp_path / ".env.local")
    (tmp_path / ".env.local").write_bytes(b"DJANGO_DEBUG=\xff\n")
    with pytest.raises(EnvFileError, match="cannot be read"):
        load_env_file(tmp_path / ".env.local")


@pytest.fixture
def project(tmp_path):
    """A copy of the project's manage.py beside links to everything else, and no .env.local."""
    root = tmp_path / "project"
    root.mkdir()
    for entry in Path(settings.BASE_DIR).iterdir():
        if entry.name not in {"manage.py", ".env.local", ".git"}:
            (root / entry.name).symlink_to(entry)
    (root / "manage.py").write_text((Path(settings.BASE_DIR) / "manage.py").read_text())
    return root


def run(arguments, cwd, **environment):
    """Run `arguments` in a fresh interpreter, as in a new terminal with no variables set."""
    env = {name: value for name, value in os.environ.items() if name not in CONFIG_NAMES}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(environment)
    return subprocess.run(
        [sys.executable, *arguments], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_manage_py_reads_env_local_beside_it_from_any_folder(project, tmp_path):
    (project / ".env.local").write_text(DEVELOPMENT)
    result = run([str(project / "manage.py"), "check"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_manage_py_without_env_local_needs_the_environment(project):
    result = run(["manage.py", "check"], cwd=project)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_environment_wins_over_env_local(project):
    (project / ".env.local").write_text(DEVELOPMENT)
    script = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    result = run(["manage.py", "shell", "-v", "0", "-c", script], cwd=project, DJANGO_DEBUG="off")
    assert result.stdout.split() == ["False", "local-key"]


def test_a_broken_env_local_is_a_one_line_error(project):
    (project / ".env.local").write_text("DJANGO_DEBUG true\n")
    result = run(["manage.py", "check"], cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"manage.py: {project / '.env.local'}:1: expected NAME=value, not 'DJANGO_DEBUG true'"
    ]


@pytest.mark.parametrize("module", ["filmsite.wsgi", "filmsite.asgi"])
def test_servers_never_read_env_local(project, module):
    (project / ".env.local").write_text(DEVELOPMENT)
    result = run(["-c", f"import {module}"], cwd=project)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_make_writes_a_private_env_local_once_and_never_overwrites_it(project):
    subprocess.run(["make", "--quiet", ".env.local"], cwd=project, check=True, capture_output=True)
    env_file = project / ".env.local"
    variables = parse_env_file(env_file.read_text(), str(env_file))
    assert variables["DJANGO_DEBUG"] == "true"
    assert len(variables["DJANGO_SECRET_KEY"]) >= 50
    assert env_file.stat().st_mode & 0o077 == 0

    env_file.write_text(DEVELOPMENT)
    subprocess.run(["make", "--quiet", ".env.local"], cwd=project, check=True, capture_output=True)
    assert env_file.read_text() == DEVELOPMENT
