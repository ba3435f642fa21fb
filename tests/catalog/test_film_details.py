"""The film page's releases by country, other titles and trailer captions, and the admin's
captions page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import AlternativeTitle, Caption, ReleaseKind, Trailer
from tests.factories import FilmFactory, ReleaseFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\0" * 64
VTT = b"WEBVTT\n\n00:00:00.500 --> 00:00:04.000\nWhat are you drinking?\n"


def test_every_release_is_listed_and_the_primary_one_stays_under_the_title(client):
    film = FilmFactory(certificate="R")
    ReleaseFactory(film=film, country="USA", date=datetime.date(1995, 10, 27), is_primary=True)
    ReleaseFactory(
        film=film,
        country="UK",
        date=datetime.date(1996, 1, 19),
        is_primary=False,
        certificate="18",
        kind=ReleaseKind.THEATRICAL,
    )
    text = visible_text(client.get(film.get_absolute_url()).content.decode())
    assert "R | 27 October 1995 (USA)" in text
    assert "Releases" in text
    assert "UK 19 January 1996 18 Theatrical" in " ".join(text.split())


def test_the_seed_page_shows_no_releases_table(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()
    assert 'id="releases-heading"' not in html
    assert 'id="aka-heading"' not in html


def test_other_titles_are_shown_by_country_without_the_films_own(client):
    film = FilmFactory(title="Chungking Express")
    AlternativeTitle.objects.create(film=film, title="Chungking Express", region="US", ordering=1)
    AlternativeTitle.objects.create(film=film, title="恋する惑星", region="JP", ordering=2)
    AlternativeTitle.objects.create(film=film, title="<b>Chong</b>", region="HK", ordering=3)
    html = client.get(film.get_absolute_url()).content.decode()
    section = html[html.index('id="aka-heading"') :]
    assert "<dt>Japan</dt>" in section
    assert "恋する惑星" in section
    assert "&lt;b&gt;Chong&lt;/b&gt;" in section
    assert "<dt>United States</dt>" not in section


def test_other_titles_are_listed_by_country_name_those_of_no_country_last(client):
    film = FilmFactory(title="Heat")
    for ordering, (title, region) in enumerate(
        [("Fièvre", ""), ("Hitze", "DE"), ("Calor", "XWW"), ("Жара", "SUHH"), ("Heat!", "ZZ")]
    ):
        AlternativeTitle.objects.create(film=film, title=title, region=region, ordering=ordering)
    text = visible_text(client.get(film.get_absolute_url()).content.decode())
    section = " ".join(text[text.index("Also known as") :].split())
    assert section.startswith(
        "Also known as Germany Hitze Soviet Union Жара Worldwide Calor ZZ Heat! Elsewhere Fièvre"
    )


def test_the_original_title_is_named_as_such_and_first_not_a_title_from_elsewhere(client):
    # IMDb's row for a film's original title has no region: it read "Elsewhere Le fabuleux
    # destin…", last, on the page of every film first released under another title.
    film = FilmFactory(title="Amélie")
    for ordering, (title, region, kinds) in enumerate(
        [
            ("Die fabelhafte Welt der Amélie", "DE", "imdbDisplay"),
            ("Le fabuleux destin d'Amélie Poulain", "", "original"),
            ("Amelie from Montmartre", "", "working"),
        ]
    ):
        AlternativeTitle.objects.create(
            film=film, title=title, region=region, kinds=kinds, ordering=ordering
        )
    text = visible_text(client.get(film.get_absolute_url()).content.decode())
    section = " ".join(text[text.index("Also known as") :].split())
    assert section.startswith(
        "Also known as Original title Le fabuleux destin d'Amélie Poulain"
        " Germany Die fabelhafte Welt der Amélie Elsewhere Amelie from Montmartre"
    )


def test_other_titles_are_listed_by_country_name_as_a_reader_alphabetizes_it(client):
    # By code point, "Åland Islands" came after "Zimbabwe" and "Côte d'Ivoire" after "Cuba".
    film = FilmFactory(title="Heat")
    regions = [("Z", "ZW"), ("C", "CU"), ("I", "CI"), ("A", "AX"), ("B", "AL")]
    for ordering, (title, region) in enumerate(regions):
        AlternativeTitle.objects.create(film=film, title=title, region=region, ordering=ordering)
    assert [title.region_name for title in film.also_known_as] == [
        "Åland Islands",
        "Albania",
        "Côte d'Ivoire",
        "Cuba",
        "Zimbabwe",
    ]


def test_a_title_is_shown_once_for_two_codes_of_one_country():
    film = FilmFactory(title="Heat")
    for ordering, region in enumerate(["XYU", "YUCS", "DE"]):
        AlternativeTitle.objects.create(
            film=film, title="Vrućina", region=region, ordering=ordering
        )
    assert [(t.region_name, t.title) for t in film.also_known_as] == [
        ("Germany", "Vrućina"),
        ("Yugoslavia", "Vrućina"),
    ]


def test_an_uploaded_trailers_captions_play_through_track(client, stored_files):
    film = FilmFactory()
    trailer = Trailer.objects.create(
        film=film, title="Trailer", video_file=SimpleUploadedFile("t.mp4", MP4)
    )
    Caption.objects.create(
        trailer=trailer, language="en", label="English", file=SimpleUploadedFile("en.vtt", VTT)
    )
    html = client.get(film.get_absolute_url()).content.decode()
    assert '<track kind="captions" src="/media/captions/' in html
    assert 'srclang="en" label="English" default>' in html


def test_the_admin_takes_a_webvtt_file_and_refuses_an_srt_one(admin_client, stored_files):
    film = FilmFactory()
    trailer = Trailer.objects.create(
        film=film, title="Trailer", video_file=SimpleUploadedFile("t.mp4", MP4)
    )
    url = reverse("admin:catalog_trailer_change", args=[trailer.pk])
    form = {
        "film": film.pk,
        "title": "Trailer",
        "url": "",
        "order": 0,
        "captions-TOTAL_FORMS": 1,
        "captions-INITIAL_FORMS": 0,
        "captions-0-language": "fr",
        "captions-0-label": "Français",
    }
    srt = SimpleUploadedFile("fr.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nSalut\n")
    refused = admin_client.post(url, {**form, "captions-0-file": srt})
    assert refused.status_code == 200
    assert "This is not a WebVTT file" in refused.content.decode()
    assert not Caption.objects.exists()
    taken = admin_client.post(url, {**form, "captions-0-file": SimpleUploadedFile("fr.vtt", VTT)})
    assert taken.status_code == 302
    assert Caption.objects.get().language == "fr"
