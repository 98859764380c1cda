from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from coffeechat.growth.models import Action, Event, JobPosting, Reflection
from coffeechat.owned import AuthedRequest


def show_growth(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = {
        "actions": Action.objects.for_user(user).select_related("suggested_by")[:100],
        "postings": JobPosting.objects.for_user(user).select_related("organization")[:100],
        "events": Event.objects.for_user(user).annotate(people_count=Count("people"))[:100],
        "reflections": Reflection.objects.for_user(user)[:50],
    }
    return render(request, "web/growth.html", context)
