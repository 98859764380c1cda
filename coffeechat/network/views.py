from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.growth.relationships import keep_in_touch_for
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.exploration_views import exploration_panels
from coffeechat.network.forms import ExplorationForm, NoteForm, OrganizationForm, PersonForm
from coffeechat.network.models import (
    SOURCE_LABELS,
    Exploration,
    Note,
    Organization,
    Person,
    PersonQuerySet,
    Source,
)
from coffeechat.network.timeline import timeline_for
from coffeechat.owned import AuthedRequest, get_for_user, object_url
from coffeechat.pagecache import kept_until_data_changes

PAGE_SIZE = 50


MATCH_CAP = 1000
# What a row of the network list shows, read as plain values: fifty people and their
# organizations as model instances cost more than the queries.
ROW_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "position",
    "source",
    "organization_id",
    "organization__name",
)
_URL_PLACEHOLDER = 987654321


@dataclass(frozen=True)
class PersonRow:
    """One person as a row of the network list shows them."""

    pk: int
    name: str
    position: str
    source_label: str
    url: str
    organization_name: str
    organization_url: str


def _person_rows(values: Iterable[tuple[Any, ...]]) -> list[PersonRow]:
    """Rows from ROW_FIELDS values, each link made from one reversed address per page."""
    person_url = object_url("person_detail", _URL_PLACEHOLDER)
    organization_url = object_url("organization_detail", _URL_PLACEHOLDER)
    placeholder = str(_URL_PLACEHOLDER)
    rows = []
    for pk, first_name, last_name, position, source, organization_id, organization in values:
        rows.append(
            PersonRow(
                pk=pk,
                name=f"{first_name} {last_name}".strip(),
                position=position,
                source_label=SOURCE_LABELS.get(source, source),
                url=person_url.replace(placeholder, str(pk), 1),
                organization_name=organization or "",
                organization_url=(
                    organization_url.replace(placeholder, str(organization_id), 1)
                    if organization_id is not None
                    else ""
                ),
            )
        )
    return rows


