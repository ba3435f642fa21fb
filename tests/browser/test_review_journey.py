"""A new visitor signs up, reviews Leaving Las Vegas, edits and deletes it, in a real browser."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.task_worker import run_queued_tasks

FILM_PATH = "/films/leaving-las-vegas-1995/"
BODY = "Cage and Shue are devastating; the saxophone score lingers for days afterwards."


def tab_to(page, locator, limit=60):
    """Press Tab until `locator` has the focus, as a keyboard-only visitor would."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("could not reach the element with the Tab key")


def test_new_visitor_signs_up_reviews_edits_and_deletes(seeded_site, page):
    page.goto(seeded_site + FILM_PATH)
    expect(page.get_by_text("No user ratings yet.")).to_be_visible()
    page.get_by_role("link", name="Write a review").click()

    # Anonymous: sent to log in, and from there to sign up, then back to the review form.
    expect(page).to_have_url(
        f"{seeded_site}/accounts/login/?next=/films/leaving-las-vegas-1995/reviews/new/"
    )
    page.get_by_role("main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("newcritic")
    page.get_by_label("Email").fill("newcritic@example.org")
    page.get_by_label("Password:", exact=True).fill("a-long-passphrase-42")
    page.get_by_label("Password confirmation").fill("a-long-passphrase-42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Welcome to Filmsite, newcritic.")).to_be_visible()

    # Reviews are published once the address is confirmed: follow the link mailed (by the
    # task worker, run here).
    run_queued_tasks()
    # The link names the site's address (SITE_URL); its path is followed on this live server.
    link = re.search(r"https?://[^/\s]+(/account/confirm/\S+/)", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(seeded_site + link.group(1))
    page.get_by_role("button", name="Confirm newcritic@example.org").click()
    expect(
        page.get_by_text("Your email address newcritic@example.org is confirmed.")
    ).to_be_visible()

    page.goto(seeded_site + FILM_PATH)
    page.get_by_role("link", name="Write a review").click()

    # Rating chosen with the keyboard alone: Tab into the radio group, arrows to move.
    first_star = page.get_by_role("radio", name="1", exact=True)
    tab_to(page, first_star)
    page.keyboard.press("Space")
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="8", exact=True)).to_be_checked()

    page.get_by_label("Headline (optional)").fill("Unflinching")
    page.get_by_label("Your review").fill(BODY)
    page.get_by_role("button", name="Publish review").click()

    expect(page.get_by_text("Thank you: your review is published.")).to_be_visible()
    expect(
        page.locator(".rating-summary").get_by_text("User rating 8.0/10 from 1 rating")
    ).to_be_visible()
    review = page.locator("article.review").filter(has_text="Unflinching")
    expect(review).to_contain_text(BODY)

    review.get_by_role("link", name="Edit").click()
    page.get_by_role("radio", name="6", exact=True).check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your review is updated.")).to_be_visible()
    expect(
        page.locator(".rating-summary").get_by_text("User rating 6.0/10 from 1 rating")
    ).to_be_visible()

    page.locator("article.review").filter(has_text="Unflinching").get_by_role(
        "link", name="Delete"
    ).click()
    expect(
        page.get_by_role("heading", name="Delete your review of Leaving Las Vegas?")
    ).to_be_visible()
    page.get_by_role("button", name="Delete review").click()
    expect(page.get_by_text("Your review is deleted.")).to_be_visible()
    expect(page.get_by_text("Unflinching")).to_have_count(0)
    # The rating outlives the review, until its member takes it back.
    expect(
        page.locator(".rating-summary").get_by_text("User rating 6.0/10 from 1 rating")
    ).to_be_visible()
    page.get_by_role("button", name="Remove rating").click()
    expect(page.get_by_text("No user ratings yet.")).to_be_visible()
