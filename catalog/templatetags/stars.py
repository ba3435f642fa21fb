"""Ratings on the 1-10 scale drawn as five stars, half a star per point, with the number as text.

`{% stars value %}` (an average or a score; nothing for None) on film cards, film headers and
reviews alike, so every rating on the site reads the same way.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

register = template.Library()


def half_stars(value: Decimal | int) -> int:
    """How many half stars of ten `value` fills: 7.4 is 7 (three and a half), 7.5 is 8."""
    rounded = int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(0, min(10, rounded))


def spoken(value: Decimal | int) -> str:
    """The value as a reader says it: 8, or 7.5 for an average (one decimal place)."""
    number = Decimal(value)
    return str(int(number)) if number == number.to_integral_value() else f"{number:.1f}"


@register.inclusion_tag("includes/stars.html")
def stars(value: Decimal | int | None, label: str = "Rated") -> dict[str, Any]:
    if value is None:
        return {"value": None}
    # Stars and words from the same figure: an average of 7.46 is said and drawn as 7.5.
    value = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return {"value": value, "half_stars": half_stars(value), "label": f"{label} {spoken(value)}"}
