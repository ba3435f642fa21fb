"""Security headers Django does not set itself: Permissions-Policy and
Cross-Origin-Resource-Policy, on every response (pages, errors, static files)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "autoplay": ["self", "https://a.example"]}` as the header's text."""

    def allowlist(origins: list[str]) -> str:
        return " ".join(origin if origin == "self" else f'"{origin}"' for origin in origins)

    return ", ".join(f"{feature}=({allowlist(origins)})" for feature, origins in policy.items())


class SecurityHeadersMiddleware:
    """Adds settings.PERMISSIONS_POLICY and settings.CROSS_ORIGIN_RESOURCE_POLICY."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response
