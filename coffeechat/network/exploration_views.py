"""An exploration's "Who should I talk to?" panel and its target organizations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.interviews.models import Interview
from coffeechat.network.forms import TargetForm
from coffeechat.network.models import Exploration, Organization, Person, TargetOrganization
from coffeechat.network.suggest import suggest
from coffeechat.network.targets import ranked_targets
from coffeechat.owned import AuthedRequest, get_for_user

SUGGESTIONS = 8


def exploration_panels(request: AuthedRequest, exploration: Exploration) -> dict[str, Any]:
    """What the exploration page shows besides its interviews: suggestions and targets."""
    query = request.GET.get("who", "").strip()[:200]
    return {
        "suggestions": suggest(request.user, query, exploration=exploration, limit=SUGGESTIONS),
        "suggest_query": query,
        "targets": ranked_targets(exploration),
        "target_form": TargetForm(user=request.user, exploration=exploration),
        "organization_names": Organization.objects.for_user(request.user).values_list(
            "name", flat=True
        )[:2000],
    }


def show_suggestions(request: AuthedRequest, pk: int) -> HttpResponse:
    """The "Who should I talk to?" panel alone, for htmx (or the page without JavaScript)."""
    exploration = get_for_user(Exploration, request.user, pk)
    if not getattr(request, "htmx", False):
        from coffeechat.network.views import show_exploration  # it imports this module

        return show_exploration(request, pk)
    context = {"exploration": exploration, **exploration_panels(request, exploration)}
    return render(request, "network/exploration_detail.html#suggestions", context)


@require_POST
def start_interview(request: AuthedRequest, pk: int) -> HttpResponse:
    """One click from a suggestion: an interview idea with them, then the request to write."""
    exploration = get_for_user(Exploration, request.user, pk)
    person_id = request.POST.get("person", "")
    person = get_for_user(Person, request.user, int(person_id) if person_id.isdigit() else 0)
    interview = (
        Interview.objects.filter(person=person, exploration=exploration).order_by("-id").first()
    )
    if interview is None:
        interview = Interview.objects.create(
            user=request.user, person=person, exploration=exploration
        )
        messages.success(request, f"Added {person.name} to your pipeline for {exploration.name}.")
    if request.POST.get("then") == "request":
        return redirect(reverse("message_compose", args=[interview.pk]) + "?kind=request")
    return redirect(interview)


@require_POST
def add_target(request: AuthedRequest, pk: int) -> HttpResponse:
    exploration = get_for_user(Exploration, request.user, pk)
    form = TargetForm(request.POST, user=request.user, exploration=exploration)
    if form.is_valid():
        target = form.save()
        messages.success(request, f"{target.organization.name} is a target for {exploration.name}.")
    else:
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, f"The organization was not added: {errors}")
    return redirect(f"{exploration.get_absolute_url()}#targets")


def _get_target(request: AuthedRequest, pk: int) -> TargetOrganization:
    return get_for_user(
        TargetOrganization, request.user, pk, select_related=("exploration", "organization")
    )


def edit_target(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _get_target(request, pk)
    exploration = target.exploration
    form = TargetForm(
        request.POST or None, instance=target, user=request.user, exploration=exploration
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {target.organization.name}.")
        return redirect(f"{exploration.get_absolute_url()}#targets")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": f"{target.organization.name} for {exploration.name}",
            "cancel": exploration,
        },
    )


def delete_target(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _get_target(request, pk)
    exploration = target.exploration
    if request.method == "POST":
        target.delete()
        messages.success(
            request,
            f"{target.organization.name} is no longer a target; it stays in your network.",
        )
        return redirect(f"{exploration.get_absolute_url()}#targets")
    return render(
        request,
        "confirm_delete.html",
        {"object": target, "counts": {}, "cancel": exploration},
    )
