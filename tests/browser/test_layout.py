"""Every page fits a phone (390 px) and a desktop (1280 px), and the film page leads with its
poster beside its title on a desktop's first screen."""

import pytest

from tests.browser.visiting import DESKTOP, PHONE, visit_every_page

# What overflows the page's width, measured as a reader's browser lays it out: the page's
# scroll width, `overflow` that would hide the overflow instead of fixing it, and any link or
# button that sticks out to either side.
MEASURE_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const page = document.scrollingElement || document.documentElement;
  if (page.scrollWidth > width) problems.push(`the page is ${page.scrollWidth}px wide`);
  for (const element of [document.documentElement, document.body, document.querySelector("main")]) {
    const style = getComputedStyle(element);
    for (const value of [style.overflowX, style.overflowY]) {
      if (value === "hidden" || value === "clip") {
        problems.push(`${element.tagName.toLowerCase()} has overflow: ${value}`);
      }
    }
  }
  for (const control of document.querySelectorAll("a[href], button")) {
    if (!control.checkVisibility({ visibilityProperty: true })) continue;
    const box = control.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      problems.push(`${control.outerHTML.slice(0, 80)} spans ${box.left}..${box.right}px`);
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_overflows_the_screen_sideways(browser, seeded_site, every_page, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        overflowing = {}
        for name in visit_every_page(page, seeded_site, every_page):
            problems = page.evaluate(MEASURE_OVERFLOW)
            if problems:
                overflowing[name] = problems
        assert overflowing == {}
    finally:
        context.close()


def test_phone_menu_opens_without_javascript_and_fits(browser, seeded_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{seeded_site}/films/")
        log_in_link = page.get_by_role("link", name="Log in")
        assert not log_in_link.is_visible()
        page.get_by_text("Menu", exact=True).click()
        assert log_in_link.is_visible()
        assert page.evaluate(MEASURE_OVERFLOW) == []
        # The search box stays out of the menu, on its own row.
        assert page.get_by_role("searchbox", name="Search films and people").is_visible()
    finally:
        context.close()


def test_desktop_header_shows_its_links_without_a_menu_button(browser, seeded_site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(f"{seeded_site}/")
        assert page.get_by_role("link", name="Log in").is_visible()
        assert not page.get_by_text("Menu", exact=True).is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/films/leaving-las-vegas-1995/", "/films/heat-1995/"])
def test_film_poster_and_title_share_the_first_desktop_screen_side_by_side(
    browser, seeded_site, every_page, path
):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(seeded_site + path)
        poster = page.locator(".film-poster .poster").bounding_box()
        title = page.get_by_role("heading", level=1).bounding_box()
        assert poster["y"] + poster["height"] <= DESKTOP["height"]
        assert title["y"] + title["height"] <= DESKTOP["height"]
        assert poster["x"] + poster["width"] <= title["x"]  # beside, to its left
        assert poster["y"] < title["y"] + title["height"]  # and level with it
        assert title["y"] < poster["y"] + poster["height"]
    finally:
        context.close()


def test_touch_targets_and_inputs_are_big_enough_on_a_phone(browser, seeded_site, every_page):
    """Buttons, inputs and the menu are at least 44 px tall; text in inputs at least 16 px,
    so a phone does not zoom in when one is tapped."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        small = {}
        for name in visit_every_page(page, seeded_site, every_page):
            found = page.evaluate("""() => [...document.querySelectorAll(
                  "button, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), "
                  + "select, textarea, summary")]
              .filter((element) => element.checkVisibility())
              .filter((element) => element.getBoundingClientRect().height < 44
                || (element.matches("input, select, textarea")
                    && parseFloat(getComputedStyle(element).fontSize) < 16))
              .map((element) => element.outerHTML.slice(0, 80))""")
            if found:
                small[name] = found
        assert small == {}
    finally:
        context.close()


def test_the_search_boxs_hint_fits_it_on_the_narrowest_phone(browser, seeded_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(f"{seeded_site}/")
        hint_fits = page.evaluate(
            """() => {
                const box = document.getElementById("site-search-q");
                const style = getComputedStyle(box);
                const pen = document.createElement("canvas").getContext("2d");
                pen.font = style.font;
                const room = box.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                return pen.measureText(box.placeholder).width <= room;
            }"""
        )
        assert hint_fits  # "Search films and p…" was all a phone showed of the old hint
    finally:
        context.close()
