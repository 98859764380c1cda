from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from coffeechat.growth.models import Action, Event, JobPosting, Reflection
from coffeechat.interviews.models import Interview, Stage
from coffeechat.owned import AuthedRequest


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
