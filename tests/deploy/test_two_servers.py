"""Two app servers behave as one: what one server does, the other knows at once."""

import re
from io import BytesIO

from PIL import Image

from filmsite import ratelimit

from .conftest import log_in, prove_second_factor


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
    """Sign-ups alternate between the servers; the limit is reached after its number of
    attempts in all, not per server. (Sent empty: counted first, refused without hashing.)"""
    servers = deployment.servers
    for attempt in range(ratelimit.SIGNUP.limit):
        answer = servers[attempt % 2].visitor().submit("/accounts/signup/", {})
        assert answer.status == 200, f"attempt {attempt + 1} refused"

    for server in servers:
        assert server.visitor().submit("/accounts/signup/", {}).status == 429


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


def test_a_poster_uploaded_through_one_server_is_served_with_the_others_page(deployment, proxy):
    """The editor uploads on the first server; the second server's film page shows the poster,
    and its files are served from the shared media folder (by the proxy, as deployed: the app
    servers do not serve uploads, test_proxy.py)."""
    first, second = deployment.servers
    editor = log_in(first.visitor(), deployment.editor, "/admin/login/?next=/admin/")
    prove_second_factor(editor, deployment.editor_key)
    change = f"/admin/catalog/film/{deployment.film_pk}/change/"
    fields = {"title": "Two Servers", "slug": deployment.film_slug, "status": "published"}
    fields |= {"year": "2026", "original_title": "", "certificate": "", "plot": ""}
    for prefix in ("releases", "credits", "trailers"):
        fields |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    saved = editor.submit(
        change, fields, files={"poster": ("poster.png", poster_file(), "image/png")}
    )
    assert saved.status == 302, saved.text[-3000:]
    # The upload returned at once; the task worker (compose.yaml's worker) makes the renditions.
    deployment.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    page = second.visitor().get(f"/films/{deployment.film_slug}/").text
    shown = re.findall(r'src="/media/(posters/[^"]+)"', page)
    assert shown, "the second server's page shows no poster"
    for name in shown:
        answer = proxy.visitor().get(f"/media/{name}")
        assert answer.status == 200
        assert answer.header("Content-Type") in ("image/webp", "image/jpeg")
        assert answer.body == (deployment.media / name).read_bytes()
