"""`next` carried through log-in and sign-up: a new member lands where they were, and an
address off this site (or of another scheme) is never followed or carried on."""

import pytest
from django.urls import reverse

from tests.accounts.test_accounts import SIGNUP
from tests.factories import UserFactory
from tests.html_elements import attribute, find_all

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "//evil.com",
    "///evil.com",
    "https://evil.com",
    "http:/evil.com",
    "javascript:alert(1)",
    "/\\evil.com",
    "\\\\evil.com",
    " //evil.com",
    "data:text/html,<script>alert(1)</script>",
]


def hrefs(html, text):
    """The addresses of the links reading `text`."""
    return [
        attribute(link, "href")
        for link in find_all(html, "a")
        if " ".join(str(child) for child in link.children).strip() == text
    ]


def hidden_next(html):
    (field,) = find_all(html, "input", type="hidden", name="next")
    return attribute(field, "value") or ""


def test_the_log_in_page_links_to_sign_up_with_its_next(client):
    html = client.get(reverse("login"), {"next": "/films/?genre=drama"}).content.decode()
    expected = "/accounts/signup/?next=%2Ffilms%2F%3Fgenre%3Ddrama"
    assert hrefs(html, "Sign up") == [expected, expected]  # header and page


def test_the_sign_up_page_links_to_log_in_with_its_next(client):
    html = client.get(reverse("signup"), {"next": "/films/"}).content.decode()
    assert hrefs(html, "Log in") == ["/accounts/login/?next=%2Ffilms%2F"] * 2
    assert hidden_next(html) == "/films/"


def test_the_headers_links_bring_a_visitor_back_to_the_page(client, seed):
    html = client.get(reverse("catalog:film_list"), {"sort": "newest"}).content.decode()
    assert hrefs(html, "Sign up") == ["/accounts/signup/?next=%2Ffilms%2F%3Fsort%3Dnewest"]
    assert hrefs(html, "Log in") == ["/accounts/login/?next=%2Ffilms%2F%3Fsort%3Dnewest"]


def test_the_headers_links_on_the_home_page_carry_no_next(client):
    html = client.get("/").content.decode()
    assert hrefs(html, "Sign up") == ["/accounts/signup/"]


def test_a_new_member_coming_from_the_log_in_page_lands_at_its_next(client, seed):
    target = seed.get_absolute_url()
    login_page = client.get(reverse("login"), {"next": target}).content.decode()
    signup_url = hrefs(login_page, "Sign up")[-1]
    signup_page = client.get(signup_url).content.decode()
    response = client.post(signup_url, {**SIGNUP, "next": hidden_next(signup_page)})
    assert response.status_code == 302
    assert response["Location"] == target


def test_a_sign_up_with_errors_keeps_its_next(client):
    response = client.post(reverse("signup"), {**SIGNUP, "password2": "x", "next": "/films/"})
    assert hidden_next(response.content.decode()) == "/films/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_up_refuses_a_hostile_next_and_lands_home(client, target):
    response = client.post(reverse("signup"), {**SIGNUP, "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:home")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_log_in_refuses_a_hostile_next_and_lands_home(client, target):
    UserFactory(username="alice")
    response = client.post(
        reverse("login"), {"username": "alice", "password": "a-long-test-password", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:home")


@pytest.mark.parametrize("page", ["login", "signup"])
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_a_hostile_next_is_carried_on_by_no_link_or_form(client, page, target):
    html = client.get(reverse(page), {"next": target}).content.decode()
    assert hidden_next(html) == ""
    for hostile_part in ("evil", "javascript:", "data:"):
        assert hostile_part not in html
    assert hrefs(html, "Sign up" if page == "login" else "Log in")[-1] in (
        reverse("signup"),
        reverse("login"),
    )
