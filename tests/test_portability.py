"""Export → import → export gives the same bytes; broken and newer files are refused whole."""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat import portability
from coffeechat.growth.models import Event, JobPosting
from coffeechat.interviews.models import Interview, Stage, Takeaway
from coffeechat.network import search
from coffeechat.network.models import Note, Organization, Person, SearchEntry
from coffeechat.outreach.models import Message
from coffeechat.web.demo import load_demo
from tests.conftest import World

pytestmark = pytest.mark.django_db


def new_user(name: str) -> User:
    return User.objects.create_user(name, password="x")


def round_trip(user: User, target: str) -> tuple[str, str, User]:
    first = portability.dumps(portability.export_user(user))
    other = new_user(target)
    portability.import_user(other, portability.loads(first))
    second = portability.dumps(portability.export_user(other))
    return first, second, other


def test_the_demo_data_survives_export_import_export_byte_for_byte(alice: User) -> None:
    load_demo(alice)
    first, second, other = round_trip(alice, "carol")
    assert first == second
    data = json.loads(first)
    assert len(data["tables"]["network.person"]) == Person.objects.filter(user=alice).count()
    # The copy is the user's own and searchable: derived columns were made anew.
    copy = Person.objects.filter(user=other).exclude(search_text="")
    assert copy.count() == Person.objects.filter(user=other).count() > 0


def test_every_link_and_field_arrives(world: World, alice: User) -> None:
    referred = Person.objects.create(
        user=alice, first_name="Ada", last_name="Lovelace", referred_by=world.person
    )
    posting = JobPosting.objects.create(user=alice, title="Research lead", url="https://x.test/1")
    posting.people.add(world.person, referred)
    _, _, carol = round_trip(alice, "carol")

    ada = Person.objects.get(user=carol, first_name="Ada")
    assert ada.referred_by is not None and ada.referred_by.user_id == carol.pk
    assert ada.referred_by.first_name == world.person.first_name
    copied = JobPosting.objects.get(user=carol, title="Research lead")
    assert sorted(p.first_name for p in copied.people.all()) == sorted(
        [world.person.first_name, "Ada"]
    )
    interview = Interview.objects.get(user=carol, notes=world.interview.notes)
    assert interview.person.user_id == carol.pk
    assert interview.created_at == world.interview.created_at
    original = Interview.objects.get(pk=world.interview.pk)
    assert interview.updated_at == original.updated_at
    assert interview.stage == original.stage


