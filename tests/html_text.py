"""The visible text of an HTML page, as a reader sees it: for asserting on content and order."""

from html.parser import HTMLParser

_INVISIBLE = {"script", "style", "head", "template"}
# Elements that flow within a line; every other element starts a new run of text.
_INLINE = {"a", "abbr", "b", "cite", "em", "i", "q", "small", "span", "strong", "time"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skipping = 0
        self._hidden_depth = []

    def handle_starttag(self, tag, attrs):
        if tag not in _INLINE:
            self.parts.append(" ")
        if tag in _INVISIBLE:
            self._skipping += 1
        elif any(name == "hidden" for name, _ in attrs):
            self._hidden_depth.append(tag)
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag not in _INLINE:
            self.parts.append(" ")
        if tag in _INVISIBLE or (self._hidden_depth and self._hidden_depth[-1] == tag):
            if tag not in _INVISIBLE:
                self._hidden_depth.pop()
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(html):
    """Text outside <head>, scripts and `hidden` elements, with whitespace collapsed."""
    parser = _TextExtractor()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())
