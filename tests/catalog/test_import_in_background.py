"""IMDb imports queued for the task worker, from the command line or the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from catalog.models import Film
from tests.factories import staff_member
from tests.logins import log_in_staff

from .test_import_imdb import BASICS, write

pytestmark = pytest.mark.django_db

IMPORT_PAGE = reverse("admin:catalog_film_import_imdb")


@pytest.fixture
def dataset_dir(tmp_path):
    folder = tmp_path / "imdb"
    folder.mkdir()
    write(folder, "title.basics.tsv", BASICS)
    return folder


@pytest.fixture
def importer(client):
    """An editor who may also start imports."""
    user = staff_member("Editors")
    user.user_permissions.add(Permission.objects.get(codename="import_imdb"))
    log_in_staff(client, user)
    return user


def test_background_import_is_queued_and_run_by_the_worker(dataset_dir, run_tasks, capsys):
    call_command("import_imdb", str(dataset_dir), "--background", "--types", "movie,short")
    assert "Queued import" in capsys.readouterr().out
    assert not Film.objects.exists()
    assert run_tasks() == 1
    assert Film.objects.filter(tconst="tt0113627").exists()
    assert Film.objects.filter(tconst="tt0000001").exists()  # the short asked for
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert result.task_result.return_value["files"]["title.basics.tsv"]["created"] == 5


def test_background_import_of_a_missing_folder_is_refused_at_once(tmp_path):
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("import_imdb", str(tmp_path / "nowhere"), "--background")
    assert not DBTaskResult.objects.exists()


def test_the_import_page_needs_its_own_permission(client):
    log_in_staff(client, staff_member("Editors"))
    assert client.get(IMPORT_PAGE).status_code == 403
    assert client.post(IMPORT_PAGE, {"types": ["movie"]}).status_code == 403
    assert not DBTaskResult.objects.exists()


def test_an_importer_queues_an_import_of_the_dataset_folder(
    client, importer, dataset_dir, settings, run_tasks
):
    settings.IMDB_DATASET_DIR = str(dataset_dir)
    assert "Import from IMDb files" in client.get(reverse("admin:catalog_film_changelist")).text
    response = client.post(IMPORT_PAGE, {"types": ["movie"]})
    assert response.status_code == 302
    assert not Film.objects.exists()
    run_tasks()
    assert Film.objects.filter(tconst="tt0113627").exists()
    assert not Film.objects.filter(tconst="tt0000001").exists()  # a short, not asked for
    page = client.get(IMPORT_PAGE).text
    assert "Successful" in page
    assert str(dataset_dir) in page


def test_without_a_dataset_folder_the_page_explains_and_queues_nothing(client, importer, settings):
    settings.IMDB_DATASET_DIR = ""
    assert "DJANGO_IMDB_DATASET_DIR" in client.get(IMPORT_PAGE).text
    client.post(IMPORT_PAGE, {"types": ["movie"]})
    assert not DBTaskResult.objects.exists()


def test_an_unknown_title_type_is_a_form_error(client, importer, dataset_dir, settings):
    settings.IMDB_DATASET_DIR = str(dataset_dir)
    response = client.post(IMPORT_PAGE, {"types": ["tvEpisode"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not DBTaskResult.objects.exists()
