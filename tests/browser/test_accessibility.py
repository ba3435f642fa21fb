"""axe-core finds nothing against WCAG 2.2 AA on any page, at a phone's and a desktop's width,
in light and dark mode, with the phone menu open and with a form showing its errors.

axe runs inside the page (bundled with axe-playwright-python: no network); every rule of the
tags runs, none is turned off.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.visiting import DESKTOP, PHONE, visit_every_page

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}

axe = Axe()


def violations(page):
    """{rule id: [the first few offending elements]} of axe's findings on the page as it is."""
    found = axe.run(page, options=AXE_OPTIONS).response["violations"]
    return {rule["id"]: [node["target"] for node in rule["nodes"][:3]] for rule in found}


@pytest.mark.parametrize(
    ("viewport", "color_scheme"),
    # Dark mode changes colours, not layout: one width checks its contrast.
    [(PHONE, "light"), (DESKTOP, "light"), (PHONE, "dark")],
    ids=["phone-light", "desktop-light", "phone-dark"],
)
def test_every_page_passes_axe(browser, seeded_site, every_page, viewport, color_scheme):
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    page = context.new_page()
    try:
        failing = {}
        for name in visit_every_page(page, seeded_site, every_page):
            if found := violations(page):
                failing[name] = found
        assert failing == {}
    finally:
        context.close()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_phone_menu_open_and_a_form_with_errors_pass_axe(browser, seeded_site, color_scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=color_scheme)
    page = context.new_page()
    try:
        page.goto(f"{seeded_site}/accounts/login/")
        page.get_by_label("Username").fill("nobody")
        page.get_by_label("Password").fill("not the right password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_selector(".error-summary")
        page.get_by_text("Menu", exact=True).click()
        assert page.get_by_role("link", name="Sign up").first.is_visible()
        assert violations(page) == {}
    finally:
        context.close()
