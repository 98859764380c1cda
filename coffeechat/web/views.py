from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coffeechat.growth.models import Action, ActionStatus, Event, JobPosting, Reflection
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from coffeechat.owned import AuthedRequest


def show_today(request: AuthedRequest) -> HttpResponse:
    now = timezone.now()
    interviews = Interview.objects.for_user(request.user).select_related(
        "person", "person__organization"
    )
    context = {
        "upcoming": interviews.filter(
            stage=Stage.SCHEDULED, scheduled_at__gte=now - dt.timedelta(hours=2)
        ).order_by("scheduled_at")[:20],
        "thank_yous": interviews.filter(stage=Stage.HELD).order_by("held_at")[:20],
        "actions": Action.objects.for_user(request.user)
        .filter(
            status__in=[ActionStatus.TODO, ActionStatus.DOING],
            due_date__lte=now.date() + dt.timedelta(days=7),
        )
        .select_related("suggested_by")
        .order_by("due_date")[:20],
        "has_people": Person.objects.for_user(request.user).exists(),
        "now": now,
    }
    return render(request, "web/today.html", context)


def show_insights(request: AuthedRequest) -> HttpResponse:
    counts = dict(
        Interview.objects.for_user(request.user)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("id"))
    )
    funnel = [(label, counts.get(stage, 0)) for stage, label in Stage.choices]
    return render(request, "web/insights.html", {"funnel": funnel, "total": sum(counts.values())})


def show_growth(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = {
        "actions": Action.objects.for_user(user).select_related("suggested_by")[:100],
        "postings": JobPosting.objects.for_user(user).select_related("organization")[:100],
        "events": Event.objects.for_user(user).annotate(people_count=Count("people"))[:100],
        "reflections": Reflection.objects.for_user(user)[:50],
    }
    return render(request, "web/growth.html", context)