def test_an_account_with_data_is_refused_and_left_alone(world: World, alice: User) -> None:
    data = portability.export_user(alice)
    before = Person.objects.filter(user=alice).count()
    with pytest.raises(portability.ExportFormatError, match="already has data"):
        portability.import_user(alice, data)
    assert Person.objects.filter(user=alice).count() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=portability.VERSION + 1), "newer Coffeechat"),
        (lambda d: d.update(format="something-else"), "not a Coffeechat export"),
        (lambda d: d.pop("tables"), 'no "tables"'),
        (lambda d: d["tables"].update({"network.unicorn": []}), "unknown table"),
        (
            lambda d: d["tables"]["network.person"][0].update(first_name=None),
            "network.person person-1, field first_name: may not be empty",
        ),
        (
            lambda d: d["tables"]["interviews.interview"][0].update(stage="dancing"),
            "field stage: 'dancing' is not one of its choices",
        ),
        (
            lambda d: d["tables"]["interviews.interview"][0].update(person="person-999"),
            "field person: links to 'person-999'",
        ),
        (
            lambda d: d["tables"]["network.person"][0].update(created_at="yesterday"),
            "field created_at",
        ),
        (
            lambda d: d["tables"]["network.person"][0].update(created_at="2026-03-02T09:15:00"),
            "person-1, field created_at: a date-time needs its time zone",
        ),
        (
            lambda d: d["tables"]["network.person"][0].update(first_name="x" * 101),
            "field first_name: longer than 100 characters",
        ),
        (
            lambda d: d["tables"]["network.person"][0].update(last_name=7),
            "field last_name: not text",
        ),
        (
            lambda d: d["tables"]["network.person"][0].update(keep_in_touch_days=-3),
            "field keep_in_touch_days: may not be negative",
        ),
        (
            lambda d: d["tables"]["network.person"][0].update(keep_in_touch_days="soon"),
            "field keep_in_touch_days",
        ),
        (
            lambda d: d["tables"]["interviews.interview"][0].update(person=12),
            "interview-1, field person: links to 12, which is not a row's id",
        ),
        (
            lambda d: d["tables"]["interviews.interview"][0].update(person="organization-1"),
            "field person: links to 'organization-1', which is not a network.person",
        ),
        (
            lambda d: d["tables"]["interviews.interview"][0].pop("person"),
            "interview-1, field person: may not be empty",
        ),
        (
            lambda d: d["tables"]["network.person"].append(dict(d["tables"]["network.person"][0])),
            "network.person person-1: this id appears twice",
        ),
        (
            lambda d: d["tables"]["network.person"][0].update(referred_by="person-404"),
            "links to 'person-404', which is not a network.person in the file",
        ),
        (
            lambda d: d["tables"]["network.person"].append("person-2"),
            'network.person row 2 has no "id"',
        ),
        (
            lambda d: d["tables"].update(
                {"growth.event": [{"id": "event-1", "name": "Meetup", "people": ["person-1"]}]}
            ),
            "growth.event event-1, field date: missing",
        ),
        (
            lambda d: d["tables"].update(
                {
                    "growth.event": [
                        {"id": "event-1", "name": "M", "date": "2026-05-01", "people": "all"}
                    ]
                }
            ),
            "event-1, field people: not a list of ids",
        ),
        (
            lambda d: d["tables"].update(
                {
                    "growth.event": [
                        {"id": "event-1", "name": "M", "date": "2026-05-01", "people": ["p-9"]}
                    ]
                }
            ),
            "event-1, field people: links to 'p-9', which is not a network.person in the file",
        ),
    ],
)
def test_a_broken_or_newer_file_is_refused_with_the_place_at_fault(
    world: World, alice: User, change: Any, message: str
) -> None:
    data = portability.export_user(alice)
    change(data)
    carol = new_user("carol")
    with pytest.raises(portability.ExportFormatError, match=message):
        portability.import_user(carol, portability.loads(json.dumps(data)))
    assert not portability.user_has_data(carol)


def test_not_json_is_refused_naming_the_file() -> None:
    with pytest.raises(portability.ExportFormatError, match=r"mine\.json: not a Coffeechat export"):
        portability.loads("{oops", name="mine.json")


def test_no_other_users_rows_are_exported(world: World, alice: User, bob: User) -> None:
    Person.objects.create(user=bob, first_name="Secret")
    text = portability.dumps(portability.export_user(alice))
    assert "Secret" not in text
    assert "calendarfeed" not in text  # a feed's address is a credential, not data


# ---- a random data set --------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
names = texts.filter(lambda s: s.strip() != "").map(lambda s: s[:100])
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1), timezones=st.just(dt.UTC)
)


@st.composite
def data_sets(draw: st.DrawFn) -> dict[str, Any]:
    people = draw(st.lists(st.tuples(names, texts, moments), min_size=1, max_size=6))
    return {
        "organizations": draw(st.lists(names, max_size=3, unique_by=str.casefold)),
        "people": people,
        "referrals": draw(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=4)),
        "interviews": draw(
            st.lists(st.tuples(st.integers(0, 5), st.sampled_from(list(Stage)), texts), max_size=4)
        ),
        "notes": draw(st.lists(st.tuples(st.integers(0, 5), texts), max_size=4)),
        "events": draw(
            st.lists(st.tuples(names, st.dates(), st.sets(st.integers(0, 5))), max_size=2)
        ),
    }


