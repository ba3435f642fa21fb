"""A staff member enrols an authenticator app, signs out, and signs in again with password and
code, computed here from the key the set-up page shows; without the code the admin stays shut.

On a 320 px wide phone, where every second-factor page passes axe and scrolls not sideways.
"""

import re
import time
from base64 import b32decode

from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.test_accessibility import violations
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"
PHONE_320 = {"width": 320, "height": 640}


def code_for(key, moment):
    """The code an authenticator app holding the base-32 `key` shows at `moment`."""
    totp = TOTP(b32decode(key.replace(" ", "")))
    totp.time = moment
    return f"{totp.token():06d}"


def log_in(page, site):
    page.goto(f"{site}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def assert_fits_and_passes_axe(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
    assert violations(page) == {}, page.url


def test_staff_enrol_an_app_then_need_its_code_to_reach_the_admin(browser, seeded_site):
    UserFactory(username="editor", password=PASSWORD, is_staff=True)
    context = browser.new_context(viewport=PHONE_320)
    page = context.new_page()
    try:
        # First sign-in: the password leads to setting up the app, and nowhere else.
        log_in(page, seeded_site)
        expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
        expect(page.get_by_role("img", name=re.compile("QR code holding your"))).to_be_visible()
        assert_fits_and_passes_axe(page)
        key = page.locator("#secret").inner_text()
        enrolled_at = time.time()
        page.get_by_label("Code").fill(code_for(key, enrolled_at))
        page.get_by_role("button", name="Turn on two-factor sign-in").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        assert_fits_and_passes_axe(page)
        page.get_by_role("link", name="I have saved my codes: continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Site administration")
        page.goto(f"{seeded_site}/account/two-factor/")
        expect(page.get_by_text("You have 10 recovery codes left.")).to_be_visible()
        assert_fits_and_passes_axe(page)

        page.goto(f"{seeded_site}/admin/")
        page.get_by_role("button", name="Log out").click()
        expect(page).to_have_url(f"{seeded_site}/")  # the site's home, logged out

        # Second sign-in: the password alone opens nothing.
        log_in(page, seeded_site)
        expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
        assert_fits_and_passes_axe(page)
        page.goto(f"{seeded_site}/admin/password_change/")
        expect(page).to_have_url(re.compile(r"/account/two-factor/verify/\?next=%2Fadmin"))
        page.get_by_role("button", name="Continue").click()  # the browser asks for the code
        expect(page).to_have_url(re.compile(r"/account/two-factor/verify/"))
        page.get_by_label("Code").fill("000000")
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".error-summary")).to_contain_text("That code did not work.")
        assert_fits_and_passes_axe(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")

        # With the app's next code (the one that enrolled it works once), after the back-off
        # django-otp asks for after a wrong code.
        time.sleep(1.1)
        page.get_by_label("Code").fill(code_for(key, enrolled_at + 30))
        page.get_by_role("button", name="Continue").click()
        expect(page).to_have_url(f"{seeded_site}/admin/password_change/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    finally:
        context.close()
