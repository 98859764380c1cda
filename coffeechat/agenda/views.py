from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.log import log_response
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar

from coffeechat.agenda.calendar import interview_calendar, subscribed_calendar
from coffeechat.agenda.models import CalendarFeed, Snooze
from coffeechat.agenda.rules import due_list
from coffeechat.growth.models import Action, ActionStatus
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from coffeechat.owned import AuthedRequest, get_for_user

ITEMS_PER_PAGE = 50
SNOOZES = {"day": dt.timedelta(days=1), "week": dt.timedelta(days=7)}


def show_today(request: AuthedRequest) -> HttpResponse:
    """Today: the most overdue first, a page at a time, with how many of each kind are due.

    Someone who let hundreds of items pile up still gets a quick page: the first
    ITEMS_PER_PAGE, the counts, and "Show all" for those who want the whole list.
    """
    now = timezone.now()
    due = due_list(request.user, now)
    show_all = request.GET.get("all") == "1"
    # The list builds only the items of the page shown (all of them for "Show all").
    page = None if show_all else Paginator(due, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "items": list(due) if page is None else page.object_list,
        "page": page,
        "show_all": show_all,
        "due_count": len(due),
        "kind_counts": due.kind_counts(),
        "upcoming": Interview.objects.for_user(request.user)
        .filter(stage=Stage.SCHEDULED, scheduled_at__gte=now - dt.timedelta(hours=2))
        .select_related("person", "person__organization")
        .order_by("scheduled_at")[:20],
        "actions": _actions_due_soon(request.user),
        "has_people": Person.objects.for_user(request.user).exists(),
        "now": now,
    }
    return render(request, "agenda/today.html", context)


def _actions_due_soon(user: Any) -> QuerySet[Action]:
    """The 20 open actions due soonest (or overdue), up to a week from today.

    The 20 are picked from the actions alone, and only they are joined with who suggested
    them: ordering thousands of actions with their people attached would cost more.
    """
    soonest = (
        Action.objects.for_user(user)
        .filter(
            status__in=[ActionStatus.TODO, ActionStatus.DOING],
            due_date__lte=timezone.localdate() + dt.timedelta(days=7),
        )
        .order_by("due_date", "id")
        .values("pk")[:20]
    )
    return (
        Action.objects.filter(pk__in=soonest)
        .select_related("suggested_by")
        .order_by("due_date", "id")
    )


@require_POST
def snooze_item(request: AuthedRequest) -> HttpResponse:
    key = request.POST.get("key", "")
    # Only what is on the user's own list can be snoozed: an interview, a person, an action,
    # a posting or a reflection of theirs, never another user's.
    if key not in due_list(request.user, include_snoozed=True).keys:
        raise Http404("No such item.")
    choice = request.POST.get("for", "day")
    until = timezone.now() + SNOOZES[choice] if choice in SNOOZES else None
    Snooze.objects.update_or_create(user=request.user, key=key, defaults={"until": until})
    messages.success(request, "Dismissed." if until is None else f"Snoozed for a {choice}.")
    return redirect("today")


def download_interview_calendar(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_for_user(Interview, request.user, pk, select_related=("user", "person"))
    if interview.scheduled_at is None:
        raise Http404("This interview has no meeting time yet.")
    calendar = interview_calendar(interview, _base_url(request))
    name = slugify(f"interview with {interview.person.name}") or "interview"
    return _calendar_response(calendar, f"{name}.ics")


@login_not_required
@require_safe
@never_cache
def read_calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribable feed: the token is the only credential, so no session is needed."""
    feed = CalendarFeed.find(token)
    if feed is None or not feed.user.is_active:
        response = HttpResponseNotFound("No such calendar.", content_type="text/plain")
        # Log the miss without the token: a reset or mistyped secret stays out of the logs.
        hidden = reverse("calendar_feed", args=["TOKEN"])
        log_response("Not Found: %s", hidden, response=response, request=request)
        return response
    now = timezone.now()
    feed.mark_read(now)
    return _calendar_response(
        subscribed_calendar(feed.user, _base_url(request), now), "coffeechat.ics"
    )


@never_cache
def show_calendar_feed(request: AuthedRequest) -> HttpResponse:
    return _calendar_settings(request)


@require_POST
@never_cache
def reset_calendar_feed(request: AuthedRequest) -> HttpResponse:
    """Make a new feed address and show it, once: only its digest is kept."""
    token = CalendarFeed.reset(request.user)
    return _calendar_settings(request, token=token)


@require_POST
def revoke_calendar_feed(request: AuthedRequest) -> HttpResponse:
    deleted, _ = CalendarFeed.objects.for_user(request.user).delete()
    if deleted:
        messages.success(request, "Calendar feed turned off. Its address no longer works.")
    return redirect("calendar_settings")


def _calendar_settings(request: AuthedRequest, token: str = "") -> HttpResponse:
    context: dict[str, object] = {
        "feed": CalendarFeed.objects.for_user(request.user).first(),
    }
    if token:
        url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
        context["feed_url"] = url
        context["webcal_url"] = "webcal://" + url.split("://", 1)[1]
    return render(request, "agenda/calendar_settings.html", context)


def _calendar_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")
