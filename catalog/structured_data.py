"""What film and person pages tell search engines and link previews about themselves:
schema.org Movie and Person data, sharing cards, and a description for every film.

Addresses are absolute, from SITE_URL (`filmsite.openweb.addresses`). Functions about a film
read what `detail_page_lookups` prefetches, so the film page's fragments call them without a
query of their own.
"""

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator

from filmsite.openweb.addresses import absolute_url
from filmsite.openweb.sharing import ShareImage, SharingCard, short_description
from filmsite.openweb.structured_data import breadcrumbs

from . import share_images
from .models import Credit, Film, Person

# How many actors the Movie names: the billed leads, as the page's first lines of cast do.
MOVIE_ACTORS = 10
IMDB_TITLE_URL = "https://www.imdb.com/title/{}/"
IMDB_NAME_URL = "https://www.imdb.com/name/{}/"
DESCRIPTION_WORDS = 40


def film_description(film: Film) -> str:
    """The plot's first words, or, for a film without a plot, a sentence of its facts:
    "Leaving Las Vegas is a 1995 drama film directed by Mike Figgis, rated R, 111 minutes."."""
    if film.plot.strip():
        return Truncator(" ".join(film.plot.split())).words(DESCRIPTION_WORDS)
    genres = ", ".join(genre.name.lower() for genre in film.genres.all())
    kind = " ".join(part for part in (str(film.year or ""), genres, "film") if part)
    # "an 1895 film", "an action film", "a 1995 drama film"
    article = "an" if kind.startswith(("a", "e", "i", "o", "u", "18")) else "a"
    facts = [f"{film.title} is {article} {kind}"]
    directors = [credit.person.name for credit in film.crew if credit.kind == Credit.Kind.DIRECTOR]
    if directors:
        facts[0] += f" directed by {_listed(directors)}"
    if film.certificate:
        facts.append(f"rated {film.get_certificate_display()}")
    if film.runtime_minutes:
        facts.append(f"{film.runtime_minutes} minutes")
    return ", ".join(facts) + "."


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def film_image(film: Film) -> ShareImage:
    """The film's picture for cards and structured data: its poster's largest rendition, or
    the title card drawn for sharing when it has no poster."""
    renditions = film.poster_renditions
    if renditions is not None:
        width = renditions.widths[-1]
        return ShareImage(
            url=absolute_url(renditions.jpeg_url(width)),
            width=width,
            height=renditions.height_for(width),
            alt=f"Poster of {film.title}",
        )
    return ShareImage(
        url=absolute_url(share_images.url_path(film)),
        width=share_images.WIDTH,
        height=share_images.HEIGHT,
        alt=f"{film}: title card",
    )


def release_date(film: Film) -> str:
    """The primary release's date, or the year alone (both ISO 8601), or ""."""
    release = film.primary_release
    if release is not None:
        return release.date.isoformat()
    return str(film.year) if film.year else ""


def iso_duration(minutes: int) -> str:
    """`111` as "PT1H51M"."""
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def person_ref(person: Person) -> dict[str, Any]:
    return {"@type": "Person", "name": person.name, "url": absolute_url(person.get_absolute_url())}


def movie(film: Film) -> dict[str, Any]:
    """The film as a schema.org Movie, with the properties Google's Movie carousel requires
    (name, image) and recommends (aggregateRating, dateCreated, director; `review` is the
    reviews app's to add)."""
    data: dict[str, Any] = {
        "@type": "Movie",
        "@id": absolute_url(film.get_absolute_url()) + "#movie",
        "url": absolute_url(film.get_absolute_url()),
        "name": film.title,
        "image": film_image(film).url,
        "description": film_description(film),
    }
    if film.original_title and film.original_title != film.title:
        data["alternateName"] = film.original_title
    if date := release_date(film):
        data["datePublished"] = data["dateCreated"] = date
    if film.certificate:
        data["contentRating"] = film.get_certificate_display()
    if genres := [genre.name for genre in film.genres.all()]:
        data["genre"] = genres
    if film.runtime_minutes:
        data["duration"] = iso_duration(film.runtime_minutes)
    directors = [credit.person for credit in film.crew if credit.kind == Credit.Kind.DIRECTOR]
    if directors:
        data["director"] = [person_ref(person) for person in directors]
    actors = list({credit.person.pk: credit.person for credit in film.cast}.values())
    if actors:
        data["actor"] = [person_ref(person) for person in actors[:MOVIE_ACTORS]]
    if film.tconst:
        data["sameAs"] = IMDB_TITLE_URL.format(film.tconst)
    if film.user_rating_count and film.user_rating_average is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": float(round(film.user_rating_average, 1)),
            "ratingCount": film.user_rating_count,
            "bestRating": 10,
            "worstRating": 1,
        }
    return data


