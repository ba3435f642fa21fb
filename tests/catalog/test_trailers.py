"""Trailer addresses: each provider's exact id format, whatever an editor pastes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import Trailer
from catalog.trailers import parse_trailer_url
from tests.factories import FilmFactory, staff_member
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db

HOSTILE_ADDRESSES = [
    "https://vimeo.com/" + "1" * 21,  # longer than the video_id column
    "https://player.vimeo.com/video/" + "9" * 21,
    "https://vimeo.com/١٢٣",  # Arabic-Indic digits
    "https://vimeo.com/¹²³",  # superscript digits
    "https://vimeo.com/12é",
    "https://vimeo.com/showcase/123",  # a showcase, not one video
    "https://vimeo.com/channels/staffpicks",
    "https://player.vimeo.com/123",
    "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
    "https://www.youtube.com/watch?v=dQw4w9WgXcé",  # 11 characters, one of them not ASCII
    "https://www.youtube.com/watch?v=dQw4w9WgXc\u0661",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",  # 12 characters
    "https://www.youtube.com/watch?v=dQw4w9WgXc",  # 10 characters
    "https://www.youtube.com/watch?v=dQw4w9WgX%0A",  # a newline where a character should be
    "https://www.youtube.com/watch?v=dQw4w9WgXc.",
    "https://youtu.be/dQw4w9WgXcQ/extra",
    "https://youtu.be/",
    "https://www.youtube.com/playlist?list=PL1",
    "https://www.youtube.com/embed/",
    "https://[youtube.com/watch?v=dQw4w9WgXcQ",  # unclosed IPv6 bracket
    "https://youtube.com./watch?v=dQw4w9WgXcQ",
    "https://evil.example/watch?v=dQw4w9WgXcQ",
    "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
    "https://vimeo.com/\x0076979871",
]


@pytest.mark.parametrize("url", HOSTILE_ADDRESSES)
def test_hostile_trailer_address_is_a_form_error_and_writes_nothing(client, url):
    log_in_staff(client, staff_member("Editors"))
    film = FilmFactory()
    data = {
        "title": film.title,
        "slug": film.slug,
        "status": film.status,
        "year": film.year,
        "certificate": film.certificate,
        "plot": film.plot,
        "trailers-TOTAL_FORMS": 1,
        "trailers-INITIAL_FORMS": 0,
        "trailers-0-title": "Trailer",
        "trailers-0-url": url,
        "trailers-0-order": 0,
    }
    for prefix in ("releases", "credits"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = client.post(reverse("admin:catalog_film_change", args=[film.pk]), data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][2].formset.errors[0]["url"]
    assert not Trailer.objects.exists()


@pytest.mark.parametrize("url", HOSTILE_ADDRESSES)
def test_hostile_trailer_address_is_refused_by_the_parser(url):
    with pytest.raises(ValidationError):
        parse_trailer_url(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://vimeo.com/" + "1" * 20, ("vimeo", "1" * 20)),
        ("https://vimeo.com/76979871/8272103f6e", ("vimeo", "76979871")),  # an unlisted video
        ("https://vimeo.com/groups/shortfilms/videos/76979871", ("vimeo", "76979871")),
        ("https://vimeo.com/showcase/123/video/76979871", ("vimeo", "76979871")),
        ("https://www.youtube.com/watch?v=a-b_C1d2E3f", ("youtube", "a-b_C1d2E3f")),
        ("https://www.youtube.com/v/dQw4w9WgXcQ/", ("youtube", "dQw4w9WgXcQ")),
    ],
)
def test_every_shape_of_a_single_video_address_is_understood(url, expected):
    assert parse_trailer_url(url) == expected


def test_the_longest_vimeo_id_fits_the_column():
    trailer = Trailer.objects.create(
        film=FilmFactory(), title="Long", url="https://vimeo.com/" + "1" * 20
    )
    trailer.refresh_from_db()
    assert trailer.video_id == "1" * 20
