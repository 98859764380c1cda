from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from coffeechat.accounts.models import LoginLink, ensure_owner


def test_a_login_link_logs_in_once(alice: User) -> None:
    token = LoginLink.issue(alice)
    client = Client()
    response = client.get(f"/login/link/{token}/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    again = Client().get(f"/login/link/{token}/", follow=True)
    assert again.redirect_chain[-1][0] == "/login/"
    assert "has been used or has expired" in again.content.decode()


def test_an_expired_login_link_is_refused(alice: User) -> None:
    token = LoginLink.issue(alice)
    LoginLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert LoginLink.redeem(token) is None


def test_a_login_link_expires_after_fifteen_minutes(alice: User) -> None:
    LoginLink.issue(alice)
    link = LoginLink.objects.get()
    assert link.expires_at - link.created_at == dt.timedelta(minutes=15)


def test_only_the_digest_of_the_token_is_stored(alice: User) -> None:
    token = LoginLink.issue(alice)
    assert token not in LoginLink.objects.get().digest


def test_a_made_up_token_logs_nobody_in(alice: User) -> None:
    assert LoginLink.redeem("not-a-token") is None
    assert Client().get("/login/link/not-a-token/").status_code == 302


def test_the_owner_is_created_once(db: None) -> None:
    owner, created = ensure_owner()
    again, created_again = ensure_owner()
    assert created and not created_again and owner == again
    assert owner.is_superuser and not owner.has_usable_password()
    assert User.objects.count() == 1


def test_password_login_and_logout(alice: User) -> None:
    client = Client()
    response = client.post(
        "/login/", {"username": "alice", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert client.get("/network/").status_code == 200
    client.post("/logout/")
    assert client.get("/network/").status_code == 302


def test_a_wrong_password_is_refused(alice: User) -> None:
    response = Client().post("/login/", {"username": "alice", "password": "nope"})
    assert (
        response.status_code == 200 and "correct username and password" in response.content.decode()
    )


def _routes(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            routes += _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            routes.append((prefix + str(entry.pattern), entry))
    return routes


# Pages an anonymous visitor may open. Adding one must be a deliberate change here.
PUBLIC = {
    "login/",
    "login/link/<str:token>/",
    "calendar/<str:token>.ics",
    # Forgot your password? (Django's views), and accepting an invitation.
    "login/forgot/",
    "login/forgot/sent/",
    "login/reset/done/",
    "login/reset/<str:uidb64>/<str:token>/",
    "welcome/<str:uidb64>/<str:token>/",
}


@pytest.mark.django_db
def test_every_page_but_login_sends_an_anonymous_visitor_to_log_in() -> None:
    client = Client()
    checked = 0
    public = set()
    for route, entry in _routes(get_resolver()):
        if route.startswith(("admin/", "api/")):
            continue  # the admin is staff only; the API answers 401 itself (tests/test_api.py)
        if getattr(entry.callback, "login_required", True) is False:
            public.add(route)
            continue
        url = "/" + re.sub(r"<int:\w+>", "1", re.sub(r"<str:\w+>", "x", route))
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url
        checked += 1
    assert checked > 20
    assert public <= PUBLIC, f"new public pages: {public - PUBLIC}"
    assert client.get("/login/").status_code == 200


def test_there_is_no_sign_up(db: None) -> None:
    assert Client().get("/signup/").status_code in (302, 404)
    assert Client().get("/register/").status_code in (302, 404)


def test_a_user_can_set_a_password(alice_client: Client, alice: User) -> None:
    response = alice_client.post(
        "/settings/password/",
        {"new_password1": "a much longer phrase 42", "new_password2": "a much longer phrase 42"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a much longer phrase 42")


RULES = {
    "thank_you_hours": 24,
    "thank_you_escalate_hours": 48,
    "try_another_days": 3,
    "follow_up_days": 7,
    "prep_hours": 48,
    "prep_min_questions": 5,
}


def test_the_profile_is_saved_and_its_time_zone_used(alice_client: Client, alice: User) -> None:
    response = alice_client.post(
        "/settings/",
        {
            "name": "Alice A.",
            "introduction": "Teacher moving into UX research.",
            "skills": "SQL\nInterviewing",
            "goals": "",
            "country": "fr",
            "time_zone": "Europe/Paris",
            "theme": "dark",
            **RULES,
            "follow_up_days": 5,
        },
    )
    assert response.status_code == 302
    profile = alice.profile
    profile.refresh_from_db()
    assert profile.country == "FR" and profile.skill_list == ["SQL", "Interviewing"]
    assert profile.follow_up_days == 5
    page = alice_client.get("/settings/").content.decode()
    assert 'data-theme="dark"' in page


def test_a_bad_time_zone_is_refused_in_the_profile(alice_client: Client) -> None:
    response = alice_client.post(
        "/settings/",
        {"name": "", "country": "US", "time_zone": "Nowhere/Else", "theme": "auto", **RULES},
    )
    assert response.status_code == 200 and "is not a time zone" in response.content.decode()


def test_every_page_forbids_inline_scripts_and_styles(client: Client, alice: User) -> None:
    client.force_login(alice)
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
