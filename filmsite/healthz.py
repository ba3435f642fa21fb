"""Answer /healthz whatever Host a probe sends: the container's own check and load balancers
address the server by IP, which is rightly not in DJANGO_ALLOWED_HOSTS.

The answer is the same for every Host (it builds no URL and sets no cookie), so checking the
Host protects nothing there; every other path is still checked by CommonMiddleware.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from filmsite.views import healthz


class HealthzMiddleware:
    """Answers /healthz before CommonMiddleware validates the Host."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
