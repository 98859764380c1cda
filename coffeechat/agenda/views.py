from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coffeechat.agenda.models import Snooze
from coffeechat.agenda.rules import due_items
from coffeechat.growth.models import Action, ActionStatus
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from coffeechat.owned import AuthedRequest

SNOOZES = {"day": dt.timedelta(days=1), "week": dt.timedelta(days=7)}


def show_today(request: AuthedRequest) -> HttpResponse:
    now = timezone.now()
    context = {
        "items": due_items(request.user, now),
        "upcoming": Interview.objects.for_user(request.user)
        .filter(stage=Stage.SCHEDULED, scheduled_at__gte=now - dt.timedelta(hours=2))
        .select_related("person", "person__organization")
        .order_by("scheduled_at")[:20],
        "actions": Action.objects.for_user(request.user)
        .filter(
            status__in=[ActionStatus.TODO, ActionStatus.DOING],
            due_date__lte=timezone.localdate() + dt.timedelta(days=7),
        )
        .select_related("suggested_by")
        .order_by("due_date")[:20],
        "has_people": Person.objects.for_user(request.user).exists(),
        "now": now,
    }
    return render(request, "agenda/today.html", context)


@require_POST
def snooze_item(request: AuthedRequest) -> HttpResponse:
    key = request.POST.get("key", "")
    _kind, _, interview_id = key.partition(":")
    if (
        not interview_id.isdigit()
        or not Interview.objects.for_user(request.user).filter(pk=int(interview_id)).exists()
    ):
        raise Http404("No such item.")
    choice = request.POST.get("for", "day")
    until = timezone.now() + SNOOZES[choice] if choice in SNOOZES else None
    Snooze.objects.update_or_create(user=request.user, key=key, defaults={"until": until})
    messages.success(request, "Dismissed." if until is None else f"Snoozed for a {choice}.")
    return redirect("today")
