"""The header's Sign up and Log in links, which bring the visitor back where they were."""

from django import template
from django.template import Context
from django.utils.http import urlencode

from filmsite.redirects import is_path_here

register = template.Library()

# Pages whose own `?next=` is where the visitor was: linking from one to the other keeps it.
ACCOUNT_PAGES = frozenset({"login", "signup"})


@register.simple_tag(takes_context=True)
def come_back_query(context: Context) -> str:
    """`?next=<this page>` for a link to log in or sign up; on those pages, their own `next`.

    Nothing on the home page (where both land anyway), or when there is nowhere to go back to.
    """
    request = context.get("request")
    if request is None:  # the 500 page is rendered without one
        return ""
    match = request.resolver_match
    if match is not None and match.url_name in ACCOUNT_PAGES:
        # Its address's `next` (a form posts back to it): never the body, which an error page
        # may be answering because it could not be read.
        target = request.GET.get("next", "")
        target = target if is_path_here(request, target) else ""
    elif request.path != "/":
        target = request.get_full_path()
    else:
        target = ""
    return f"?{urlencode({'next': target})}" if target else ""
