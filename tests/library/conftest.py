"""The films the sample exports under samples/ name, for the import tests."""

from pathlib import Path

import pytest

from tests.factories import FilmFactory

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.fixture
def catalog(db):
    """Our films for the samples: all but Dr. Strangelove and Breaking Bad, and two Hamlets."""
    films = {
        "vegas": FilmFactory(title="Leaving Las Vegas", year=1995, tconst="tt0113627"),
        "tiger": FilmFactory(
            title="Crouching Tiger, Hidden Dragon",
            original_title="Wo hu cang long",
            year=2000,
            tconst="tt0190332",
        ),
        "amelie": FilmFactory(
            title="Amélie",
            original_title="Le fabuleux destin d'Amélie Poulain",
            year=2001,
            tconst="tt0211915",
        ),
        "mama": FilmFactory(
            title="And Your Mother Too", original_title="Y tu mamá también", year=2001
        ),
        "sr": FilmFactory(title='"Sr."', year=2022),
        "thieves": FilmFactory(
            title="Bicycle Thieves", original_title="Ladri di biciclette", year=1948
        ),
        "hamlet": FilmFactory(title="Hamlet", year=1990),
        "other_hamlet": FilmFactory(title="Hamlet", year=1990),
    }
    return films
