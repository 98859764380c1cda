"""Pages kept until the user's data changes (coffeechat/pagecache.py).

Each test first proves a page is kept (a change made behind Coffeechat's back, in plain
SQL, does not show), then makes a change the way Coffeechat's users and code make them and
checks the page shows it at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client

from coffeechat.accounts.models import DataVersion, Profile
from coffeechat.imports.importer import read_rows, run_import
from coffeechat.network.models import Note, Organization, Person
from coffeechat.pagecache import current_version, data_changed
from coffeechat.portability import export_user, import_user
from tests.conftest import World

SAMPLES = Path(__file__).parent / "data" / "imports"


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _behind_the_back(sql: str, *params: object) -> None:
    """A change no signal, middleware or bulk path sees: what a kept page must not show."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _kept(client: Client, url: str, person: Person) -> None:
    """Read the page until it is kept, then prove it is: a plain SQL rename doesn't show."""
    _page(client, url)
    _page(client, url)
    _behind_the_back("UPDATE network_person SET position = %s WHERE id = %s", "Hidden", person.pk)
    assert "Hidden" not in _page(client, url)


def test_a_page_is_kept_until_the_user_writes(alice_client: Client, world: World) -> None:
    url = world.person.get_absolute_url()
    _kept(alice_client, url, world.person)
    response = alice_client.post(f"{url}notes/", {"text": "Loves sourdough."}, follow=True)
    page = response.content.decode()
    assert "Loves sourdough." in page and "Hidden" in page


@pytest.mark.parametrize(
    "change",
    ["save", "delete", "profile", "account", "many-to-many", "rolled back, then saved"],
)
def test_every_kind_of_change_outside_a_request_shows_at_once(
    alice_client: Client, world: World, change: str
) -> None:
    """A background task, a command or the admin saves rows without a request."""
    url = world.person.get_absolute_url()
    _kept(alice_client, url, world.person)
    if change == "save":
        Note.objects.create(user=world.person.user, person=world.person, text="Saved elsewhere")
    elif change == "delete":
        world.note.delete()
    elif change == "profile":
        Profile.objects.get_or_create(user=world.person.user)[0].save()
    elif change == "account":
        User.objects.get(pk=world.person.user_id).save()
    elif change == "many-to-many":
        world.event.people.remove(world.person)
    else:
        with pytest.raises(RuntimeError), transaction.atomic():
            Note.objects.create(user=world.person.user, person=world.person, text="Undone")
            raise RuntimeError
        assert "Hidden" not in _page(alice_client, url)  # nothing committed: still kept
        Note.objects.create(user=world.person.user, person=world.person, text="Saved elsewhere")
    page = _page(alice_client, url)
    assert "Hidden" in page
    assert ("Met at the meetup." in page) == (change != "delete")
    assert ("Saved elsewhere" in page) == (change in ("save", "rolled back, then saved"))
    assert "Undone" not in page


def test_a_write_by_any_request_forgets_the_pages_even_when_refused(
    alice: User, alice_client: Client, world: World
) -> None:
    """Views that write in bulk (a merge moves rows with one UPDATE) save no rows one by
    one: any POST by the user forgets their pages, whatever it did."""
    url = world.person.get_absolute_url()
    _kept(alice_client, url, world.person)
    assert alice_client.post("/today/snooze/", {"key": "no-such-item"}).status_code == 404
    assert not DataVersion.objects.filter(user=alice).exists()
    assert "Hidden" in _page(alice_client, url)


