"""vCard 3.0 export: a real address book (khard) reads it, and our own reader gets it back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from coffeechat.imports.formats import vcard
from coffeechat.imports.rows import Contact
from coffeechat.network.models import Organization, Person
from coffeechat.network.vcards import export_vcards, select_people
from tests.conftest import World

KHARD = Path(sys.executable).parent / "khard"


@pytest.fixture
def people(alice: User) -> list[Person]:
    northwind = Organization.objects.create(user=alice, name="Northwind, Inc.")
    contoso = Organization.objects.create(user=alice, name="Contoso Ltd", aliases="Contoso")
    return [
        Person.objects.create(
            user=alice,
            first_name="Grace",
            last_name="Hopper",
            position="UX Researcher",
            organization=northwind,
            email="grace@northwind.example",
            phone="+1 617 555 0100",
            linkedin_url="https://www.linkedin.com/in/grace-hopper",
            location="Boston, MA",
            research_notes="Ran the diary study; ask about; semicolons, commas\nand lines.",
            tags="ux, mentor",
        ),
        Person.objects.create(
            user=alice,
            first_name="José",
            last_name="García",
            position="Director, Product",
            organization=contoso,
            email="jose@contoso.example",
            tags="uxr",
        ),
        Person.objects.create(user=alice, first_name="Mo", phone="555-0303"),
    ]


def _as_contact(person: Person) -> tuple[object, ...]:
    return (
        person.first_name,
        person.last_name,
        (person.email,) if person.email else (),
        (person.phone,) if person.phone else (),
        person.position,
        person.organization.name if person.organization else "",
        person.linkedin_url,
        person.location,
        person.research_notes,
    )


def test_export_reads_back_as_the_same_contacts(people: list[Person]) -> None:
    data, count = export_vcards(select_people(people[0].user))
    assert count == 3
    back = [row for row in vcard.read(data, name="export.vcf")]
    assert all(isinstance(row, Contact) for row in back)
    assert [
        (
            *(c.first_name, c.last_name, c.emails, c.phones, c.position),
            *(c.organization, c.linkedin_url, c.location, c.notes),
        )
        for c in back
        if isinstance(c, Contact)
    ] == [_as_contact(person) for person in sorted(people, key=lambda p: p.last_name)]


def test_the_same_person_keeps_the_same_card_id_across_exports(people: list[Person]) -> None:
    first, _ = export_vcards([people[0]])
    second, _ = export_vcards([people[0]])
    uid = [line for line in first.decode().splitlines() if line.startswith("UID:")]
    assert uid and uid[0] in second.decode()


@pytest.mark.backend_independent
def test_khard_lists_and_shows_the_exported_people(people: list[Person], tmp_path: Path) -> None:
    data, _ = export_vcards(select_people(people[0].user))
    book = tmp_path / "book"
    book.mkdir()
    # A vdir holds one card per file, as khard and vdirsyncer expect.
    for number, card in enumerate(data.decode().split("END:VCARD\r\n")[:-1]):
        (book / f"{number}.vcf").write_text(card + "END:VCARD\r\n", encoding="utf-8")
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[coffeechat]]\npath = {book}\n")

    def khard(*args: str) -> str:
        done = subprocess.run(
            [str(KHARD), "-c", str(config), *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "unparsable" not in done.stderr.lower(), done.stderr
        return done.stdout

    listed = khard("list", "--parsable")
    assert sorted(line.split("\t")[1] for line in listed.splitlines()) == [
        "Grace Hopper",
        "José García",
        "Mo",
    ]
    emails = khard("email", "--parsable")
    assert "grace@northwind.example\tGrace Hopper" in emails
    assert "jose@contoso.example\tJosé García" in emails
    assert "555-0303\tMo" in khard("phone", "--parsable")
    grace = yaml.safe_load(khard("show", "--format", "yaml", "Grace Hopper"))
    assert grace["First name"] == "Grace" and grace["Last name"] == "Hopper"
    assert grace["Organisation"] == "Northwind, Inc."
    assert grace["Title"] == "UX Researcher"
    assert list(grace["Email"].values()) == ["grace@northwind.example"]
    assert list(grace["Phone"].values()) == ["+1 617 555 0100"]
    assert grace["Categories"] == ["ux", "mentor"]
    assert grace["Webpage"] == "https://www.linkedin.com/in/grace-hopper"
    assert grace["Note"].startswith("Ran the diary study; ask about; semicolons, commas")
    jose = yaml.safe_load(khard("show", "--format", "yaml", "García"))
    assert (jose["Organisation"], jose["Title"]) == ("Contoso Ltd", "Director, Product")


def test_select_people_by_exact_tag_and_organization(people: list[Person]) -> None:
    alice = people[0].user
    assert [p.first_name for p in select_people(alice, tag="UX")] == ["Grace"]  # not "uxr"
    contoso = people[1].organization
    assert [p.first_name for p in select_people(alice, organization=contoso)] == ["José"]


def test_cli_exports_a_tag_or_an_organization_by_name_or_alias(
    people: list[Person], tmp_path: Path
) -> None:
    out = tmp_path / "mentors.vcf"
    call_command("export", "vcard", str(out), "--user", "alice", "--tag", "mentor")
    assert [r.name for r in vcard.read(out.read_bytes(), name="x")] == ["Grace Hopper"]  # type: ignore[union-attr]
    call_command("export", "vcard", str(out), "--user", "alice", "--organization", "contoso")
    assert [r.name for r in vcard.read(out.read_bytes(), name="x")] == ["José García"]  # type: ignore[union-attr]
    with pytest.raises(CommandError, match="--organization: you have no organization"):
        call_command("export", "vcard", str(out), "--user", "alice", "--organization", "Globex")


def test_download_gives_the_filtered_people(people: list[Person], alice_client: Client) -> None:
    response = alice_client.get("/network/vcards/?q=garcia")
    assert response["Content-Type"].startswith("text/vcard")
    assert "attachment" in response["Content-Disposition"]
    assert [r.name for r in vcard.read(response.content, name="x")] == ["José García"]  # type: ignore[union-attr]
    ticked = f"/network/vcards/?person={people[0].pk}&person={people[2].pk}"
    names = [r.name for r in vcard.read(alice_client.get(ticked).content, name="x")]  # type: ignore[union-attr]
    assert names == ["Mo", "Grace Hopper"]  # by last name


def test_the_network_list_links_to_its_download(people: list[Person], alice_client: Client) -> None:
    page = alice_client.get("/network/?source=existing").content.decode()
    assert 'href="/network/vcards/?source=existing"' in page


def test_bob_downloads_none_of_alices_people(
    world: World, people: list[Person], bob_client: Client
) -> None:
    assert bob_client.get("/network/vcards/").content == b""
    assert bob_client.get(f"/network/vcards/?person={people[0].pk}").content == b""
    organization = f"/network/vcards/?organization={world.organization.pk}"
    assert bob_client.get(organization).status_code == 404
