"""The JSON API: tokens, every kind of row, stage moves, Today, errors, and nobody else's ids."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from coffeechat.accounts.models import ApiToken
from coffeechat.agenda.models import Snooze
from coffeechat.api.main import api, api_models, path_of
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Exploration, KeptApart, Person
from coffeechat.portability import label
from tests.conftest import World

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    _, secret = ApiToken.issue(user, "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def api_alice(alice: User) -> Client:
    return client_for(alice)


@pytest.fixture
def api_bob(bob: User) -> Client:
    return client_for(bob)


@pytest.fixture
def every_row(world: World, alice: User) -> dict[str, Any]:
    """One of alice's rows of every kind the API serves."""
    Snooze.objects.get_or_create(user=alice, key="thank-you:1")
    twin = Person.objects.create(user=alice, first_name="Grace", last_name="Hopper")
    KeptApart.objects.create(user=alice, person_a=world.person, person_b=twin)
    rows = {label(model): model.objects.filter(user=alice).first() for model in api_models()}
    missing = sorted(table for table, row in rows.items() if row is None)
    assert not missing, f"Add a row of {missing} to the world fixture in tests/conftest.py"
    return rows


# ---- tokens --------------------------------------------------------------------------------


def test_a_token_is_shown_once_and_stored_only_as_a_digest(alice: User, client: Client) -> None:
    client.force_login(alice)
    page = client.post("/settings/tokens/", {"name": "My script"}).content.decode()
    token = ApiToken.objects.get(user=alice)
    found = re.search(r'<code class="secret">([^<]+)</code>', page)
    assert found, "the new token is shown"
    secret = found.group(1)
    assert secret not in token.digest and token.digest != secret
    assert ApiToken.user_for(secret) == alice
    # The list shows its name and hint, never the secret again.
    listing = client.get("/settings/").content.decode()
    assert "My script" in listing and secret not in listing


def test_a_revoked_token_opens_nothing(alice: User, client: Client) -> None:
    token, secret = ApiToken.issue(alice, "old laptop")
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api_client.get("/api/v1/people/").status_code == 200
    client.force_login(alice)
    client.post(f"/settings/tokens/{token.pk}/revoke/")
    response = api_client.get("/api/v1/people/")
    assert response.status_code == 401
    assert response.json()["message"].startswith("A valid API token is needed")


def test_without_a_token_the_api_answers_401_in_json_not_a_login_redirect() -> None:
    response = Client().get("/api/v1/people/")
    assert response.status_code == 401 and response["Content-Type"].startswith("application/json")
    assert Client(HTTP_AUTHORIZATION="Bearer cc_wrong").get("/api/v1/today").status_code == 401


def test_bob_cannot_revoke_alices_token(alice: User, bob: User, client: Client) -> None:
    token, _ = ApiToken.issue(alice, "phone")
    client.force_login(bob)
    assert client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# ---- rows ----------------------------------------------------------------------------------


