"""Captions for uploaded trailers: WebVTT only, one file per language, refused clearly."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Caption
from catalog.trailers import validate_language_tag, validate_webvtt
from tests.factories import TrailerFactory

VTT = b"WEBVTT\n\n00:00:00.500 --> 00:00:04.000\nWhat are you drinking?\n"


def upload(content: bytes, name: str = "en.vtt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/vtt")


@pytest.mark.parametrize(
    "content",
    [
        VTT,
        b"\xef\xbb\xbf" + VTT,
        b"WEBVTT - Leaving Las Vegas\r\n\r\n1\r\n01:00:00.000 --> 01:00:02.000\r\nHi\r\n",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nÀ bientôt\n".encode(),
    ],
)
def test_webvtt_files_are_taken(content):
    validate_webvtt(upload(content))


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"1\n00:00:01,000 --> 00:00:04,000\nAn SRT file\n", "en.vtt", "captions_not_webvtt"),
        (VTT, "en.srt", "captions_format"),
        (b"WEBVTTX\n\n00:00:00.500 --> 00:00:04.000\nNo\n", "en.vtt", "captions_not_webvtt"),
        (b"WEBVTT\n\nJust a note, no cue\n", "en.vtt", "captions_empty"),
        (b"WEBVTT\n\n00:00:00.500 --> 00:00:04.000\n\xff\xfe\n", "en.vtt", "captions_encoding"),
        # Notepad's "Unicode": WEBVTT at its start, in UTF-16, is not "no WEBVTT line".
        (VTT.decode().encode("utf-16"), "en.vtt", "captions_encoding"),
        # A NUL is binary, not "no cues": the file has one.
        (VTT + b"\x00", "en.vtt", "captions_encoding"),
        (b"\x1a\x45\xdf\xa3 a video renamed", "en.vtt", "captions_not_webvtt"),
        (b"\x00\x00\x00\x18ftypmp42 an MP4 renamed", "en.vtt", "captions_not_webvtt"),
        (b"WEBVTT\n" + b"a" * (1024 * 1024), "en.vtt", "captions_too_big"),
        (b"", "en.vtt", "captions_not_webvtt"),
    ],
)
def test_other_files_are_refused_with_a_reason(content, name, code):
    with pytest.raises(ValidationError) as refusal:
        validate_webvtt(upload(content, name))
    assert refusal.value.code == code


@pytest.mark.parametrize("tag", ["en", "fr", "pt-BR", "zh-Hant", "yue"])
def test_language_tags_are_taken(tag):
    validate_language_tag(tag)


@pytest.mark.parametrize("tag", ["", "english", "e", "en_GB", "en-", "<script>", "en gb"])
def test_other_language_values_are_refused(tag):
    with pytest.raises(ValidationError):
        validate_language_tag(tag)


@pytest.mark.django_db
def test_captions_for_an_embedded_trailer_are_refused_as_never_shown():
    embedded = TrailerFactory()  # YouTube's player shows its own captions, not ours
    caption = Caption(trailer=embedded, language="en", label="English", file=upload(VTT))
    with pytest.raises(ValidationError) as refusal:
        caption.full_clean()
    assert refusal.value.messages == [
        "Captions are for uploaded trailers: YouTube and Vimeo play their own."
    ]
    uploaded = TrailerFactory(url="", video_file="trailers/heat.mp4")
    Caption(trailer=uploaded, language="en", label="English", file=upload(VTT)).full_clean()
