"""View More on the film page: in place with JavaScript, a link to the review without it."""

import re

from playwright.sync_api import expect

from reviews.models import Review

FILM_PATH = "/films/leaving-las-vegas-1995/"
# The closing words of SnoopyStyle's review, well past the excerpt's end.
CLOSING_WORDS = "They give two great performances."


def snoopy_review(page):
    return page.locator("article.review").filter(has_text="SnoopyStyle")


def test_view_more_reveals_the_whole_review_in_place_and_collapses_it(seeded_site, page):
    page.goto(seeded_site + FILM_PATH)
    review = snoopy_review(page)
    closing = review.get_by_text(CLOSING_WORDS)
    expect(closing).to_be_hidden()

    button = review.get_by_role("button", name="View More")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()

    expect(closing).to_be_visible()
    expect(page).to_have_url(seeded_site + FILM_PATH)
    collapse = review.get_by_role("button", name="View Less")
    expect(collapse).to_have_attribute("aria-expanded", "true")

    collapse.click()
    expect(closing).to_be_hidden()
    expect(review.get_by_role("button", name="View More")).to_be_visible()


def test_view_more_works_from_the_keyboard(seeded_site, page):
    page.goto(seeded_site + FILM_PATH)
    first_button = page.get_by_role("button", name="View More").first
    for _ in range(20):
        page.keyboard.press("Tab")
        if first_button.evaluate("element => element === document.activeElement"):
            break
    expect(first_button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="View Less")).to_be_focused()


def test_without_javascript_view_more_leads_to_the_whole_review(
    seeded_site, page_without_javascript
):
    page = page_without_javascript
    page.goto(seeded_site + FILM_PATH)
    review = snoopy_review(page)
    expect(review.get_by_text(CLOSING_WORDS)).to_be_hidden()

    review.get_by_role("link", name="View More").click()

    pk = Review.objects.get(author__username="SnoopyStyle").pk
    expect(page).to_have_url(re.compile(rf"/reviews/{pk}/$"))
    expect(page.get_by_text(CLOSING_WORDS)).to_be_visible()