def build(user: User, spec: dict[str, Any]) -> None:
    organizations = [Organization.objects.create(user=user, name=n) for n in spec["organizations"]]
    people = []
    for index, (first, last, moment) in enumerate(spec["people"]):
        person = Person.objects.create(
            user=user,
            first_name=first,
            last_name=last[:100],
            organization=organizations[index % len(organizations)] if organizations else None,
        )
        Person.objects.filter(pk=person.pk).update(created_at=moment)
        people.append(person)
    for a, b in spec["referrals"]:
        if a < len(people) and b < len(people):
            Person.objects.filter(pk=people[a].pk).update(referred_by=people[b])
    for index, stage, notes in spec["interviews"]:
        person = people[index % len(people)]
        interview = Interview.objects.create(user=user, person=person, notes=notes)
        Interview.objects.filter(pk=interview.pk).update(stage=stage)
        Takeaway.objects.create(user=user, interview=interview, text=notes or "x")
        Message.objects.create(user=user, person=person, interview=interview, body=notes)
    for index, text in spec["notes"]:
        Note.objects.create(user=user, person=people[index % len(people)], text=text or "x")
    for name, day, met in spec["events"]:
        event = Event.objects.create(user=user, name=name, date=day)
        event.people.set([people[i] for i in met if i < len(people)])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=data_sets())
def test_any_data_set_survives_the_round_trip_byte_for_byte(spec: dict[str, Any]) -> None:
    User.objects.filter(username__in=["source", "target"]).delete()
    source = new_user("source")
    build(source, spec)
    first, second, _ = round_trip(source, "target")
    assert first == second