def test_people_can_be_created_listed_read_updated_and_deleted(api_alice: Client) -> None:
    created = api_alice.post(
        "/api/v1/people/",
        {"first_name": "Grace", "last_name": "Hopper", "position": "Researcher"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    listing = api_alice.get("/api/v1/people/?limit=1").json()
    assert listing["count"] == 1 and listing["items"][0]["first_name"] == "Grace"
    patched = api_alice.patch(
        f"/api/v1/people/{pk}", {"position": "Lead"}, content_type="application/json"
    )
    assert patched.json()["position"] == "Lead" and patched.json()["last_name"] == "Hopper"
    assert Person.objects.get(pk=pk).search_text  # saved through the model: search sees it
    assert api_alice.delete(f"/api/v1/people/{pk}").status_code == 204
    assert api_alice.get(f"/api/v1/people/{pk}").status_code == 404


def test_lists_filter_and_paginate(world: World, alice: User, api_alice: Client) -> None:
    for _ in range(3):
        Interview.objects.create(user=alice, person=world.person)
    page = api_alice.get(f"/api/v1/interviews/?person={world.person.pk}&limit=2&offset=2").json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert api_alice.get("/api/v1/interviews/?stage=held").json()["count"] == 0


@pytest.mark.parametrize("table", [label(model) for model in api_models()])
def test_every_kind_of_row_reads_back_as_it_is_stored(
    every_row: dict[str, Any], api_alice: Client, table: str
) -> None:
    row = every_row[table]
    response = api_alice.get(f"/api/v1/{path_of(type(row))}/{row.pk}")
    assert response.status_code == 200
    assert response.json()["id"] == row.pk


def test_a_link_to_another_users_row_is_refused_naming_the_field(
    world: World, api_bob: Client
) -> None:
    response = api_bob.post(
        "/api/v1/interviews/", {"person": world.person.pk}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {"message": f"No person {world.person.pk}.", "field": "person"}


def test_errors_name_the_field_at_fault(api_alice: Client) -> None:
    missing = api_alice.post("/api/v1/people/", {}, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["field"] == "first_name"
    too_long = api_alice.post(
        "/api/v1/people/", {"first_name": "x" * 101}, content_type="application/json"
    )
    assert too_long.status_code == 422 and too_long.json()["field"] == "first_name"
    nul = api_alice.post(
        "/api/v1/people/", {"first_name": "a\x00b"}, content_type="application/json"
    )
    assert nul.status_code == 422 and nul.json()["field"] == "first_name"


def test_a_moment_with_any_offset_is_stored_as_the_same_moment(
    alice: User, api_alice: Client
) -> None:
    """ISO 8601 allows offsets up to ±23:59, PostgreSQL only ±15:59: stored in UTC."""
    made = api_alice.post(
        "/api/v1/snoozes/",
        {"key": "keep-in-touch:person-1", "until": "2031-04-07T09:50:33-18:32"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    stored = Snooze.objects.get(user=alice).until
    assert stored == dt.datetime(2031, 4, 8, 4, 22, 33, tzinfo=dt.UTC)
    too_late = api_alice.post(
        "/api/v1/snoozes/",
        {"key": "keep-in-touch:person-2", "until": "9999-12-31T23:59:59-18:00"},
        content_type="application/json",
    )
    assert too_late.status_code == 422
    assert too_late.json()["field"] == "until"


def test_a_meeting_time_with_any_offset_is_stored_as_the_same_moment(
    world: World, api_alice: Client
) -> None:
    moved = api_alice.post(
        f"/api/v1/interviews/{world.interview.pk}/move",
        {"stage": Stage.SCHEDULED, "scheduled_at": "2031-04-07T09:50:33-18:32"},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    world.interview.refresh_from_db()
    assert world.interview.scheduled_at == dt.datetime(2031, 4, 8, 4, 22, 33, tzinfo=dt.UTC)


def test_an_exploration_name_is_unique_per_user_and_says_so(
    world: World, api_alice: Client
) -> None:
    again = api_alice.post(
        "/api/v1/explorations/", {"name": world.exploration.name}, content_type="application/json"
    )
    assert again.status_code == 422 and "already exists" in again.json()["message"]


# ---- stage moves and Today -----------------------------------------------------------------


def test_stage_moves_follow_the_pipeline(world: World, api_alice: Client) -> None:
    url = f"/api/v1/interviews/{world.interview.pk}/move"
    refused = api_alice.post(url, {"stage": Stage.THANKED}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["field"] == "stage"
    moved = api_alice.post(url, {"stage": Stage.RESEARCHING}, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["stage"] == Stage.RESEARCHING
    # The stage can't be set by an update, only moved.
    api_alice.patch(
        f"/api/v1/interviews/{world.interview.pk}",
        {"stage": Stage.HELD},
        content_type="application/json",
    )
    world.interview.refresh_from_db()
    assert world.interview.stage == Stage.RESEARCHING


def test_today_lists_what_the_today_page_lists(world: World, api_alice: Client) -> None:
    world.interview.move_to(Stage.RESEARCHING)
    world.interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now())
    world.interview.move_to(Stage.HELD)
    items = api_alice.get("/api/v1/today").json()
    assert any(
        item["kind"] == "thank-you" and item["interview"] == world.interview.pk for item in items
    )
    later = api_alice.get("/api/v1/today?date=2100-01-01").json()
    assert later and all("due" in item for item in later)


# ---- isolation: every endpoint with an id --------------------------------------------------


def api_paths_with_ids() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        if "{pk}" in path
        for method in operations
    ]


@pytest.mark.parametrize(("method", "path"), api_paths_with_ids())
def test_bob_gets_404_for_every_one_of_alices_ids(
    every_row: dict[str, Any], api_bob: Client, method: str, path: str
) -> None:
    prefix = path.removeprefix("/api/v1/").split("/")[0]
    model = next(model for model in api_models() if path_of(model) == prefix)
    row = every_row[label(model)]
    url = path.replace("{pk}", str(row.pk))
    payload = {"stage": Stage.CLOSED, "close_reason": "declined"} if url.endswith("/move") else {}
    response = api_bob.generic(method, url, data=_json(payload), content_type="application/json")
    assert response.status_code == 404, response.content
    assert type(row).objects.filter(pk=row.pk).exists()
    if method in {"PATCH", "POST"}:
        fresh = type(row).objects.get(pk=row.pk)
        assert fresh.updated_at == row.updated_at


def _json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data)


def test_the_openapi_schema_is_served() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Coffeechat API"
    assert "/api/v1/interviews/{pk}/move" in schema["paths"]


def api_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]


@pytest.mark.parametrize(("method", "path"), api_operations())
def test_every_endpoint_refuses_a_request_without_a_token(method: str, path: str) -> None:
    response = Client().generic(method, path.replace("{pk}", "1"), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["message"].startswith("A valid API token is needed")


# ---- suggestions and themes ----------------------------------------------------------------


def _interview(user: User, name: str, notes: str, exploration: Exploration | None = None) -> None:
    first, _, last = name.partition(" ")
    person = Person.objects.create(user=user, first_name=first, last_name=last)
    Interview.objects.create(user=user, person=person, notes=notes, exploration=exploration)


def test_suggestions_rank_as_the_command_does_with_each_persons_id(
    world: World, alice: User, api_alice: Client
) -> None:
    ada = Person.objects.create(
        user=alice,
        first_name="Ada",
        last_name="Lovelace",
        position="Senior UX Researcher",
        referred_by=world.person,
    )
    Person.objects.create(user=alice, first_name="Bo", last_name="Baker", position="Chef")
    response = api_alice.get("/api/v1/suggestions?q=UX%20research&limit=5")
    assert response.status_code == 200
    found = response.json()
    out = io.StringIO()
    call_command("suggest", "UX research", "--limit", "5", "--json", "--user", "alice", stdout=out)
    command = json.loads(out.getvalue())
    assert [{k: v for k, v in row.items() if k not in {"id", "introducer"}} for row in found] == (
        command
    )
    assert {row["id"] for row in found} == {ada.pk, world.person.pk}
    by_id = {row["id"]: row for row in found}
    assert by_id[ada.pk]["introducer"] == {"id": world.person.pk, "name": "Grace Hopper"}
    assert all(row["reasons"] for row in found)
    assert len(api_alice.get("/api/v1/suggestions?q=UX%20research&limit=1").json()) == 1


def test_suggestions_for_an_exploration_leave_out_people_already_interviewed(
    world: World, alice: User, api_alice: Client
) -> None:
    ada = Person.objects.create(
        user=alice, first_name="Ada", last_name="Lovelace", position="UX Researcher"
    )
    found = api_alice.get(f"/api/v1/suggestions?exploration={world.exploration.pk}").json()
    # The query defaults to the exploration's name; Grace is already interviewed for it.
    assert [row["id"] for row in found] == [ada.pk]


def test_themes_list_what_the_command_lists(alice: User, api_alice: Client) -> None:
    ux = Exploration.objects.create(user=alice, name="Design")
    _interview(alice, "Ana A", "def learn SQL", ux)
    _interview(alice, "Ben B", "writing queries all day", ux)
    _interview(alice, "Cleo C", "SQL + figma")
    response = api_alice.get("/api/v1/themes")
    assert response.status_code == 200
    out = io.StringIO()
    call_command("insights", "themes", "--json", "--user", "alice", stdout=out)
    assert response.json() == json.loads(out.getvalue())
    assert response.json()[0]["people"] == ["Ana A", "Ben B", "Cleo C"]
    of_ux = api_alice.get(f"/api/v1/themes?exploration={ux.pk}").json()
    assert of_ux[0]["people"] == ["Ana A", "Ben B"]
    everything = api_alice.get("/api/v1/themes?min_people=1").json()
    assert [row["theme"] for row in everything] == ["SQL", "Figma"]


def test_suggestions_and_themes_never_show_another_users_people(
    world: World, bob: User, api_bob: Client
) -> None:
    """Bob's token sees none of alice's people, and alice's exploration id names nothing."""
    _interview(bob, "Ben B", "Figma is a must")
    assert api_bob.get("/api/v1/suggestions?q=UX%20research").json() == []
    assert api_bob.get("/api/v1/themes?min_people=1").json()[0]["people"] == ["Ben B"]
    for url in (
        f"/api/v1/suggestions?exploration={world.exploration.pk}",
        f"/api/v1/suggestions?q=UX&exploration={world.exploration.pk}",
        f"/api/v1/themes?exploration={world.exploration.pk}",
    ):
        response = api_bob.get(url)
        assert response.status_code == 404, url
        assert response.json() == {
            "message": f"No exploration {world.exploration.pk}.",
            "field": "exploration",
        }


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/suggestions", "q"),
        ("/api/v1/suggestions?q=%20%20", "q"),
        ("/api/v1/suggestions?q=" + "x" * 201, "q"),
        ("/api/v1/suggestions?q=UX&limit=0", "limit"),
        ("/api/v1/suggestions?q=UX&limit=101", "limit"),
        ("/api/v1/suggestions?q=UX&limit=ten", "limit"),
        ("/api/v1/suggestions?q=UX&exploration=0", "exploration"),
        ("/api/v1/suggestions?q=UX&exploration=abc", "exploration"),
        ("/api/v1/themes?min_people=0", "min_people"),
        ("/api/v1/themes?min_people=many", "min_people"),
        ("/api/v1/themes?exploration=-3", "exploration"),
        ("/api/v1/themes?exploration=99999999999999999999", "exploration"),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(
    api_alice: Client, url: str, field: str
) -> None:
    response = api_alice.get(url)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["field"] == field and response.json()["message"]


def test_the_schema_describes_suggestions_and_themes() -> None:
    paths = api.get_openapi_schema()["paths"]
    for path in ("/api/v1/suggestions", "/api/v1/themes"):
        responses = paths[path]["get"]["responses"]
        assert set(responses) >= {200, 401, 404, 422}
        assert responses[200]["content"]["application/json"]["schema"]["type"] == "array"
