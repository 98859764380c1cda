"""Events and the people met there, the reflection journal, and who is drifting away."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coffeechat.accounts.models import profile_for
from coffeechat.forms import OwnedModelForm
from coffeechat.growth.models import Event, Reflection
from coffeechat.growth.reflections import CONFIDENCE_LABELS, PROMPTS
from coffeechat.growth.relationships import (
    check_in_url,
    check_ins_for,
    draft_check_in_for,
    drifting,
)
from coffeechat.growth.views import compose_page
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Organization, Person, Source
from coffeechat.outreach.models import WAITING_STAGES, Message, MessageKind
from coffeechat.owned import AuthedRequest, get_for_user

DRIFTING_PAGE = 50


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class EventForm(OwnedModelForm):
    class Meta:
        model = Event
        fields = ["name", "kind", "date", "place", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"place": "A city and venue, or the link of a webinar."}


class MetPersonForm(OwnedModelForm):
    """Someone new met at an event: a few facts now, the rest on their page later."""

    organization_name = forms.CharField(label="Organization", required=False, max_length=200)

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "position", "email", "linkedin_url"]

    def save(self, commit: bool = True) -> Person:
        person: Person = super().save(commit=False)
        person.source = Source.EVENT
        name = self.cleaned_data.get("organization_name", "").strip()
        if name:
            person.organization = Organization.objects.get_or_create_named(self.user, name)
        if commit:
            person.save()
        return person


class ReflectionForm(OwnedModelForm):
    confidence = forms.TypedChoiceField(
        label="How confident do you feel?",
        choices=list(CONFIDENCE_LABELS.items()),
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Reflection
        fields = ["date", "text", "goals_changed", "confidence"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 10})}
        labels = {"text": "Your reflection", "goals_changed": "My goals have changed"}


# ----------------------------------------------------------------------------- events


def list_events(request: AuthedRequest) -> HttpResponse:
    events = Event.objects.for_user(request.user).annotate(people_count=Count("people"))
    return render(request, "growth/events.html", {"events": events[:200]})


def create_event(request: AuthedRequest) -> HttpResponse:
    form = EventForm(
        request.POST or None, initial={"date": timezone.localdate()}, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        event = form.save()
        messages.success(request, f"Added {event.name}. Now note the people you met there.")
        return redirect(event)
    return render(request, "growth/events_form.html", {"form": form, "title": "Add an event"})


def edit_event(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_for_user(Event, request.user, pk)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {event.name}.")
        return redirect(event)
    context = {"form": form, "title": f"Edit {event.name}", "event": event}
    return render(request, "growth/events_form.html", context)


def delete_event(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_for_user(Event, request.user, pk)
    if request.method == "POST":
        event.delete()
        messages.success(request, f"Deleted {event.name}; the people you met stay in your network.")
        return redirect("events")
    counts = {"people met, who stay in your network": event.people.count()}
    return render(
        request, "confirm_delete.html", {"object": event, "counts": counts, "cancel": event}
    )


@dataclass(frozen=True)
class Met:
    """Someone met at an event, whether the user has followed up, and the next step."""

    person: Person
    followed_up: bool
    url: str
    label: str


def _people_met(event: Event) -> list[Met]:
    """The people met at the event; followed up means a message sent since the event's day."""
    since = dt.datetime.combine(event.date, dt.time.min, tzinfo=timezone.get_current_timezone())
    sent = Message.objects.filter(person=OuterRef("pk"), sent_at__gte=since)
    latest = Interview.objects.filter(person=OuterRef("pk")).order_by("-created_at", "-id")
    people = (
        event.people.select_related("organization")
        .annotate(
            followed_up=Exists(sent),
            latest_interview=Subquery(latest.values("pk")[:1]),
            latest_stage=Subquery(latest.values("stage")[:1]),
        )
        .order_by("last_name", "first_name", "id")
    )
    return [
        Met(
            person,
            person.followed_up,
            *_follow_up(person, person.latest_interview, person.latest_stage),
        )
        for person in people
    ]


def show_event(
    request: AuthedRequest, pk: int, *, new_person: MetPersonForm | None = None
) -> HttpResponse:
    event = get_for_user(Event, request.user, pk)
    people = _people_met(event)
    query = request.GET.get("q", "").strip()
    matches: list[Person] = []
    if query:
        met = {each.person.pk for each in people}
        found = Person.objects.for_user(request.user).search(query).select_related("organization")
        matches = [person for person in found[:20] if person.pk not in met]
    context = {
        "event": event,
        "people": people,
        "waiting": [each.person for each in people if not each.followed_up],
        "query": query,
        "matches": matches,
        "new_person": new_person or MetPersonForm(user=request.user),
    }
    return render(request, "growth/events_detail.html", context)


