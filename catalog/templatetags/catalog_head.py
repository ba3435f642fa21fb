"""What catalog pages put in their <head> for search engines and link previews:
descriptions, sharing cards and JSON-LD (built in `catalog.structured_data`)."""

from django import template
from django.utils.safestring import SafeString

from catalog import structured_data
from catalog.models import Film, Person
from filmsite.openweb.sharing import SharingCard
from filmsite.openweb.structured_data import graph, json_ld

register = template.Library()


@register.filter
def film_description(film: Film) -> str:
    """`{{ film|film_description }}`: the plot's opening, or a sentence of the film's facts."""
    return structured_data.film_description(film)


@register.simple_tag
def film_sharing_card(film: Film) -> SharingCard:
    """`{% film_sharing_card film as card %}`, for `{% sharing_card card %}`."""
    return structured_data.film_card(film)


@register.simple_tag
def person_sharing_card(person: Person, description: str) -> SharingCard:
    return structured_data.person_card(person, description)


@register.simple_tag
def person_structured_data(person: Person, description: str) -> SafeString:
    data = structured_data.person(person, description)
    return json_ld(graph(data, structured_data.person_breadcrumbs(person)))


@register.simple_tag
def website_structured_data() -> SafeString:
    return json_ld(structured_data.website())
