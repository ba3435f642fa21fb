"""What review pages and the film page's reviews tell search engines and link previews:
schema.org Review data and sharing cards. A spoiler review's headline and words are never in
them (pages keep both behind the warning): only its rating, author and date.
"""

from typing import Any

from django.urls import reverse

from catalog.models import Film
from catalog.structured_data import film_breadcrumbs, film_image, movie, movie_ref
from filmsite.openweb.addresses import absolute_url
from filmsite.openweb.sharing import SharingCard, short_description
from filmsite.openweb.structured_data import rating

from .models import Review


def author(review: Review) -> dict[str, Any]:
    if review.author is None:  # kept on the site by a member who left: no page to link
        return {"@type": "Person", "name": review.author_name}
    username = review.author.get_username()
    return {
        "@type": "Person",
        "name": username,
        "url": absolute_url(reverse("profile", args=[username])),
    }


def review(review: Review, *, whole: bool) -> dict[str, Any]:
    """A schema.org Review with what Google's review snippets require (author, reviewRating
    when rated; itemReviewed is added by whoever shows it apart from its film) and recommend
    (datePublished). `whole`: the whole text, else the excerpt lists show."""
    data: dict[str, Any] = {
        "@type": "Review",
        "url": absolute_url(review.get_absolute_url()),
        "author": author(review),
        "datePublished": review.created.date().isoformat(),
    }
    if review.rating is not None:
        data["reviewRating"] = rating(review.rating)
    if not review.contains_spoilers:
        if review.headline:
            data["name"] = review.headline
        data["reviewBody"] = review.body if whole else review.excerpt.text
    return data


def review_page(review_: Review) -> dict[str, Any]:
    """The review page's data: the Review of its film, and where the page sits."""
    film = review_.film
    data = review(review_, whole=True) | {"itemReviewed": movie_ref(film)}
    name = f"Review by {review_.author_name}"
    trail = film_breadcrumbs(film, (name, review_.get_absolute_url()))
    return {"@graph": [data, trail]}


def film_page(film: Film, reviews: list[Review]) -> dict[str, Any]:
    """The film page's data: the Movie with its first reviews, and where the page sits."""
    data = movie(film)
    if reviews:
        data["review"] = [review(shown, whole=False) for shown in reviews]
    return {"@graph": [data, film_breadcrumbs(film)]}


def review_description(review_: Review) -> str:
    """One line for search results and previews: the headline and the opening words, or,
    for a spoiler review, a warning only."""
    who = f"{review_.author_name}'s review of {review_.film}"
    if review_.rating is not None:
        who += f", rated {review_.rating}/10"
    if review_.contains_spoilers:
        return f"{who}. Contains spoilers."
    headline = f"“{review_.headline}” " if review_.headline else ""
    return short_description(f"{headline}{who}: {review_.body}")


def review_card(review_: Review) -> SharingCard:
    return SharingCard(
        kind="article",
        title=f"Review of {review_.film} by {review_.author_name}",
        description=review_description(review_),
        url=absolute_url(review_.get_absolute_url()),
        image=film_image(review_.film),
        properties=(("article:published_time", review_.created.isoformat()),),
    )
