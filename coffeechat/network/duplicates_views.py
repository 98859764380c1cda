"""Network → Possible duplicates: merge two people who are one, or keep them apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.network.matching import likely_duplicates
from coffeechat.network.merge import (
    field_choices,
    keep_apart,
    kept_apart_pairs,
    merge_people,
    related_rows,
)
from coffeechat.network.models import Person
from coffeechat.owned import AuthedRequest, get_for_user

PAIRS_SHOWN = 100


@dataclass(frozen=True)
class Pair:
    """Two people who may be one, and why Coffeechat thinks so."""

    first: Person
    second: Person
    reason: str
    certain: bool

    @property
    def people(self) -> tuple[Person, Person]:
        return (self.first, self.second)


def possible_duplicates(user: Any, *, person: Person | None = None) -> list[Pair]:
    """The user's likely duplicate pairs, minus the ones they kept apart, surest first."""
    apart = kept_apart_pairs(user)
    found = [
        pair
        for pair in likely_duplicates(user)
        if (pair.first_id, pair.second_id) not in apart
        and (person is None or person.pk in (pair.first_id, pair.second_id))
    ]
    shown = found[:PAIRS_SHOWN]
    ids = {pk for pair in shown for pk in (pair.first_id, pair.second_id)}
    people = Person.objects.for_user(user).select_related("organization").in_bulk(list(ids))
    return [
        Pair(people[p.first_id], people[p.second_id], p.reason, p.certainty == "certain")
        for p in shown
        if p.first_id in people and p.second_id in people
    ]


def list_duplicates(request: AuthedRequest) -> HttpResponse:
    pairs = possible_duplicates(request.user)
    return render(
        request, "network/duplicates.html", {"pairs": pairs, "more": len(pairs) >= PAIRS_SHOWN}
    )


def _other_person(request: AuthedRequest, person: Person, value: str) -> Person:
    if not value.isdigit() or int(value) == person.pk:
        raise Http404("Pick someone else to merge with.")
    return get_for_user(Person, request.user, int(value), select_related=("organization",))


def merge_person(request: AuthedRequest, pk: int) -> HttpResponse:
    """Merge another person into this one, picking each field's value side by side."""
    person = get_for_user(Person, request.user, pk, select_related=("organization",))
    chosen = request.POST.get("with") or request.GET.get("with", "")
    if not chosen:
        return _choose_whom(request, person)
    other = _other_person(request, person, chosen)
    if request.method == "POST":
        merge_people(person, other, {key: request.POST[key] for key in request.POST})
        messages.success(
            request,
            f"Merged {other.name} into {person.name}: their interviews, messages and notes "
            "are all here now.",
        )
        return redirect(person)
    context = {
        "person": person,
        "other": other,
        "fields": field_choices(person, other),
        "counts": [
            (name.replace("_", " "), kept, related_rows(other)[name])
            for name, kept in related_rows(person).items()
        ],
    }
    return render(request, "network/merge.html", context)


def _choose_whom(request: AuthedRequest, person: Person) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    found = []
    if query:
        people = Person.objects.for_user(request.user).exclude(pk=person.pk)
        found = list(people.search(query).select_related("organization")[:20])
    context = {
        "person": person,
        "candidates": [
            (pair.second if pair.first.pk == person.pk else pair.first, pair.reason)
            for pair in possible_duplicates(request.user, person=person)
        ],
        "query": query,
        "found": found,
    }
    return render(request, "network/merge_choose.html", context)


@require_POST
def keep_people_apart(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_for_user(Person, request.user, pk)
    other = _other_person(request, person, request.POST.get("other", ""))
    keep_apart(request.user, person, other)
    messages.success(request, f"{person.name} and {other.name} stay two people.")
    return redirect("duplicates")
