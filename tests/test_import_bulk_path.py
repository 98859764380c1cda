"""The import's bulk path writes what the slow, one-row-at-a-time paths would have written.

A big import builds its people's rows and search entries itself (no model instances, no
signals), folds plain names without a regular expression and reads LinkedIn's cells without
a call per cell. These tests hold each shortcut to the general code it stands in for.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.imports import importer
from coffeechat.imports.formats import linkedin
from coffeechat.imports.formats.csvtext import cell
from coffeechat.imports.importer import read_rows, run_import
from coffeechat.imports.rows import Contact
from coffeechat.network import matching, search
from coffeechat.network.models import Person, SearchEntry, SearchKind

# Letters with accents, other scripts, honorifics, punctuation, the middle dot and spaces.
TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 .,-·'\n\tÉéñßİ\u0131Łø中\u0627\u0301_"))
    | st.characters(),
    max_size=30,
)
NAMES = st.sampled_from(["", "Jane", "DR", "Dr. Jane", "José", "O'Neil", "A1", "mr", "Ng"]) | TEXT
# A text about as long as a search entry's body may be. Built by repeating a short text:
# Hypothesis can't draw a text of 20,000 characters (st.text(min_size=...) that long never
# gives a value), so such a branch only ever ran out of room, and the tests failed with
# HealthCheck.data_too_large whenever it did so early too often.
LONG = st.builds(
    lambda part, extra: (part * (search.BODY_LIMIT + 5))[: search.BODY_LIMIT + extra],
    st.text(min_size=1, max_size=10),
    st.integers(-5, 5),
)


@pytest.mark.backend_independent
@settings(max_examples=300, deadline=None)
@given(
    first=TEXT,
    last=TEXT,
    position=TEXT,
    organization=TEXT,
    email=TEXT,
    location=TEXT,
    tags=TEXT,
    notes=TEXT | LONG,
)
def test_a_persons_entry_from_the_import_is_the_entry_search_builds(
    first: str,
    last: str,
    position: str,
    organization: str,
    email: str,
    location: str,
    tags: str,
    notes: str,
) -> None:
    row: dict[str, Any] = {
        "id": 7,
        "user_id": 3,
        "first_name": first,
        "last_name": last,
        "position": position,
        "organization__name": organization,
        "email": email,
        "location": location,
        "tags": tags,
        "research_notes": notes,
    }
    values = search.SOURCES[SearchKind.PERSON][2](row).values()
    built = search.person_entry(first, last, position, organization, email, location, tags, notes)
    assert built == (values["title"], values["body"], values["title_key"], values["body_key"])


@pytest.mark.backend_independent
@settings(max_examples=300, deadline=None)
@given(first=NAMES, last=NAMES)
def test_plain_names_fold_as_the_general_path_folds_them(first: str, last: str) -> None:
    for text in (first, last):
        words = matching.WORD.findall(matching.search_key(text))
        kept = [word for word in words if word not in matching.HONORIFICS]
        assert matching._split_name(text) == (words, kept)


@pytest.mark.backend_independent
@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(
        st.lists(st.text(alphabet=' \tab,"é-', max_size=8), min_size=0, max_size=9),
        min_size=1,
        max_size=6,
    )
)
def test_connections_read_each_cell_as_the_shared_cell_helper_does(
    cells: list[list[str]],
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position"])
    writer.writerows(cells)
    rows = linkedin.read_connections(out.getvalue().encode(), name="c.csv")
    contacts = {row.row: row for row in rows if isinstance(row, Contact)}
    for number, record in enumerate(cells, start=2):
        if number not in contacts:
            continue
        contact = contacts[number]
        first = linkedin.clean_first_name(cell(record, 0))
        last = linkedin.clean_last_name(cell(record, 1))
        assert (contact.first_name, contact.last_name) in {(first, last), (last, "")}
        assert contact.email == "" or contact.email == cell(record, 3)
        assert contact.organization == linkedin.clean_company(cell(record, 4))
        assert contact.position == linkedin.clean_company(cell(record, 5))


CONNECTIONS = (
    'Notes:\n"When exporting your connection data, you may notice..."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    'Dr. José,García-López, PhD,https://www.linkedin.com/in/jose,,"Acme, Inc.",'
    "Staff Engineer · Data,09 Oct 2024\n"
    "Zoë,Ng,https://www.linkedin.com/in/zoe,zoe@example.org,The Acme Company,Designer,"
    "10 Oct 2024\n"
    "Ana,Lee,https://www.linkedin.com/in/ana,,,,11 Oct 2024\n"
    "Jon,Smith,https://www.linkedin.com/in/jon,,Fabrikam,,12 Oct 2024\n"
)


def test_an_imports_search_entries_are_the_ones_search_would_build(alice: User) -> None:
    report = run_import(
        alice, read_rows("linkedin", CONNECTIONS.encode(), name="c.csv"), apply=True
    )
    assert report.created == 4
    # Nothing for a full rebuild to change: every entry is as search would build it.
    assert search.rebuild(alice) == 0
    assert SearchEntry.objects.filter(user=alice, kind=SearchKind.PERSON).count() == 4
    found = search.search(alice, "garcia acme")
    assert [str(hit.title) for hit in found.groups[0].hits] == ["José <mark>García</mark>-López"]


def test_people_written_a_few_at_a_time_arrive_in_file_order_with_their_entries(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch of new people is built in a second thread while the one before is
    written: with batches of one, every person still gets the next id and their entry."""
    monkeypatch.setattr(importer, "WRITE_BATCH", 1)
    report = run_import(
        alice, read_rows("linkedin", CONNECTIONS.encode(), name="c.csv"), apply=True
    )
    assert report.created == 4
    names = list(
        Person.objects.filter(user=alice).order_by("pk").values_list("last_name", flat=True)
    )
    assert names == ["García-López", "Ng", "Lee", "Smith"]
    assert search.rebuild(alice) == 0  # every entry is there, as search would build it


