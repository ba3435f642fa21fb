"""Walking a browser through the `every_page` fixture's pages (tests/browser/conftest.py), and
logging in as members and staff do."""

from django.contrib.auth import get_user_model

from tests.logins import authenticator_app, code_at

MEMBER_PASSWORD = "a-long-test-password"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def log_in(page, site, username="maria", password=MEMBER_PASSWORD):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def log_in_to_the_admin(page, site, username, password, next_path="/admin/"):
    """Log in at the admin's page with the password, then the code of the account's
    authenticator app (made if it has none), as staff do."""
    app = authenticator_app(get_user_model().objects.get(username=username))
    page.goto(f"{site}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(code_at(app))
    page.get_by_role("button", name="Continue").click()


def visit_every_page(page, site, pages):
    """Go to each page in turn, logging in before the first member's page: yields its name."""
    logged_in = False
    for name, path, as_member in pages:
        if as_member and not logged_in:
            log_in(page, site)
            logged_in = True
        page.goto(site + path)
        yield name
