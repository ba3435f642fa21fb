"""What a page's <head> tells crawlers and link previews, read as they read it: JSON-LD
documents (each script's text parsed as JSON, its @graph flattened), meta tags, the canonical
link and the document title."""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Head:
    title: str = ""
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    json_ld: list[dict] = field(default_factory=list)
    html: str = ""

    def one(self, name):
        """The content of the one meta tag with this name or property."""
        values = self.meta.get(name, [])
        assert len(values) == 1, f"{name}: {values}"
        return values[0]

    def things(self, kind):
        """Every JSON-LD node of this @type, at the top or in an @graph."""
        found = []
        for document in self.json_ld:
            for node in document.get("@graph", [document]):
                if node.get("@type") == kind:
                    found.append(node)
        return found

    def thing(self, kind):
        found = self.things(kind)
        assert len(found) == 1, f"{kind}: {found}"
        return found[0]


class _HeadParser(HTMLParser):
    def __init__(self, head):
        super().__init__(convert_charrefs=True)
        self.head = head
        self._in = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            name = attrs.get("property") or attrs.get("name")
            self.head.meta.setdefault(name, []).append(attrs["content"])
        elif tag == "link":
            self.head.links.setdefault(attrs.get("rel"), []).append(attrs.get("href"))
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in, self._text = tag, []

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag != self._in:
            return
        text = "".join(self._text)
        if tag == "title":
            self.head.title = text
        else:
            document = json.loads(text)
            assert document["@context"] == "https://schema.org"
            self.head.json_ld.append(document)
        self._in = None


def read_head(html):
    """The <head> of `html` (the whole page must have one)."""
    start, end = html.index("<head>"), html.index("</head>")
    head = Head(html=html[start:end])
    _HeadParser(head).feed(head.html + "</head>")
    return head


def get_head(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return read_head(response.content.decode())
