"""The user's people as vCard 3.0, for a phone or any address book.

The same selection works on the web (Network → Download vCards, for the current filter or
the people ticked) and on the command line (`coffeechat export vcard FILE --tag T`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import vobject
from django.db.models import Exists, OuterRef

from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Organization, Person, PersonQuerySet, Source
from coffeechat.network.normalize import normalize_organization_name

# UIDs stay the same from one export to the next, so that an address book updates a card
# instead of adding a second copy of the person.
UID_NAMESPACE = uuid.UUID("9b8f6d5e-3c1a-4f7b-8a2e-6d4c2b1a0f9e")


def select_people(
    user: Any,
    *,
    query: str = "",
    source: str = "",
    exploration: int | None = None,
    stage: str = "",
    organization: Organization | None = None,
    tag: str = "",
    ids: Iterable[int] = (),
) -> PersonQuerySet:
    """The user's people that match every filter given; all of them when none is."""
    people: PersonQuerySet = Person.objects.for_user(user)
    if query.strip():
        people = people.search(query)
    if source in Source.values:
        people = people.filter(source=source)
    if exploration is not None:
        in_exploration = Interview.objects.filter(person=OuterRef("pk"), exploration_id=exploration)
        people = people.filter(Exists(in_exploration))
    if stage in Stage.values:
        people = people.filter(Exists(Interview.objects.filter(person=OuterRef("pk"), stage=stage)))
    if organization is not None:
        people = people.filter(organization=organization)
    if tag.strip():
        people = _tagged(people, tag.strip())
    wanted = list(ids)
    if wanted:
        people = people.filter(pk__in=wanted)
    return people.select_related("organization").order_by("last_name", "first_name", "id")


def _tagged(people: PersonQuerySet, tag: str) -> PersonQuerySet:
    """People with exactly this tag (any case), not merely a tag that contains its letters."""
    wanted = tag.casefold()
    candidates = people.filter(tags__icontains=tag).values_list("pk", "tags")
    ids = [
        pk
        for pk, tags in candidates
        if wanted in (part.strip().casefold() for part in tags.split(","))
    ]
    return people.filter(pk__in=ids)


def organization_named(user: Any, name: str) -> Organization | None:
    """The user's organization known by this name or one of its aliases."""
    key = normalize_organization_name(name)
    organizations = Organization.objects.for_user(user)
    found = organizations.filter(normalized_name=key).first()
    if found is None:
        found = next((o for o in organizations.exclude(aliases="") if key in o.alias_keys()), None)
    return found


def card_for(person: Person) -> vobject.base.Component:
    """One person as a vCard 3.0 component."""
    card = vobject.vCard()
    card.add("uid").value = f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'{person.user_id}:{person.pk}')}"
    card.add("n").value = vobject.vcard.Name(family=person.last_name, given=person.first_name)
    card.add("fn").value = person.name
    if person.organization_id and person.organization:
        card.add("org").value = [person.organization.name]
    if person.position:
        card.add("title").value = person.position
    if person.email:
        email = card.add("email")
        email.value = person.email
        email.type_param = "INTERNET"
    if person.phone:
        phone = card.add("tel")
        phone.value = person.phone
        phone.type_param = "VOICE"
    if person.linkedin_url:
        card.add("url").value = person.linkedin_url
        profile = card.add("x-socialprofile")
        profile.value = person.linkedin_url
        profile.type_param = "linkedin"
    if person.location:
        address = card.add("adr")
        address.value = vobject.vcard.Address(city=person.location)
    if person.research_notes:
        card.add("note").value = person.research_notes
    if person.tag_list:
        card.add("categories").value = person.tag_list
    card.add("rev").value = person.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return card


def export_vcards(people: Iterable[Person]) -> tuple[bytes, int]:
    """The people as one vCard 3.0 file, and how many cards it holds."""
    cards = [card_for(person).serialize() for person in people]
    return "".join(cards).encode(), len(cards)