def test_settings_offers_the_whole_export_as_a_download(
    world: World, alice: User, client: Any
) -> None:
    client.force_login(alice)
    assert "Download everything (JSON)" in client.get("/settings/").content.decode()
    response = client.get("/settings/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="coffeechat-')
    data = portability.loads(response.content.decode())
    assert [p["first_name"] for p in data["tables"]["network.person"]] == [world.person.first_name]


def test_the_download_holds_only_the_signed_in_users_data(
    world: World, bob: User, client: Any
) -> None:
    client.force_login(bob)
    data = portability.loads(client.get("/settings/export.json").content.decode())
    assert all(rows == [] for rows in data["tables"].values())


def _upload(client: Any, content: bytes, name: str = "coffeechat-2026-11-26.json") -> Any:
    return client.post("/settings/import/", {"file": SimpleUploadedFile(name, content)})


def test_settings_loads_an_export_into_an_empty_account_and_only_that_one(
    alice: User, bob: User, client: Any
) -> None:
    load_demo(alice)
    exported = portability.dumps(portability.export_user(alice))
    alices_people = Person.objects.filter(user=alice).count()
    client.force_login(bob)
    assert "Bring your data here" in client.get("/settings/").content.decode()
    response = _upload(client, exported.encode())
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Imported coffeechat-2026-11-26.json" in client.get("/").content.decode()
    assert Person.objects.filter(user=bob).count() == alices_people > 0
    assert Person.objects.filter(user=alice).count() == alices_people
    assert portability.dumps(portability.export_user(bob)) == exported


def test_settings_refuses_an_export_into_an_account_with_data_and_keeps_it(
    world: World, alice: User, client: Any
) -> None:
    client.force_login(alice)
    before = portability.export_user(alice)
    response = _upload(client, portability.dumps(before).encode(), name="mine.json")
    assert response.status_code == 400
    assert "mine.json: this account already has data" in response.content.decode()
    assert portability.export_user(alice)["tables"] == before["tables"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name,email\nAda,ada@example.org\n", "x.json: not a Coffeechat export (not JSON"),
        (b"\xff\xfe\x00binary", "x.json: not a Coffeechat export (not UTF-8 text)."),
        (b'{"format": "coffeechat-export", "version": 99, "tables": {}}', "made by a newer"),
    ],
)
def test_settings_names_what_is_wrong_with_a_file_that_is_no_export(
    bob: User, client: Any, content: bytes, expected: str
) -> None:
    client.force_login(bob)
    response = _upload(client, content, name="x.json")
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not portability.user_has_data(bob)


def test_settings_refuses_an_export_over_the_size_limit(
    bob: User, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat.accounts import views

    monkeypatch.setattr(views, "MAX_EXPORT_UPLOAD_BYTES", 10)
    client.force_login(bob)
    response = _upload(client, b'{"format": "coffeechat-export"}', name="big.json")
    assert response.status_code == 400
    assert "big.json: the file is larger than 10\xa0bytes." in response.content.decode()
    assert client.get("/settings/import/").status_code == 405
    assert client.post("/settings/import/").status_code == 400  # no file chosen


def test_the_commands_move_everything_to_an_empty_account(
    world: World, alice: User, tmp_path: Any
) -> None:
    from django.core.management import call_command

    first, second = tmp_path / "alice.json", tmp_path / "carol.json"
    call_command("export", "json", str(first), "--user", "alice")
    carol = new_user("carol")
    call_command("import", "json", str(first), "--user", "carol")
    call_command("export", "json", str(second), "--user", "carol")
    assert first.read_bytes() == second.read_bytes()
    assert Person.objects.filter(user=carol).count() == 1


def test_the_import_command_refuses_a_newer_file_and_names_it(alice: User, tmp_path: Any) -> None:
    from django.core.management import CommandError, call_command

    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": portability.FORMAT, "version": 99, "tables": {}}))
    with pytest.raises(CommandError, match=r"newer\.json: made by a newer Coffeechat"):
        call_command("import", "json", str(newer), "--user", "alice")


# ---- what the import makes besides the rows -------------------------------------------


def entries_of(user: User) -> list[tuple[str, str, str, str, str]]:
    return sorted(
        SearchEntry.objects.filter(user=user).values_list(
            "kind", "title", "body", "title_key", "body_key"
        )
    )


def test_the_copy_is_searchable_exactly_like_the_original(alice: User) -> None:
    load_demo(alice)
    search.rebuild(alice)
    _, _, carol = round_trip(alice, "carol")
    assert entries_of(carol) == entries_of(alice) != []
    # Each entry points at the copy's own rows and people, never at the original's.
    for kind, object_id, person_id in SearchEntry.objects.filter(user=carol).values_list(
        "kind", "object_id", "person_id"
    ):
        model: Any = apps.get_model(search.SOURCES[kind][0])
        assert model.objects.filter(pk=object_id, user=carol).exists()
        assert person_id is None or Person.objects.filter(pk=person_id, user=carol).exists()
    for person in Person.objects.filter(user=carol).select_related("organization"):
        assert person.search_text == person.compute_search_text()
    note = Note.objects.filter(user=carol).first()
    assert note is not None
    found = search.search(carol, note.text.split()[0], kind="note")
    assert found.groups and found.groups[0].total >= 1


def hand_made(tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {"format": portability.FORMAT, "version": 1, "tables": tables}


def test_a_hand_made_file_gets_defaults_and_is_stamped_now(alice: User) -> None:
    before = dt.datetime.now(dt.UTC)
    counts = portability.import_user(
        alice,
        hand_made(
            {
                "network.person": [
                    {"id": "p1", "first_name": "Ada", "referred_by": "p2"},
                    {"id": "p2", "first_name": "Grace", "created_at": "2025-01-02T03:04:05+01:00"},
                ],
                "interviews.interview": [{"id": "i1", "person": "p1"}],
                "network.note": [{"id": "n1", "person": "p1", "interview": "i1", "text": "Hi"}],
            }
        ),
    )
    assert counts["network.person"] == 2 and counts["network.note"] == 1
    ada = Person.objects.get(user=alice, first_name="Ada")
    grace = Person.objects.get(user=alice, first_name="Grace")
    assert ada.referred_by == grace  # a link to a row further down the same table
    assert ada.source == Person._meta.get_field("source").default
    assert ada.created_at >= before and ada.updated_at == ada.created_at
    assert grace.created_at == dt.datetime(2025, 1, 2, 2, 4, 5, tzinfo=dt.UTC)
    assert grace.updated_at == grace.created_at
    interview = Interview.objects.get(user=alice)
    assert interview.person == ada and interview.stage == Stage.IDEA
    assert interview.stage_changed_at >= before
    assert Note.objects.get(user=alice).interview == interview
    assert ada.pk < grace.pk  # database ids follow the file's order


def test_a_refused_file_leaves_nothing_behind_even_from_earlier_tables(alice: User) -> None:
    with pytest.raises(portability.ExportFormatError, match="n1, field text: may not be empty"):
        portability.import_user(
            alice,
            hand_made(
                {
                    "network.person": [{"id": "p1", "first_name": "Ada"}],
                    "network.note": [{"id": "n1", "person": "p1", "text": None}],
                }
            ),
        )
    assert not portability.user_has_data(alice)
    assert not SearchEntry.objects.filter(user=alice).exists()


def test_a_large_network_goes_in_several_statements_and_keeps_its_order(alice: User) -> None:
    people = [
        {"id": f"person-{n}", "first_name": f"P{n}", "referred_by": f"person-{n % 7 + 1}"}
        for n in range(1, portability.INSERT_BATCH * 2 + 3)
    ]
    carol = new_user("carol")
    portability.import_user(alice, hand_made({"network.person": people}))
    first = portability.dumps(portability.export_user(alice))
    portability.import_user(carol, portability.loads(first))
    assert portability.dumps(portability.export_user(carol)) == first
    names = list(
        Person.objects.filter(user=alice).order_by("pk").values_list("first_name", flat=True)
    )
    assert names == [person["first_name"] for person in people]
    assert Person.objects.get(user=alice, first_name="P9").referred_by.first_name == "P3"


def test_moments_in_any_spelling_are_stored_as_the_same_moment(alice: User) -> None:
    spellings = {
        "p1": "2025-01-02T03:04:05+00:00",
        "p2": "2025-01-02T03:04:05.000000+00:00",
        "p3": "2025-01-02T03:04:05Z",
        "p4": "2025-01-02T05:04:05+02:00",
        "p5": "2025-01-02 03:04:05+00:00",
    }
    people = [
        {"id": local, "first_name": local, "created_at": at} for local, at in spellings.items()
    ]
    portability.import_user(alice, hand_made({"network.person": people}))
    made = dict(Person.objects.filter(user=alice).values_list("first_name", "created_at"))
    assert set(made.values()) == {dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)}
    exported = portability.export_user(alice)["tables"]["network.person"]
    assert {row["created_at"] for row in exported} == {"2025-01-02T03:04:05+00:00"}
    # Stored alike, so "the same moment" also sorts and filters alike.
    assert Person.objects.filter(user=alice, created_at=made["p1"]).count() == 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(first_name="x" * 101), "person-1500, field first_name: longer than 100"),
        (dict(created_at="2025-02-30T01:02:03+00:00"), "person-1500, field created_at"),
        (dict(organization="organization-9"), "person-1500, field organization: links to"),
        (dict(keep_in_touch_days=-1), "person-1500, field keep_in_touch_days: may not be"),
    ],
)
def test_one_bad_value_deep_in_a_long_table_is_named_with_its_row(
    alice: User, change: dict[str, Any], message: str
) -> None:
    people = [
        {"id": f"person-{n}", "first_name": f"P{n}", "created_at": "2025-01-02T03:04:05+00:00"}
        for n in range(1, 2001)
    ]
    people[1499].update(change)
    with pytest.raises(portability.ExportFormatError, match=message):
        portability.import_user(alice, hand_made({"network.person": people}))
    assert not portability.user_has_data(alice)