def test_an_import_writes_the_same_whether_or_not_queries_are_logged(
    alice: User, bob: User
) -> None:
    rows = read_rows("linkedin", CONNECTIONS.encode(), name="c.csv")
    run_import(alice, rows, apply=True)
    with CaptureQueriesContext(connection) as logged:
        run_import(bob, rows, apply=True)
    assert any("INSERT" in query["sql"] for query in logged.captured_queries)

    def network(user: User) -> list[tuple[Any, ...]]:
        return sorted(
            Person.objects.filter(user=user).values_list(
                "first_name", "last_name", "position", "email", "organization__name", "search_text"
            )
        )

    assert network(alice) == network(bob)
    assert search.rebuild(bob) == 0


# ---- the search entries of rows inserted in bulk, built a column at a time --------------

# A few names and parts, drawn again and again: the batch builders fold a repeated part
# once, and a repeat must come out as the first did.
PARTS = st.sampled_from(["", "Acme", "Ana", "José", "García-López", "Staff · Data"]) | TEXT
MESSAGE_KINDS = st.sampled_from(["request", "thank-you", "follow-up", "intro"])


def _column_value(column: str) -> st.SearchStrategy[Any]:
    if column in ("person_id", "interview_id"):
        return st.integers(1, 3)
    if column == "kind":
        return MESSAGE_KINDS
    if column in ("exploration__name", "organization__name"):
        return st.none() | PARTS
    if column in ("text", "body", "notes", "research_notes"):
        return PARTS | LONG
    return PARTS


@st.composite
def _rows_of_a_kind(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    kind = draw(st.sampled_from(list(search.SOURCES)))
    columns = search.SOURCES[kind][1]
    count = draw(st.integers(1, 6))
    rows = [
        {"id": 10 + n, "user_id": 3, **{c: draw(_column_value(c)) for c in columns}}
        for n in range(count)
    ]
    return kind, rows


@pytest.mark.backend_independent
@settings(max_examples=300, deadline=None)
@given(drawn=_rows_of_a_kind())
def test_entries_built_a_column_at_a_time_are_the_entries_search_builds(
    drawn: tuple[str, list[dict[str, Any]]],
) -> None:
    kind, rows = drawn
    build = search.SOURCES[kind][2]
    expected = [(kind, row["id"], *build(row).values().values()) for row in rows]
    columns = {column: [row[column] for row in rows] for column in search.SOURCES[kind][1]}
    built = search.entry_rows(kind, [row["id"] for row in rows], 3, columns)
    assert built == expected


@pytest.mark.backend_independent
@settings(max_examples=200, deadline=None)
@given(people=st.lists(st.tuples(*[PARTS] * 7, PARTS | LONG), min_size=1, max_size=8))
def test_a_batch_of_person_entries_is_each_persons_entry(
    people: list[tuple[str, str, str, str, str, str, str, str]],
) -> None:
    assert search.person_entries(people) == [search.person_entry(*person) for person in people]
    for person, built in zip(people, search.person_entries(people), strict=True):
        names = ("first_name", "last_name", "position", "organization__name", "email")
        row = dict(zip((*names, "location", "tags", "research_notes"), person, strict=True))
        values = search.SOURCES[SearchKind.PERSON][2]({"id": 1, "user_id": 1, **row}).values()
        assert built == (values["title"], values["body"], values["title_key"], values["body_key"])
