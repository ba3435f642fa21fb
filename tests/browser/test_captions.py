"""An uploaded trailer's WebVTT captions load in the browser's player, as its text track."""

from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Caption, Film, Trailer

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\0" * 64
VTT = (
    b"WEBVTT\n\n"
    b"00:00:00.500 --> 00:00:04.000\nWhat are you drinking?\n\n"
    b"00:00:04.500 --> 00:00:06.000\nAnything.\n"
)


def test_captions_load_as_the_players_text_track(page, seeded_site, media_root):
    film = Film.objects.get(slug="leaving-las-vegas-1995")
    trailer = Trailer.objects.create(
        film=film, title="Trailer", video_file=SimpleUploadedFile("trailer.mp4", MP4)
    )
    Caption.objects.create(
        trailer=trailer,
        language="en",
        label="English",
        file=SimpleUploadedFile("en.vtt", VTT),
    )
    page.goto(seeded_site + film.get_absolute_url())
    track = page.locator("video track[kind=captions]")
    assert track.get_attribute("srclang") == "en"
    # The default track is shown: the browser fetches and parses the file into cues.
    page.wait_for_function(
        "() => { const t = document.querySelector('video track').track;"
        " t.mode = 'showing'; return t.cues && t.cues.length === 2; }",
        timeout=15_000,
    )
    texts = page.evaluate(
        "() => Array.from(document.querySelector('video track').track.cues, c => c.text)"
    )
    assert texts == ["What are you drinking?", "Anything."]
    assert page.evaluate("() => document.querySelector('video track').track.label") == "English"