def test_a_value_the_database_cannot_hold_is_refused_naming_the_table(alice: User) -> None:
    people = [{"id": "p1", "first_name": "Ada", "keep_in_touch_days": 2**70}]
    with pytest.raises(portability.ExportFormatError, match=r"network\.person, rows 1 to 1"):
        portability.import_user(alice, hand_made({"network.person": people}))
    assert not portability.user_has_data(alice)


# ---- the import's whole-column shortcuts write what the general paths write -----------


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=data_sets())
def test_the_imports_search_entries_are_the_ones_a_rebuild_writes(spec: dict[str, Any]) -> None:
    User.objects.filter(username__in=["source", "target"]).delete()
    source = new_user("source")
    build(source, spec)
    _, _, target = round_trip(source, "target")
    written = entries_of(target)
    # The general path, row by row through the models, over the copy's own rows.
    assert search.rebuild(target) == 0
    assert entries_of(target) == written
    search.rebuild(source)
    assert written == entries_of(source)


@pytest.mark.backend_independent
def test_columns_are_read_whole_only_when_every_row_has_every_field() -> None:
    rows = [{"id": "a", "x": 1, "y": None, "z": "extra"}, {"id": "b", "x": 2, "y": "t"}]
    assert portability._given_columns(["x", "y"], rows) == [[1, 2], [None, "t"]]
    assert portability._given_columns(["x"], rows) == [[1, 2]]
    assert portability._given_columns(["x", "z"], rows) is None  # b has no z
    assert portability._given_columns([], rows) is None
    assert portability._given_columns(["x"], []) is None


