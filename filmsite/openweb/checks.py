"""Deploy checks for the site's address (`manage.py check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.http.request import split_domain_port, validate_host


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if not settings.SITE_URL_IS_SET:
        messages.append(
            Warning(
                f"DJANGO_SITE_URL is not set, so canonical links, structured data and sharing "
                f"cards name {settings.SITE_URL}.",
                hint="Set DJANGO_SITE_URL to the address visitors use, e.g. https://films.example.",
                id="openweb.W001",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        messages.append(
            Warning(
                f"SITE_URL ({settings.SITE_URL}) is not an https address.",
                hint="Pages are served over HTTPS in production; links to them should say so.",
                id="openweb.W002",
            )
        )
    host, _ = split_domain_port(settings.SITE_URL.split("://", 1)[1])
    if not validate_host(host, settings.ALLOWED_HOSTS):
        messages.append(
            Warning(
                f"SITE_URL's host ({host}) is not one of DJANGO_ALLOWED_HOSTS.",
                hint="The site's own address must be served: add its host.",
                id="openweb.W003",
            )
        )
    return messages
