"""factory-boy factories for the catalog, reviews and library models."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.models import Credit, Film, Genre, Person, Release, Trailer
from filmsite.library.models import FilmList, FilmListEntry, WatchlistEntry
from reviews.models import Rating, Review


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"viewer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")


def staff_member(group, **fields):
    """A staff user in one of the groups the data migrations make (Editors, Moderators)."""
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Genre {n}")
    slug = factory.Sequence(lambda n: f"genre-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"person-{n}")


class FilmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Film

    title = factory.Sequence(lambda n: f"Film Number {n}")
    year = 1995
    certificate = "R"
    status = Film.Status.PUBLISHED
    plot = factory.Faker("paragraph")
    slug = factory.Sequence(lambda n: f"film-number-{n}-1995")


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    film = factory.SubFactory(FilmFactory)
    date = datetime.date(1995, 10, 27)
    country = "USA"
    is_primary = True


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    film = factory.SubFactory(FilmFactory)
    person = factory.SubFactory(PersonFactory)
    kind = Credit.Kind.CAST
    character = factory.Faker("first_name")
    billing_order = factory.Sequence(lambda n: n)


class TrailerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trailer

    film = factory.SubFactory(FilmFactory)
    title = "Official trailer"
    url = factory.Sequence(lambda n: f"https://www.youtube.com/watch?v=abcdefghi{n % 100:02d}")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    film = factory.SubFactory(FilmFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("paragraph", nb_sentences=12)

    # The author's rating of the film, made beside the review (and copied onto it, as
    # `reviews.services` does); None for an unrated review.
    rating = 7
    author_rating = factory.Maybe(
        "rating",
        yes_declaration=factory.RelatedFactory(
            "tests.factories.RatingFactory",
            film=factory.SelfAttribute("..film"),
            member=factory.SelfAttribute("..author"),
            score=factory.SelfAttribute("..rating"),
        ),
    )


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating
        django_get_or_create = ["film", "member"]

    film = factory.SubFactory(FilmFactory)
    member = factory.SubFactory(UserFactory)
    score = 7


class WatchlistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WatchlistEntry

    member = factory.SubFactory(UserFactory)
    film = factory.SubFactory(FilmFactory)


class FilmListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FilmList

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Favourites {n}")
    description = "Films worth seeing twice."


class FilmListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FilmListEntry

    film_list = factory.SubFactory(FilmListFactory)
    film = factory.SubFactory(FilmFactory)
    position = factory.Sequence(lambda n: n + 1)
