"""Answering a form post: back where the visitor came from (never to another site), or JSON
to the page's own script."""

from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest) -> str:
    """The `next` a form was posted with (else the page's own `?next=`) if it is a path on
    this site, else "".

    Only ever a path: an address to another site (`//evil.com`, `https://evil.com`,
    `/\\evil.com`, which browsers read as `//evil.com`) or of another scheme (`javascript:`)
    is dropped, so it is neither followed nor carried on in a link or a form.
    """
    target = request.POST.get("next") or request.GET.get("next", "")
    return target if is_path_here(request, target) else ""


def redirect_to_next(request: HttpRequest, fallback: Any) -> HttpResponseRedirect:
    """Redirect to the POSTed `next` if it is a path on this site, else to `fallback`.

    `fallback` is anything `redirect` takes: a model with `get_absolute_url`, a URL name, a URL.
    `next` is only ever a path: given to `redirect`, a word such as "abc" would be looked up
    as a URL name, and the failed lookup was a 500.
    """
    target = request.POST.get("next", "")
    if is_path_here(request, target):
        return HttpResponseRedirect(target)
    return redirect(fallback)


def is_path_here(request: HttpRequest, target: str) -> bool:
    """Whether `target` is a path on this site: the only kind of `next` followed."""
    return target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def wants_json(request: HttpRequest) -> bool:
    """Whether the request came from the page's script, which asks for JSON first.

    A browser's own form post accepts anything (`*/*`) but prefers HTML.
    """
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"
