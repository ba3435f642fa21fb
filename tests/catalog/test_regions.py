"""IMDb's region codes shown as the names of their countries."""

import pytest

from catalog.regions import region_name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("JP", "Japan"),  # ISO 3166-1
        ("jp", "Japan"),
        ("KR", "South Korea"),  # ISO's formal "Korea, Republic of" in its common form
        ("PS", "Palestine"),  # "Palestine, State of", cut at its comma
        ("RU", "Russia"),  # ours: ISO's "Russian Federation" is formal
        ("SUHH", "Soviet Union"),  # ISO 3166-3, a country that is gone
        ("CSHH", "Czechoslovakia"),
        ("XWW", "Worldwide"),  # IMDb's own
        ("XWG", "West Germany"),
        ("ZZ", "ZZ"),  # unknown: the code as it is
        ("XEU", "XEU"),
    ],
)
def test_a_region_code_is_shown_as_its_countrys_name(code, name):
    assert region_name(code) == name


@pytest.mark.parametrize("code", ["ß", "ﬀ", "ǆ"])
def test_a_code_of_other_than_ascii_letters_is_no_country(code):
    # str.upper() turns "ß" into "SS", South Sudan's code, and "ﬀ" into "FF".
    assert region_name(code) == code


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("BYAA", "Byelorussian SSR"),  # pycountry's "Byelorussian SSR Soviet Socialist Republic"
        ("YDYE", "South Yemen"),  # "Yemen, Democratic", cut at its comma, read as Yemen
    ],
)
def test_a_gone_countrys_name_reads_as_a_reader_knows_it(code, name):
    assert region_name(code) == name
