"""Elements of an HTML page found by tag and attributes, for asserting on markup."""

from django.test.html import Element, parse_html


def find_all(html: str, tag: str | None = None, **attributes: str | None) -> list[Element]:
    """Every element named `tag` (any, if None) whose attributes have the values given
    (`class_` for `class`, `data_x` for `data-x`, `aria_x` for `aria-x`); a value of None
    asks only that the attribute be there."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attributes.items()}
    found = []

    def walk(node: Element) -> None:
        for child in node.children:
            if isinstance(child, str):
                continue
            present = dict(child.attributes)
            if (tag is None or child.name == tag) and all(
                name in present and (value is None or present[name] == value)
                for name, value in wanted.items()
            ):
                found.append(child)
            walk(child)

    walk(parse_html(html))
    return found


def attribute(element: Element, name: str) -> str | None:
    return dict(element.attributes).get(name)


def text(element: Element) -> str:
    """An element's text, its children's included, with runs of white space made one."""
    parts = []

    def walk(node: Element) -> None:
        for child in node.children:
            parts.append(child) if isinstance(child, str) else walk(child)

    walk(element)
    return " ".join(" ".join(parts).split())


def has_attribute(element: Element, name: str) -> bool:
    """Whether `element` has the attribute, a boolean one (`open`, `checked`) included."""
    return name in dict(element.attributes)