def test_an_api_write_forgets_the_pages(alice: User, alice_client: Client, world: World) -> None:
    from coffeechat.accounts.models import ApiToken

    _, token = ApiToken.issue(alice, "script")
    url = world.person.get_absolute_url()
    _kept(alice_client, url, world.person)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    response = api.patch(
        f"/api/v1/people/{world.person.pk}",
        {"position": "Staff researcher"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert "Staff researcher" in _page(alice_client, url)


def test_an_import_from_the_command_line_shows_at_once(alice: User, alice_client: Client) -> None:
    """Imports write thousands of rows without saving them one by one."""
    path = SAMPLES / "linkedin-connections.csv"
    run_import(alice, read_rows("linkedin", path.read_bytes(), name=path.name), apply=True)
    person = Person.objects.filter(user=alice).exclude(organization=None).first()
    assert person is not None
    organization = person.organization
    assert organization is not None
    url = organization.get_absolute_url()
    _page(alice_client, url)
    _page(alice_client, url)
    _behind_the_back(
        "UPDATE network_organization SET name = %s WHERE id = %s", "Hidden Co", organization.pk
    )
    assert "Hidden Co" not in _page(alice_client, url)
    Person.objects.filter(pk=person.pk).update(first_name="Renamed")  # unseen so far
    assert "Renamed" not in _page(alice_client, url)
    # Importing the same file again changes nothing, yet the import went through.
    run_import(alice, read_rows("linkedin", path.read_bytes(), name=path.name), apply=True)
    assert "Hidden Co" in _page(alice_client, url)


def test_a_json_import_into_an_empty_account_shows_at_once(
    alice: User, bob: User, bob_client: Client
) -> None:
    organization = Organization.objects.create(user=alice, name="Northwind")
    Person.objects.create(user=alice, first_name="Ada", organization=organization)
    # Bob has read a page before his import (his Today), so he has a version to lose.
    bob_client.get("/")
    bob_client.get("/")
    current_version(bob.pk)
    before = DataVersion.objects.get(user=bob).token
    import_user(bob, export_user(alice))
    assert DataVersion.objects.filter(user=bob, token=before).count() == 0
    copied = Organization.objects.get(user=bob)
    assert "Ada" in _page(bob_client, copied.get_absolute_url())


def test_another_user_never_gets_a_kept_page(
    alice_client: Client, bob_client: Client, world: World
) -> None:
    url = world.person.get_absolute_url()
    _kept(alice_client, url, world.person)
    assert bob_client.get(url).status_code == 404
    assert bob_client.get(url).status_code == 404


def test_each_browser_gets_forms_that_work_with_its_own_cookie(alice: User, world: World) -> None:
    """The page's forms carry CSRF tokens made from the browser's cookie: a page kept for
    the user's laptop must not reach their phone."""
    url = world.person.get_absolute_url()
    laptop, phone = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    laptop.force_login(alice)
    phone.force_login(alice)
    _kept(laptop, url, world.person)
    _page(phone, url)
    page = _page(phone, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = phone.post(
        f"{url}notes/", {"text": "From the phone", "csrfmiddlewaretoken": token[1]}
    )
    assert response.status_code == 302
    assert "From the phone" in _page(laptop, url)


def test_a_waiting_message_is_shown_once_and_never_kept(alice_client: Client, world: World) -> None:
    url = world.person.get_absolute_url()
    _kept(alice_client, url, world.person)
    alice_client.post(f"{url}notes/", {"text": "Second note"})
    assert "Note added." in _page(alice_client, url)
    assert "Note added." not in _page(alice_client, url)
    assert "Note added." not in _page(alice_client, url)


def test_a_browser_without_a_csrf_cookie_gets_a_fresh_page(alice: User, world: World) -> None:
    url = world.person.get_absolute_url()
    client = Client()
    client.force_login(alice)
    _kept(client, url, world.person)
    client.cookies.pop("csrftoken")
    _behind_the_back(
        "UPDATE network_person SET position = %s WHERE id = %s", "Fresh", world.person.pk
    )
    response = client.get(url)
    assert "Fresh" in response.content.decode()
    assert "csrftoken" in response.cookies  # and now it has one


def test_a_change_rolled_back_keeps_the_version(alice: User) -> None:
    token = current_version(alice.pk)
    assert token is not None
    with pytest.raises(RuntimeError), transaction.atomic():
        data_changed(alice.pk)
        assert not DataVersion.objects.filter(user=alice).exists()
        raise RuntimeError
    assert current_version(alice.pk) == token
    data_changed(alice.pk)
    assert current_version(alice.pk) not in (None, token)


def _api(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_an_api_answer_is_kept_until_the_user_writes(alice: User, world: World) -> None:
    from coffeechat.accounts.models import ApiToken

    _, token = ApiToken.issue(alice, "script")
    api, url = _api(token), "/api/v1/people/?limit=20"
    for _ in range(2):
        assert api.get(url).json()["items"][0]["position"] == "UX Researcher"
    _behind_the_back(
        "UPDATE network_person SET position = %s WHERE id = %s", "Hidden", world.person.pk
    )
    assert api.get(url).json()["items"][0]["position"] == "UX Researcher"  # kept
    response = api.patch(
        f"/api/v1/notes/{world.note.pk}", {"text": "Edited"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert api.get(url).json()["items"][0]["position"] == "Hidden"


def test_a_revoked_token_gets_no_kept_answer(alice: User, world: World) -> None:
    from coffeechat.accounts.models import ApiToken

    issued, token = ApiToken.issue(alice, "script")
    api, url = _api(token), "/api/v1/people/?limit=20"
    for _ in range(2):
        assert api.get(url).status_code == 200
    ApiToken.objects.filter(pk=issued.pk).update(revoked_at=issued.created_at)
    response = api.get(url)
    assert response.status_code == 401 and "items" not in response.json()


def test_another_users_token_never_gets_a_kept_answer(alice: User, bob: User, world: World) -> None:
    from coffeechat.accounts.models import ApiToken

    alices, bobs = (_api(ApiToken.issue(user, "script")[1]) for user in (alice, bob))
    for url in ("/api/v1/people/?limit=20", f"/api/v1/people/{world.person.pk}"):
        for _ in range(2):
            assert alices.get(url).status_code == 200
    assert bobs.get("/api/v1/people/?limit=20").json() == {"count": 0, "items": []}
    assert bobs.get(f"/api/v1/people/{world.person.pk}").status_code == 404