def movie_ref(film: Film) -> dict[str, Any]:
    """The film as the thing a review is about: enough to name and find it."""
    data: dict[str, Any] = {
        "@type": "Movie",
        "@id": absolute_url(film.get_absolute_url()) + "#movie",
        "name": film.title,
        "url": absolute_url(film.get_absolute_url()),
        "image": film_image(film).url,
    }
    if film.year:
        data["dateCreated"] = str(film.year)
    if film.tconst:
        data["sameAs"] = IMDB_TITLE_URL.format(film.tconst)
    return data


def film_breadcrumbs(film: Film, *more: tuple[str, str]) -> dict[str, Any]:
    return breadcrumbs(
        ("Home", reverse("catalog:home")),
        ("Films", reverse("catalog:film_list")),
        (str(film), film.get_absolute_url()),
        *more,
    )


def person_breadcrumbs(person: Person) -> dict[str, Any]:
    return breadcrumbs(("Home", reverse("catalog:home")), (person.name, person.get_absolute_url()))


def film_card(film: Film) -> SharingCard:
    properties = []
    if date := release_date(film):
        properties.append(("video:release_date", date))
    if film.runtime_minutes:
        properties.append(("video:duration", str(film.runtime_minutes * 60)))
    return SharingCard(
        kind="video.movie",
        title=str(film),
        description=short_description(film_description(film)),
        url=absolute_url(film.get_absolute_url()),
        image=film_image(film),
        properties=tuple(properties),
    )


def person_image(person: Person) -> ShareImage | None:
    renditions = person.photo_renditions
    if renditions is None:
        return None
    width = renditions.widths[-1]
    return ShareImage(
        url=absolute_url(renditions.jpeg_url(width)),
        width=width,
        height=renditions.height_for(width),
        alt=f"Photo of {person.name}",
    )


def person_description(person: Person, roles: list[str], known_for: list[Film]) -> str:
    """ "Nicolas Cage: acting, producing. Known for Leaving Las Vegas (1995), Face/Off (1997)." """
    sentence = person.name
    if roles:
        sentence += ": " + ", ".join(role.lower() for role in roles)
    sentence += "."
    if known_for:
        sentence += " Known for " + ", ".join(str(film) for film in known_for) + "."
    return sentence


def person(person: Person, description: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Person",
        "@id": absolute_url(person.get_absolute_url()) + "#person",
        "url": absolute_url(person.get_absolute_url()),
        "name": person.name,
        "description": description,
    }
    if image := person_image(person):
        data["image"] = image.url
    if person.birth_year:
        data["birthDate"] = str(person.birth_year)
    if person.death_year:
        data["deathDate"] = str(person.death_year)
    if person.nconst:
        data["sameAs"] = IMDB_NAME_URL.format(person.nconst)
    return data


def person_card(person: Person, description: str) -> SharingCard:
    return SharingCard(
        kind="profile",
        title=person.name,
        description=short_description(description),
        url=absolute_url(person.get_absolute_url()),
        image=person_image(person),
    )


def website() -> dict[str, Any]:
    """The site, with its search as a SearchAction (a sitelinks search box)."""
    search = absolute_url(reverse("catalog:search"))
    return {
        "@type": "WebSite",
        "@id": absolute_url("/") + "#website",
        "name": "Filmsite",
        "url": absolute_url("/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
