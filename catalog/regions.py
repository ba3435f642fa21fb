"""Country names for the region codes of IMDb's other titles (title.akas): ISO 3166-1 codes
("JP"), ISO 3166-3 codes of countries that are gone ("SUHH"), and IMDb's own ("XWW").

The names come from pycountry's copy of the ISO 3166 tables, in the short form a reader
knows: its common name where the ISO name is formal ("South Korea" for "Korea, Republic of"),
the part before a comma otherwise ("Palestine" for "Palestine, State of"), and ours where
neither reads right. A code we do not know is shown as it is.
"""

import functools
import unicodedata

import pycountry

NAMES = {
    # IMDb's own codes.
    "XWW": "Worldwide",
    "XWG": "West Germany",
    "XYU": "Yugoslavia",
    "XK": "Kosovo",  # a code in common use, not yet in ISO 3166
    # ISO names that read wrong, formal or cut at their comma.
    "BN": "Brunei",
    "BQ": "Caribbean Netherlands",
    "CD": "DR Congo",
    "FK": "Falkland Islands",
    "RU": "Russia",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
    "BUMM": "Burma",
    "BYAA": "Byelorussian SSR",  # pycountry's "Byelorussian SSR Soviet Socialist Republic"
    "CSHH": "Czechoslovakia",
    "DDDE": "East Germany",
    "SUHH": "Soviet Union",
    "VDVN": "North Vietnam",
    "YDYE": "South Yemen",  # "Yemen, Democratic": cut at its comma, it read as today's Yemen
    "YUCS": "Yugoslavia",
    "ZRCD": "Zaire",
}


@functools.cache
def region_name(code: str) -> str:
    """The English name of the country `code` stands for; the code itself if none is known."""
    if not code.isascii():  # str.upper() makes "ß" "SS", South Sudan's code
        return code
    code = code.upper()
    if code in NAMES:
        return NAMES[code]
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    elif len(code) == 4:
        country = pycountry.historic_countries.get(alpha_4=code)
    else:
        country = None
    if country is None:
        return code
    name: str = getattr(country, "common_name", None) or country.name
    return name.split(", ")[0]


def sort_key(name: str) -> str:
    """`name` as an English reader alphabetizes it: "Åland Islands" with the A's, "Côte
    d'Ivoire" before "Cuba" (by code point, accented letters came after "Z")."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()
