"""`make screenshots`: every page type at a phone's and a desktop's width, to look at.

Builds a throwaway site (a temporary SQLite database and media folder) with the Leaving Las
Vegas seed, a generated catalog, a few films with drawn posters, an imported-style film with
only IMDb's figures, and a member who rates, reviews and votes; serves it with runserver on
PORT; and saves full-page PNGs into OUT (git-ignored): light at both widths, and the film page
dark too. A developer's tool, neither a test nor a benchmark, so it lives in scripts/.

    .venv/bin/python scripts/screenshots.py [--port 8765] [--out screenshots]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
MEMBER, PASSWORD = "maria", "screenshots-password-1"
IMPORTED_SLUG = "the-long-night-train-1987"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    arguments = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="filmsite-screenshots-") as folder:
        environment = site_environment(Path(folder))
        os.environ.update(environment)
        build_site()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{arguments.port}"],
            cwd=ROOT,
            env={**os.environ, **environment},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            site = f"http://127.0.0.1:{arguments.port}"
            wait_for(site)
            if arguments.out.exists():
                shutil.rmtree(arguments.out)
            arguments.out.mkdir(parents=True)
            saved = capture(site, arguments.out, pages())
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{saved} screenshots in {arguments.out}")
    return 0


def site_environment(folder: Path) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "filmsite.settings",
        "DJANGO_DEBUG": "true",  # runserver serves the static files
        "DJANGO_SECRET_KEY": "screenshots-only",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "REDIS_URL": "",
    }


def build_site() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    call_command("generate_catalog", films=30, reviews=120, seed=12, verbosity=0)
    add_posters()
    add_imported_film()
    add_member()


def poster_image(title: str, hue: int) -> bytes:
    """A drawn poster: a gradient, a sun and the title, as a JPEG."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = 600, 900
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=(int(hue * (1 - shade)), int(40 + 60 * shade), int(90 + 120 * shade)),
        )
    draw.ellipse((150, 220, 450, 520), fill=(250, 200 - hue // 3, 90))
    draw.rectangle((0, 640, width, height), fill=(20, 20, 28))
    font = ImageFont.load_default(size=56)
    draw.text((40, 680), title[:16], fill=(255, 255, 255), font=font)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def add_posters() -> None:
    from django.core.files.base import ContentFile

    from catalog.models import Film

    films = Film.objects.published().exclude(slug="leaving-las-vegas-1995").order_by("pk")
    # Two films in three get one; the rest keep their title cards, as many real films would.
    for number, film in enumerate(film for index, film in enumerate(films) if index % 3):
        film.poster = ContentFile(poster_image(film.title, 60 + number * 24), name="poster.jpg")
        film.save()


def add_imported_film() -> None:
    """A film as the IMDb importer leaves it: no poster, plot, release or review."""
    from decimal import Decimal

    from catalog.models import Film, Genre

    film = Film.objects.create(
        title="The Long Night Train",
        slug=IMPORTED_SLUG,
        year=1987,
        runtime_minutes=112,
        tconst="tt9900001",
        imdb_rating=Decimal("7.9"),
        imdb_votes=151_365,
        status=Film.Status.PUBLISHED,
    )
    film.genres.set(Genre.objects.filter(name__in=["Drama", "Thriller"]))


def add_member() -> None:
    from django.contrib.auth.models import User

    from catalog.models import Film
    from reviews import services
    from reviews.models import Review

    member = User.objects.create_user(MEMBER, password=PASSWORD)
    seed = Film.objects.get(slug="leaving-las-vegas-1995")
    services.rate(member=member, film=seed, score=9)
    others = Film.objects.published().exclude(pk=seed.pk).order_by("pk")[:4]
    for score, film in zip((8, 6, 10, 7), others, strict=False):
        services.post_review(
            author=member,
            film=film,
            rating=score,
            headline=f"{film.title}: better on a second viewing",
            body="The city at night, the long takes and a score that stays with you. " * 6,
        )
    first = Review.objects.filter(film=seed).order_by("pk").first()
    if first is not None:
        services.vote(review=first, voter=member, is_helpful=True)


def wait_for(site: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{site}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the site at {site} did not start")


def pages() -> list[tuple[str, str, bool]]:
    """(name, path, logged in) of every page type."""
    from catalog.models import Person
    from reviews.models import Review

    person = Person.objects.filter(credits__film__slug="leaving-las-vegas-1995").first()
    review = Review.objects.filter(film__slug="leaving-las-vegas-1995").order_by("pk").first()
    person_path = person.get_absolute_url() if person else "/"
    review_path = review.get_absolute_url() if review else "/"
    return [
        ("home", "/", False),
        ("film-seed", "/films/leaving-las-vegas-1995/", False),
        ("film-imported", f"/films/{IMPORTED_SLUG}/", False),
        ("film-list", "/films/", False),
        ("search", "/search/?q=the", False),
        ("person", person_path, False),
        ("reviews-list", "/films/leaving-las-vegas-1995/reviews/", False),
        ("review", review_path, False),
        ("sign-up", "/accounts/signup/", False),
        ("log-in", "/accounts/login/", False),
        ("film-seed-member", "/films/leaving-las-vegas-1995/", True),
        ("write-review", f"/films/{IMPORTED_SLUG}/reviews/new/", True),
        ("profile", f"/users/{MEMBER}/", True),
    ]


def capture(site: str, out: Path, pages: list[tuple[str, str, bool]]) -> int:
    from playwright.sync_api import sync_playwright

    saved = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width_name, (width, height) in WIDTHS.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                page = context.new_page()
                logged_in = False
                for name, path, member in pages:
                    if scheme == "dark" and not name.startswith("film-seed"):
                        continue
                    if member and not logged_in:
                        page.goto(f"{site}/accounts/login/")
                        page.get_by_label("Username").fill(MEMBER)
                        page.get_by_label("Password").fill(PASSWORD)
                        page.get_by_role("button", name="Log in").click()
                        logged_in = True
                    page.goto(site + path)
                    page.screenshot(path=out / f"{name}-{width_name}-{scheme}.png", full_page=True)
                    saved += 1
                if width_name == "phone" and scheme == "light":
                    page.goto(site + "/")
                    page.locator(".site-menu summary").click()
                    page.screenshot(path=out / "menu-open-phone-light.png")
                    saved += 1
                context.close()
        browser.close()
    return saved


if __name__ == "__main__":
    sys.exit(main())
