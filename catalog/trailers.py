"""Trailers: which video addresses and uploaded files are accepted, and what they point at.

An address must name one video on YouTube or Vimeo, in the shape each provider gives its
ids (YouTube: 11 URL-safe ASCII characters; Vimeo: ASCII digits); playlists, channels and
other hosts are refused. An upload must be an MP4 or WebM file, recognised by its first bytes.
"""

import posixpath
import re
from urllib.parse import SplitResult, parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File

# Trailer players come only from these hosts; the page embeds their privacy-friendly players.
TRAILER_HOSTS = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "www.youtube-nocookie.com": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
    "player.vimeo.com": "vimeo",
}
# The width of Trailer.video_id: every accepted id fits it.
MAX_VIDEO_ID_LENGTH = 20

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# The path of a page showing one YouTube video; the id is the group.
YOUTUBE_VIDEO_PATH = re.compile(r"/(?:embed|shorts|live|v)/([^/]+)/?")
# `embed/videoseries` plays a playlist, and its name happens to have an id's shape.
YOUTUBE_PLAYLIST_PLAYER = "videoseries"
# Vimeo pages of one video: the video alone (with an unlisted video's hash after it), in a
# channel, a group or a showcase; and the player. The id is the group.
VIMEO_VIDEO_PATH = re.compile(
    r"/(?:channels/[^/]+/|groups/[^/]+/videos/|(?:showcase|album)/[0-9]+/video/)?"
    rf"([0-9]{{1,{MAX_VIDEO_ID_LENGTH}}})(?:/[0-9a-f]+)?/?"
)
VIMEO_PLAYER_PATH = re.compile(rf"/video/([0-9]{{1,{MAX_VIDEO_ID_LENGTH}}})/?")


def parse_trailer_url(url: str) -> tuple[str, str]:
    """Return (provider, video id) for a YouTube or Vimeo address, or raise ValidationError."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts = None
    provider = TRAILER_HOSTS.get((parts.hostname or "").lower()) if parts else None
    if parts is None or provider is None or parts.scheme not in {"http", "https"}:
        raise ValidationError(
            "Enter a YouTube or Vimeo address; other video hosts are not allowed.",
            code="trailer_host",
        )
    video_id = _youtube_id(parts) if provider == "youtube" else _vimeo_id(parts)
    if not video_id:
        raise ValidationError(
            "This address does not point at a single video.", code="trailer_video_id"
        )
    return provider, video_id


def _youtube_id(parts: SplitResult) -> str:
    if parts.hostname == "youtu.be":
        candidate = parts.path.strip("/")
    elif parts.path.rstrip("/") == "/watch":
        candidate = parse_qs(parts.query).get("v", [""])[0]
    else:
        match = YOUTUBE_VIDEO_PATH.fullmatch(parts.path)
        candidate = match[1] if match else ""
    if candidate == YOUTUBE_PLAYLIST_PLAYER or not YOUTUBE_ID.fullmatch(candidate):
        return ""
    return candidate


def _vimeo_id(parts: SplitResult) -> str:
    path = VIMEO_PLAYER_PATH if parts.hostname == "player.vimeo.com" else VIMEO_VIDEO_PATH
    match = path.fullmatch(parts.path)
    return match[1] if match else ""


def validate_trailer_url(url: str) -> None:
    parse_trailer_url(url)


# Uploaded trailers: the container formats browsers play, recognised by their first bytes.
VIDEO_SIGNATURES = {".mp4": "video/mp4", ".webm": "video/webm"}
MAX_VIDEO_BYTES = 300 * 1024 * 1024


def validate_video_file(file: File) -> None:
    if getattr(file, "_committed", False):
        return
    extension = posixpath.splitext(file.name or "")[1].lower()
    if extension not in VIDEO_SIGNATURES:
        raise ValidationError("Upload an MP4 or WebM video.", code="video_format")
    if file.size > MAX_VIDEO_BYTES:
        raise ValidationError(
            f"The video is {file.size / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_VIDEO_BYTES // 1024 // 1024} MB.",
            code="video_too_big",
        )
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    is_mp4 = head[4:8] == b"ftyp"
    is_webm = head[:4] == b"\x1a\x45\xdf\xa3"
    if not ((extension == ".mp4" and is_mp4) or (extension == ".webm" and is_webm)):
        raise ValidationError(
            "This file is not a playable MP4 or WebM video.", code="video_unreadable"
        )


MAX_CAPTIONS_BYTES = 1024 * 1024
# A WebVTT file begins with this signature, then a space, a tab or a line end (W3C WebVTT,
# "file structure"); a byte order mark may come first.
WEBVTT_SIGNATURE = re.compile(rb"\A(?:\xef\xbb\xbf)?WEBVTT(?:[ \t][^\r\n]*)?(?:\r\n|\r|\n|\Z)")
CUE_TIMING = re.compile(r"(?:\d+:)?\d{2}:\d{2}\.\d{3}[ \t]+-->[ \t]+(?:\d+:)?\d{2}:\d{2}\.\d{3}")
UTF16_BYTE_ORDER_MARKS = (b"\xff\xfe", b"\xfe\xff")  # UTF-32's little-endian one starts so too
_NOT_UTF8 = "The captions file must be UTF-8 text."
LANGUAGE_TAG = re.compile(r"\A[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")


def validate_webvtt(file: File) -> None:
    """A captions upload must be a WebVTT file with at least one cue: an SRT file, a video or
    a text file renamed .vtt would play as nothing at all."""
    if getattr(file, "_committed", False):
        return
    if posixpath.splitext(file.name or "")[1].lower() != ".vtt":
        raise ValidationError("Upload a WebVTT captions file (.vtt).", code="captions_format")
    if file.size > MAX_CAPTIONS_BYTES:
        raise ValidationError(
            f"The captions file is {file.size / 1024:.0f} KB; the limit is "
            f"{MAX_CAPTIONS_BYTES // 1024} KB.",
            code="captions_too_big",
        )
    file.seek(0)
    content = file.read()
    file.seek(0)
    # Text in another encoding is refused for that, not for its first line.
    if content.startswith(UTF16_BYTE_ORDER_MARKS):
        raise ValidationError(_NOT_UTF8, code="captions_encoding")
    if not WEBVTT_SIGNATURE.match(content):
        raise ValidationError(
            "This is not a WebVTT file: it must begin with the line WEBVTT. An SRT file can "
            "be converted to WebVTT with most subtitle editors.",
            code="captions_not_webvtt",
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(_NOT_UTF8, code="captions_encoding") from None
    if "\x00" in text:
        raise ValidationError(_NOT_UTF8, code="captions_encoding")
    if not CUE_TIMING.search(text):
        raise ValidationError(
            "This WebVTT file has no cues (lines such as 00:00:01.000 --> 00:00:04.000).",
            code="captions_empty",
        )


def validate_language_tag(value: str) -> None:
    if not LANGUAGE_TAG.match(value):
        raise ValidationError("Enter a language tag such as en, fr or pt-BR.", code="language_tag")


def video_mime_type(name: str) -> str:
    """The MIME type a `<source>` element gives for an uploaded video, by its extension."""
    return VIDEO_SIGNATURES.get(posixpath.splitext(name)[1].lower(), "")
