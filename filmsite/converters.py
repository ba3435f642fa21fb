"""Path converters for URL parameters that Django's own converters would take too broadly.

`str` takes any text but a slash, NUL and control characters included, and PostgreSQL refuses
NUL in a query: a route that looks a value up must match only what the value can be.
"""


class UsernameConverter:
    """A username as Django's UnicodeUsernameValidator allows it: letters, digits, . @ + - _"""

    regex = r"[\w.@+-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UnicodeSlugConverter:
    """A slug as `SlugField(allow_unicode=True)` allows it: letters and digits of any script,
    hyphens and underscores (`ночной-дозор-2004`). Django's `slug` takes ASCII only."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
