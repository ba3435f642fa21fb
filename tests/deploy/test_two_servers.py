"""Two app servers behave as one: what one server does, the other knows at once."""

import re
from io import BytesIO

from PIL import Image

from filmsite import ratelimit

from .conftest import log_in


def test_a_session_made_on_one_server_is_valid_on_the_other(deployment):
    first, second = deployment.servers
    member = log_in(first.visitor(), deployment.member)
    on_the_other = second.visitor(cookies=dict(member.cookies))

    answer = on_the_other.get("/accounts/password_change/")

    assert answer.status == 200
    assert "Log out" in answer.text
    # A visitor without the session is sent to log in there.
    assert second.visitor().get("/accounts/password_change/").status == 302


def test_rate_limits_count_requests_to_both_servers_together(deployment):
    """Log-in attempts alternate between the servers; the limit is reached after its number of
    attempts in all, not per server."""
    servers = deployment.servers
    limit = ratelimit.LOGIN_PER_ADDRESS_AND_USERNAME.limit
    wrong = {"username": "someone-guessing", "password": "not-the-password-at-all"}
    for attempt in range(limit):
        answer = servers[attempt % 2].visitor().submit("/accounts/login/", wrong)
        assert answer.status == 200, f"attempt {attempt + 1} refused"

    for server in servers:
        assert server.visitor().submit("/accounts/login/", wrong).status == 429


def test_a_review_posted_through_one_server_appears_at_once_on_the_others_film_page(deployment):
    first, second = deployment.servers
    film_page = f"/films/{deployment.film_slug}/"
    visitor = second.visitor()
    for _ in range(4):  # each of the second server's workers stores the page, in Redis and its own
        assert visitor.get(film_page).status == 200
    assert "written through the first server" not in visitor.get(film_page).text

    member = log_in(first.visitor(), deployment.member)
    posted = member.submit(
        f"{film_page}reviews/new/",
        {"headline": "Seen twice", "body": "A review written through the first server only."},
    )
    assert posted.status == 302, posted.text[:2000]

    for _ in range(4):
        assert "written through the first server" in visitor.get(film_page).text
    # Members' pages, built from shared fragments, too.
    member_there = second.visitor(cookies=dict(member.cookies))
    assert "written through the first server" in member_there.get(film_page).text


def poster_file() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (400, 600), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_poster_uploaded_through_one_server_is_shown_and_stored_for_the_other(deployment):
    """The editor uploads on the first server; the second server's film page shows the poster,
    whose files are in the shared media folder (the proxy serves them: test_proxy.py)."""
    first, second = deployment.servers
    editor = log_in(first.visitor(), deployment.editor, "/admin/login/?next=/admin/")
    change = re.search(
        r'href="(/admin/catalog/film/\d+/change/)[^"]*">Two Servers<',
        editor.get(f"/admin/catalog/film/?q={deployment.film_slug}").text,
    )
    assert change, "the film is not in the admin's list"
    fields = {"title": "Two Servers", "slug": deployment.film_slug, "status": "published"}
    fields |= {"year": "2026", "original_title": "", "certificate": "", "plot": ""}
    for prefix in ("releases", "credits", "trailers"):
        fields |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    saved = editor.submit(
        change[1], fields, files={"poster": ("poster.png", poster_file(), "image/png")}
    )
    assert saved.status == 302, saved.text[-3000:]

    page = second.visitor().get(f"/films/{deployment.film_slug}/").text
    shown = re.findall(r'src="/media/(posters/[^"]+)"', page)
    assert shown, "the second server's page shows no poster"
    for name in shown:
        assert (deployment.media / name).stat().st_size > 0
