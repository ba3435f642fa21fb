import pytest

SITE = "https://films.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    """The site's address as production sets it, different from the test client's host."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "films.example", "evil.example"]
    return SITE