def _follow_up(person: Person, interview_id: int | None, stage: str | None) -> tuple[str, str]:
    """The next step with someone met: ask for a conversation, or check in."""
    if interview_id is None:
        return reverse("interview_create") + f"?person={person.pk}", "Ask for a conversation"
    if stage in WAITING_STAGES:
        compose = reverse("message_compose", args=[interview_id])
        return f"{compose}?kind={MessageKind.REQUEST}", "Write the request"
    return check_in_url(person, interview_id), "Check in"


@require_POST
def add_event_person(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_for_user(Event, request.user, pk)
    person_id = request.POST.get("person", "")
    person = get_for_user(Person, request.user, int(person_id) if person_id.isdigit() else 0)
    event.people.add(person)
    messages.success(request, f"Noted that you met {person.name} at {event.name}.")
    return redirect(event)


@require_POST
def new_event_person(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_for_user(Event, request.user, pk)
    form = MetPersonForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "The person couldn't be added; see below.")
        return show_event(request, pk, new_person=form)
    with transaction.atomic():
        person = form.save()
        event.people.add(person)
    messages.success(request, f"{person.name} is in your network, met at {event.name}.")
    return redirect(event)


@require_POST
def remove_event_person(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_for_user(Event, request.user, pk)
    person_id = request.POST.get("person", "")
    person = get_for_user(Person, request.user, int(person_id) if person_id.isdigit() else 0)
    event.people.remove(person)
    messages.success(request, f"{person.name} is no longer listed as met at {event.name}.")
    return redirect(event)


# ----------------------------------------------------------------------------- reflections


def list_reflections(request: AuthedRequest) -> HttpResponse:
    reflections = list(Reflection.objects.for_user(request.user)[:200])
    context = {
        "reflections": reflections,
        "prompts": PROMPTS,
        "trend": list(reversed(reflections[:12])),
    }
    return render(request, "growth/reflections.html", context)


def create_reflection(request: AuthedRequest) -> HttpResponse:
    form = ReflectionForm(
        request.POST or None, initial={"date": timezone.localdate()}, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Reflection saved.")
        return redirect("reflections")
    context = {"form": form, "title": "Reflect on your growth", "prompts": PROMPTS}
    return render(request, "growth/reflections_form.html", context)


def edit_reflection(request: AuthedRequest, pk: int) -> HttpResponse:
    reflection = get_for_user(Reflection, request.user, pk)
    form = ReflectionForm(request.POST or None, instance=reflection, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Reflection saved.")
        return redirect("reflections")
    context = {
        "form": form,
        "title": f"Reflection of {reflection.date:%d %b %Y}",
        "prompts": PROMPTS,
        "reflection": reflection,
    }
    return render(request, "growth/reflections_form.html", context)


def delete_reflection(request: AuthedRequest, pk: int) -> HttpResponse:
    reflection = get_for_user(Reflection, request.user, pk)
    if request.method == "POST":
        reflection.delete()
        messages.success(request, "Reflection deleted.")
        return redirect("reflections")
    return render(request, "confirm_delete.html", {"object": reflection, "cancel": reflection})


# ----------------------------------------------------------------------------- drifting


def list_drifting(request: AuthedRequest) -> HttpResponse:
    profile = profile_for(request.user)
    now = timezone.now()
    page = request.GET.get("page", "1")
    number = int(page) if page.isdigit() and int(page) > 0 else 1
    people = drifting(
        request.user, profile, now, limit=DRIFTING_PAGE + 1, offset=(number - 1) * DRIFTING_PAGE
    )
    check_ins = check_ins_for(request.user, profile, now, people[:DRIFTING_PAGE])
    context = {
        "check_ins": [(check_in, check_in.days_overdue(now)) for check_in in check_ins],
        "page": number,
        "has_next": len(people) > DRIFTING_PAGE,
        "profile": profile,
        "tab": "drifting",
    }
    return render(request, "network/drifting.html", context)


def draft_check_in(request: AuthedRequest, pk: int) -> HttpResponse:
    """A check-in to someone never interviewed (Today and Drifting send the others to their
    interview's compose page, where the notes can be drawn on)."""
    person = get_for_user(Person, request.user, pk, select_related=("organization", "referred_by"))
    return compose_page(
        request,
        person,
        MessageKind.CHECK_IN,
        lambda choice: draft_check_in_for(person, choice),
        about="A short, warm note: share an article, report your progress, congratulate "
        "them, or simply say hello.",
        cancel_url=person.get_absolute_url(),
    )
