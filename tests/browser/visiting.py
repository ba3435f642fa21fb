"""Walking a browser through the `every_page` fixture's pages (tests/browser/conftest.py)."""

MEMBER_PASSWORD = "a-long-test-password"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def log_in(page, site, username="maria", password=MEMBER_PASSWORD):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def visit_every_page(page, site, pages):
    """Go to each page in turn, logging in before the first member's page: yields its name."""
    logged_in = False
    for name, path, as_member in pages:
        if as_member and not logged_in:
            log_in(page, site)
            logged_in = True
        page.goto(site + path)
        yield name