def _page(request: AuthedRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _page_of_everyone(request: AuthedRequest, people: PersonQuerySet) -> Any:
    """A page of the whole network, in name order."""
    page = _page(request, people.values_list(*ROW_FIELDS))
    page.object_list = _person_rows(page.object_list)
    return page


def _page_of_matches(
    request: AuthedRequest, people: PersonQuerySet, everyone: PersonQuerySet
) -> Any:
    """A page of the people matching a search or filter, in name order.

    The sort keys of the first thousand matches come from the narrowest index; the page's
    people are then read by id from `everyone` (the user's people, without the filters:
    with them, the database chose the filters' index over the ids and read every match
    again). Asking the database to sort and count instead made it walk the whole network
    in name order. Past a thousand matches, the exact count helps nobody.
    """
    keys = sorted(people.order_by().values_list("last_name", "first_name", "id")[: MATCH_CAP + 1])
    page = Paginator([pk for *_, pk in keys[:MATCH_CAP]], PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    found = {
        values[0]: values
        for values in everyone.order_by().filter(pk__in=page.object_list).values_list(*ROW_FIELDS)
    }
    page.object_list = _person_rows(found[pk] for pk in page.object_list if pk in found)
    page.capped = len(keys) > MATCH_CAP  # type: ignore[attr-defined]
    return page


def _partial_or_page(
    request: AuthedRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only the part htmx asked to swap."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, f"{template}#{partial}", context)
    return render(request, template, context)


def list_people(request: AuthedRequest) -> HttpResponse:
    everyone = Person.objects.for_user(request.user)
    people = everyone
    query = request.GET.get("q", "").strip()
    if query:
        people = people.search(query)
    source = request.GET.get("source", "")
    if source in Source.values:
        people = people.filter(source=source)
    explorations = Exploration.objects.for_user(request.user)
    exploration = request.GET.get("exploration", "")
    if exploration.isdigit():
        in_exploration = Interview.objects.filter(
            person=OuterRef("pk"), exploration_id=int(exploration)
        )
        people = people.filter(Exists(in_exploration))
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        people = people.filter(Exists(Interview.objects.filter(person=OuterRef("pk"), stage=stage)))
    organization = None
    if request.GET.get("organization", "").isdigit():
        organization = get_for_user(Organization, request.user, int(request.GET["organization"]))
        people = people.filter(organization=organization)
    filtered = bool(
        query or source in Source.values or exploration or stage in Stage.values or organization
    )
    context = {
        "page": (
            _page_of_matches(request, people, everyone)
            if filtered
            else _page_of_everyone(request, people)
        ),
        "match_cap": MATCH_CAP,
        "query": query,
        "filters": {"source": source, "exploration": exploration, "stage": stage},
        "organization": organization,
        "filtered": filtered,
        "sources": Source.choices,
        "stages": Stage.choices,
        "explorations": explorations,
        "has_anyone": filtered or Person.objects.for_user(request.user).exists(),
    }
    return _partial_or_page(request, "network/people.html", "results", context)


def _organization_names(request: AuthedRequest) -> Any:
    return Organization.objects.for_user(request.user).values_list("name", flat=True)[:2000]


def create_person(request: AuthedRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, f"{person.name} is in your network.")
        return redirect(person)
    context = {
        "form": form,
        "organization_names": _organization_names(request),
        "title": "Add a person",
    }
    return render(request, "network/person_form.html", context)


def edit_person(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_for_user(Person, request.user, pk, select_related=("organization",))
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {person.name}.")
        return redirect(person)
    context = {
        "form": form,
        "person": person,
        "organization_names": _organization_names(request),
        "title": f"Edit {person.name}",
    }
    return render(request, "network/person_form.html", context)


@kept_until_data_changes
def show_person(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_for_user(Person, request.user, pk, select_related=("organization", "referred_by"))
    person.user = request.user  # the owner, already loaded with their profile
    context = {
        "person": person,
        "timeline": timeline_for(person),
        "keep_in_touch": keep_in_touch_for(person),
        "referrals": person.referrals.select_related("organization").order_by("first_name")[:50],
        "note_form": NoteForm(),
    }
    return render(request, "network/person_detail.html", context)


def delete_person(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_for_user(Person, request.user, pk)
    if request.method == "POST":
        name = person.name
        person.delete()
        messages.success(request, f"Deleted {name} and their interviews, messages and notes.")
        return redirect("network")
    counts = {
        "interviews": person.interviews.count(),
        "messages": person.messages.count(),
        "notes": person.notes.count(),
    }
    return render(
        request, "confirm_delete.html", {"object": person, "counts": counts, "cancel": person}
    )


@require_POST
def add_note(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_for_user(Person, request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        Note.objects.create(user=request.user, person=person, text=form.cleaned_data["text"])
        messages.success(request, "Note added.")
    else:
        messages.error(request, "A note needs some text.")
    return redirect(person)


def list_organizations(request: AuthedRequest) -> HttpResponse:
    organizations = (
        Organization.objects.for_user(request.user)
        .annotate(people_count=Count("people"))
        .order_by("name", "id")
    )
    query = request.GET.get("q", "").strip()
    for word in query.split()[:8]:
        organizations = organizations.filter(Q(name__icontains=word) | Q(aliases__icontains=word))
    context = {
        "page": _page(request, organizations),
        "query": query,
        "has_any": bool(query) or Organization.objects.for_user(request.user).exists(),
    }
    return _partial_or_page(request, "network/organizations.html", "results", context)


def create_organization(request: AuthedRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organization = form.save()
        messages.success(request, f"Added {organization.name}.")
        return redirect(organization)
    return render(request, "form_page.html", {"form": form, "title": "Add an organization"})


@kept_until_data_changes
def show_organization(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_for_user(Organization, request.user, pk)
    people = organization.people.order_by("last_name", "first_name")
    interviews = (
        Interview.objects.for_user(request.user)
        .filter(person__organization=organization)
        .select_related("person", "exploration")[:50]
    )
    context = {
        "organization": organization,
        "people": people[:100],
        "people_count": people.count(),
        "interviews": interviews,
    }
    return render(request, "network/organization_detail.html", context)


def edit_organization(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_for_user(Organization, request.user, pk)
    form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {organization.name}.")
        return redirect(organization)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": f"Edit {organization.name}", "cancel": organization},
    )


def delete_organization(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_for_user(Organization, request.user, pk)
    if request.method == "POST":
        organization.delete()
        messages.success(request, f"Deleted {organization.name}; its people stay in your network.")
        return redirect("organizations")
    counts = {"people who stay in your network": organization.people.count()}
    return render(
        request,
        "confirm_delete.html",
        {"object": organization, "counts": counts, "cancel": organization},
    )


def list_explorations(request: AuthedRequest) -> HttpResponse:
    explorations = Exploration.objects.for_user(request.user).annotate(
        interview_count=Count("interviews"),
        held_count=Count("interviews", filter=Q(interviews__stage__in=[Stage.HELD, Stage.THANKED])),
    )
    return render(request, "network/explorations.html", {"explorations": explorations})


def create_exploration(request: AuthedRequest) -> HttpResponse:
    form = ExplorationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        exploration = form.save()
        messages.success(request, f"Started exploring {exploration.name}.")
        return redirect(exploration)
    return render(request, "form_page.html", {"form": form, "title": "New exploration"})


def show_exploration(request: AuthedRequest, pk: int) -> HttpResponse:
    exploration = get_for_user(Exploration, request.user, pk)
    interviews = exploration.interviews.select_related("person", "person__organization")
    context = {"exploration": exploration, "interviews": interviews[:200]}
    return render(
        request,
        "network/exploration_detail.html",
        {**context, **exploration_panels(request, exploration)},
    )


def edit_exploration(request: AuthedRequest, pk: int) -> HttpResponse:
    exploration = get_for_user(Exploration, request.user, pk)
    form = ExplorationForm(request.POST or None, instance=exploration, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {exploration.name}.")
        return redirect(exploration)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": f"Edit {exploration.name}", "cancel": exploration},
    )


def delete_exploration(request: AuthedRequest, pk: int) -> HttpResponse:
    exploration = get_for_user(Exploration, request.user, pk)
    if request.method == "POST":
        exploration.delete()
        messages.success(request, f"Deleted {exploration.name}; its interviews are kept.")
        return redirect("explorations")
    counts = {"interviews that are kept": exploration.interviews.count()}
    return render(
        request,
        "confirm_delete.html",
        {"object": exploration, "counts": counts, "cancel": exploration},
    )