def test_rows_that_leave_fields_out_store_what_rows_that_name_the_defaults_store(
    alice: User,
) -> None:
    full = {
        "first_name": "Ada",
        "last_name": "",
        "source": Person._meta.get_field("source").get_default(),
        "tags": "",
        "keep_in_touch_days": None,
        "created_at": "2025-01-02T03:04:05+00:00",
        "updated_at": "2025-01-02T03:04:05+00:00",
    }
    short = {"first_name": "Ada", "created_at": "2025-01-02T03:04:05+00:00"}
    carol = new_user("carol")
    # Alice's second row leaves fields out: every column of her table is read row by row.
    portability.import_user(
        alice, hand_made({"network.person": [{"id": "p1", **full}, {"id": "p2", **short}]})
    )
    portability.import_user(
        carol, hand_made({"network.person": [{"id": "p1", **full}, {"id": "p2", **full}]})
    )
    assert portability.dumps(portability.export_user(alice)) == portability.dumps(
        portability.export_user(carol)
    )


def test_search_entries_built_a_few_rows_at_a_time_are_the_same(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(alice)
    search.rebuild(alice)
    monkeypatch.setattr(portability, "_ENTRY_BATCH", 3)
    _, _, carol = round_trip(alice, "carol")
    assert entries_of(carol) == entries_of(alice) != []


@pytest.mark.backend_independent
def test_work_prepared_ahead_comes_back_in_order_from_a_second_thread() -> None:
    caller = threading.get_ident()
    done = list(portability.prepared_ahead(lambda n: (n * n, threading.get_ident()), range(7)))
    assert [square for square, _ in done] == [0, 1, 4, 9, 16, 25, 36]
    assert {thread for _, thread in done} != {caller}
    assert list(portability.prepared_ahead(lambda n: n, [])) == []


@pytest.mark.backend_independent
def test_a_failure_in_prepared_work_reaches_the_caller_after_the_items_before_it() -> None:
    def work(n: int) -> int:
        if n == 3:
            raise ValueError("row 3 is broken")
        return n

    got: list[int] = []
    with pytest.raises(ValueError, match="row 3 is broken"):
        for n in portability.prepared_ahead(work, range(6)):
            got.append(n)
    assert got == [0, 1, 2]


def test_the_import_builds_search_entries_beside_the_writes_and_stores_them_all(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(alice)
    search.rebuild(alice)
    builders: set[int] = set()
    build = search.entry_rows

    def entry_rows(*args: Any, **kwargs: Any) -> Any:
        builders.add(threading.get_ident())
        return build(*args, **kwargs)

    monkeypatch.setattr(search, "entry_rows", entry_rows)
    monkeypatch.setattr(portability, "_ENTRY_BATCH", 2)
    _, _, carol = round_trip(alice, "carol")
    assert builders and threading.get_ident() not in builders
    assert entries_of(carol) == entries_of(alice) != []


def test_the_import_tells_its_progress_table_by_table_up_to_every_row(alice: User) -> None:
    load_demo(alice)
    data = portability.loads(portability.dumps(portability.export_user(alice)), name="a.json")
    heard: list[tuple[int, int, str]] = []
    counts = portability.import_user(
        new_user("carol"), data, name="a.json", progress=lambda *said: heard.append(said)
    )
    total = sum(counts.values())
    assert heard[0][:2] == (0, total) and heard[0][2].startswith("Importing ")
    assert heard[-1] == (total, total, "Saving")
    done = [rows for rows, _, _ in heard]
    assert done == sorted(done) and len(set(done)) == len(done)  # forward, a table at a time
    assert {what for _, _, what in heard} >= {"Importing people", "Importing interviews"}


def test_the_export_tells_its_progress_reading_then_converting_each_table(alice: User) -> None:
    load_demo(alice)
    heard: list[tuple[int, int, str]] = []
    portability.export_user(alice, lambda *said: heard.append(said))
    steps = 2 * len(portability.exported_models())
    assert [done for done, _, _ in heard] == list(range(steps + 1))
    assert {total for _, total, _ in heard} == {steps}
    assert heard[0][2].startswith("Reading ") and heard[-2][2].startswith("Converting ")
    assert heard[-1][2] == "Converted"
