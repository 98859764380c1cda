from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from coffeechat.imports.rows import Contact
from coffeechat.network.matching import (
    Certainty,
    NetworkIndex,
    likely_duplicates,
    name_key,
    normalize_linkedin_url,
)
from coffeechat.network.models import Organization, Person


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/Jane-Doe/",
        "http://linkedin.com/in/jane-doe",
        "linkedin.com/in/jane-doe?trk=public_profile",
        "https://uk.linkedin.com/in/jane-doe/#about",
        "  https://www.linkedin.com/in/jane-doe/details/experience/ ",
    ],
)
def test_every_way_of_writing_one_profile_is_one_key(url: str) -> None:
    assert normalize_linkedin_url(url) == "linkedin.com/in/jane-doe"


@pytest.mark.backend_independent
def test_names_fold_accents_case_and_honorifics() -> None:
    assert name_key("Dr. José", "García-López") == name_key("jose", "garcia lopez")
    assert normalize_linkedin_url("") == ""


def _index() -> NetworkIndex:
    index = NetworkIndex()
    index.add_organization("google", ["Alphabet"])
    index.add(
        1,
        Contact(
            0,
            "Jane",
            "Doe",
            emails=("J.Doe@Example.com",),
            organization="Google",
            linkedin_url="linkedin.com/in/jane-doe",
        ),
    )
    index.add(2, Contact(0, "Jonathan", "Smith", organization="Google LLC"))
    index.add(3, Contact(0, "Maria", "Silva"))
    return index


@pytest.mark.backend_independent
def test_matches_go_from_profile_to_email_to_name() -> None:
    index = _index()
    by_url = index.match(Contact(1, "J", "D", linkedin_url="https://www.linkedin.com/in/JANE-DOE/"))
    assert by_url is not None and by_url.person_id == 1 and by_url.certainty is Certainty.CERTAIN
    assert by_url.reason == "same LinkedIn profile"
    by_email = index.match(Contact(1, "Someone", emails=("other@x.org", "j.doe@example.COM")))
    assert by_email is not None and by_email.person_id == 1 and "email" in by_email.reason
    by_alias = index.match(Contact(1, "Dr. Jane", "Doe", organization="Alphabet Inc."))
    assert by_alias is not None and by_alias.certain
    assert by_alias.reason == "same name at the same organization"


@pytest.mark.backend_independent
def test_close_names_at_one_organization_are_only_likely() -> None:
    index = _index()
    typo = index.match(Contact(1, "Jonathon", "Smith", organization="Google"))
    assert typo is not None and typo.person_id == 2 and typo.certainty is Certainty.LIKELY
    short = index.match(Contact(1, "Jon", "Smith", organization="Google"))
    assert short is not None and short.certainty is Certainty.LIKELY
    elsewhere = index.match(Contact(1, "Jane", "Doe", organization="Meta"))
    assert elsewhere is not None and elsewhere.certainty is Certainty.LIKELY
    assert elsewhere.reason == "same name, different organization"
    assert index.match(Contact(1, "Jane", "Roe", organization="Google")) is None
    assert index.match(Contact(1, "Jonathan", "Smith", organization="Meta")) is not None


@pytest.mark.backend_independent
def test_same_name_without_organizations_is_certain_so_reimports_find_them() -> None:
    found = _index().match(Contact(1, "maria", "SILVA"))
    assert found is not None and found.person_id == 3


def test_the_index_reads_the_users_people_and_organization_aliases(alice: User, bob: User) -> None:
    northwind = Organization.objects.create(
        user=alice, name="Northwind Health Inc.", aliases="NWH\nNorthwind"
    )
    Person.objects.create(
        user=alice,
        first_name="Grace",
        last_name="Hopper",
        organization=northwind,
        email="grace@nw.example",
    )
    Person.objects.create(
        user=bob, first_name="Bob", last_name="B", linkedin_url="https://linkedin.com/in/bob"
    )
    index = NetworkIndex.for_user(alice)
    assert len(index) == 1
    found = index.match(Contact(1, "Grace", "Hopper", organization="NWH"))
    assert found is not None and found.certain
    assert index.match(Contact(1, "X", linkedin_url="https://linkedin.com/in/bob")) is None


def test_likely_duplicates_lists_each_pair_once_surest_first(alice: User, bob: User) -> None:
    acme = Organization.objects.create(user=alice, name="Acme")
    a = Person.objects.create(user=alice, first_name="Ann", last_name="Lee", email="ann@x.org")
    b = Person.objects.create(user=alice, first_name="Annie", last_name="L", email="ANN@x.org")
    c = Person.objects.create(
        user=alice, first_name="Jonathan", last_name="Smith", organization=acme
    )
    d = Person.objects.create(
        user=alice, first_name="Jonathon", last_name="Smith", organization=acme
    )
    Person.objects.create(user=alice, first_name="Zed", last_name="Unique")
    Person.objects.create(user=bob, first_name="Ann", last_name="Lee", email="ann@x.org")
    pairs = likely_duplicates(alice)
    assert [(p.first_id, p.second_id) for p in pairs] == [(a.pk, b.pk), (c.pk, d.pk)]
    assert pairs[0].certainty is Certainty.CERTAIN and pairs[1].certainty is Certainty.LIKELY
