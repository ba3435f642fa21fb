"""Share images for films without a poster: drawn once, kept in the media storage, served
under an address that changes with what they show."""

from io import BytesIO

import pytest
from PIL import Image

from catalog import share_images
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db


def share_image_url(film):
    return share_images.url_path(film)


def test_share_image_is_a_1200_by_630_png_served_to_be_kept_a_year(client):
    film = FilmFactory(title="Leaving Las Vegas", year=1995)
    response = client.get(share_image_url(film))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    with Image.open(BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == (1200, 630)
        # The card's colour, the film's placeholder colour, fills the corners.
        background = share_images.BACKGROUNDS[film.placeholder_colour]
        assert image.getpixel((5, 5)) == Image.new("RGB", (1, 1), background).getpixel((0, 0))


def test_share_image_is_drawn_once_and_then_read_from_the_media_storage(
    client, monkeypatch, stored_files
):
    film = FilmFactory()
    drawn = []
    draw = share_images.draw

    def counting_draw(film):
        drawn.append(film)
        return draw(film)

    monkeypatch.setattr(share_images, "draw", counting_draw)
    first = b"".join(client.get(share_image_url(film)).streaming_content)
    second = b"".join(client.get(share_image_url(film)).streaming_content)
    assert len(drawn) == 1
    assert first == second
    assert stored_files() == [f"share/{film.slug}/{share_images.digest(film)}.png"]


def test_a_new_title_gives_a_new_image_and_the_old_address_leads_to_it(client, stored_files):
    film = FilmFactory(title="Leaving Las Vegas")
    old_url = share_image_url(film)
    client.get(old_url)
    film.title = "Leaving Las Vegas (director's cut)"
    film.save()
    new_url = share_image_url(film)
    assert new_url != old_url
    response = client.get(old_url)
    assert response.status_code == 302
    assert response["Location"] == new_url
    assert client.get(new_url).status_code == 200
    # The film's older image is removed once the new one is kept.
    assert stored_files() == [f"share/{film.slug}/{share_images.digest(film)}.png"]


def test_a_draft_or_unknown_film_has_no_share_image(client):
    draft = FilmFactory(status="draft")
    assert client.get(share_image_url(draft)).status_code == 404
    assert client.get("/films/no-such-film/share-image-abc.png").status_code == 404


@pytest.mark.parametrize(
    "title",
    [
        "M",
        "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb",
        "Night of the Day of the Dawn of the Son of the Bride of the Return of the Revenge of "
        "the Terror of the Attack of the Evil, Mutant, Alien, Flesh Eating, Hellbound, Zombified "
        "Living Dead Part 2",
        "Supercalifragilisticexpialidociouslylongwordwithoutanyspacesatallinthetitle",
    ],
)
def test_any_title_fits_the_card(title):
    film = FilmFactory.build(title=title, slug="a-film")
    font, lines = share_images._fitted_title(title)
    assert 1 <= len(lines) <= share_images.MAX_TITLE_LINES
    room = share_images.WIDTH - 2 * share_images.MARGIN
    assert all(font.getlength(line) <= room for line in lines)
    with Image.open(BytesIO(share_images.draw(film))) as image:
        assert image.size == (1200, 630)
