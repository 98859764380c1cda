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
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.log import log_response
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar

from coffeechat.agenda.calendar import interview_calendar, subscribed_calendar
from coffeechat.agenda.models import CalendarFeed, Snooze
from coffeechat.agenda.prepared import prepared
from coffeechat.agenda.rules import KIND_LABELS, DueItem, due_list
from coffeechat.growth.models import Action, ActionStatus
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from coffeechat.owned import AuthedRequest, get_for_user, object_url

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
    items = list(due) if page is None else page.object_list
    context = {
        "cards": [_card(item, now) for item in items],
        "page": page,
        "show_all": show_all,
        "due_count": len(due),
        "kind_counts": [(KIND_LABELS.get(kind, kind), count) for kind, count in due.kind_counts()],
        "upcoming": [
            _meeting_line(*row)
            for row in _upcoming(user_id=request.user.pk, since=now - dt.timedelta(hours=2))
        ],
        "actions": [
            _action_line(*row)
            for row in _actions_due_soon(
                user_id=request.user.pk, until=timezone.localdate() + dt.timedelta(days=7)
            )
        ],
        "has_people": bool(_any_person(user_id=request.user.pk)),
        "now": now,
    }
    return render(request, "agenda/today.html", context)


def _card(item: DueItem, now: dt.datetime) -> dict[str, Any]:
    """What Today's card shows of an item, worked out here rather than in the template: a
    page of fifty cards looked each up in the template cost more than the rules behind it."""
    due = timezone.localtime(item.due)
    person = item.person
    open_url = open_label = ""
    if item.interview is not None:
        open_url = item.interview.get_absolute_url()
        open_label = f"Open the interview with {person.name if person is not None else ''}"
    elif person is not None:
        open_url, open_label = person.get_absolute_url(), f"Open {person.name}"
    return {
        "kind": item.kind,
        "kind_label": KIND_LABELS.get(item.kind, item.kind),
        "urgent": item.urgent,
        "title": item.title,
        "detail": item.detail,
        "overdue": item.due < now,
        "due_iso": due.isoformat(),
        "due_text": short_moment(due),
        "action_url": item.action_url,
        "action_label": item.action_label,
        "open_url": open_url,
        "open_label": open_label,
        "key": item.key,
    }


# The lines of "Coming up" and "Actions due this week" are made from plain rows: making
# forty model instances (with their people) cost more than the rest of those lists.
MeetingRow = tuple[int, dt.datetime | None, int, str, str, int | None, str | None]
ActionRow = tuple[str, dt.date | None, int | None, str | None, str | None]


def _meeting_line(
    pk: int,
    scheduled_at: dt.datetime | None,
    minutes: int,
    first_name: str,
    last_name: str,
    organization_id: int | None,
    organization: str | None,
) -> dict[str, Any]:
    """A line of "Coming up", worked out here as Today's cards are."""
    assert scheduled_at is not None  # read among the meetings scheduled from a moment on
    when = timezone.localtime(scheduled_at)
    return {
        "when_iso": when.isoformat(),
        "when_text": short_moment(when),
        "url": object_url("interview_detail", pk),
        "name": _name(first_name, last_name),
        "organization": organization if organization_id is not None else None,
        "minutes": minutes,
    }


def _action_line(
    title: str,
    due_date: dt.date | None,
    person_id: int | None,
    first_name: str | None,
    last_name: str | None,
) -> dict[str, Any]:
    """A line of "Actions due this week"."""
    return {
        "title": title,
        "due_text": short_day(due_date) if due_date else "",
        "suggested_by_url": object_url("person_detail", person_id) if person_id else "",
        "suggested_by": _name(first_name or "", last_name or "") if person_id else "",
    }


def short_moment(when: dt.datetime) -> str:
    """`when` as the date filter writes it with "D j M, H:i" ("Thu 26 Nov, 09:05"), in the
    same words: the filter parses its format on every call, and a page has ninety."""
    return f"{WEEKDAYS_ABBR[when.weekday()]} {short_day(when)}, {when.hour:02d}:{when.minute:02d}"


def short_day(day: dt.date) -> str:
    """`day` as the date filter writes it with "j M" ("26 Nov")."""
    return f"{day.day} {MONTHS_3[day.month].title()}"


def _name(first_name: str, last_name: str) -> str:
    """A person's name as Person.name gives it."""
    return f"{first_name} {last_name}".strip()


@prepared
def _upcoming(user_id: int, since: dt.datetime) -> QuerySet[Interview, MeetingRow]:
    """The user's next 20 meetings, from `since` on."""
    return (
        Interview.objects.filter(user_id=user_id)
        .filter(stage=Stage.SCHEDULED, scheduled_at__gte=since)
        .order_by("scheduled_at")
        .values_list(
            "pk",
            "scheduled_at",
            "length_minutes",
            "person__first_name",
            "person__last_name",
            "person__organization_id",
            "person__organization__name",
        )[:20]
    )


@prepared
def _any_person(user_id: int) -> QuerySet[Person, tuple[int]]:
    """One of the user's people, if they have any."""
    return Person.objects.filter(user_id=user_id).order_by().values_list("pk")[:1]


@prepared
def _actions_due_soon(user_id: int, until: dt.date) -> QuerySet[Action, ActionRow]:
    """The 20 open actions due soonest (or overdue), up to `until`.

    The 20 are picked from the actions alone, and only they are joined with who suggested
    them: ordering thousands of actions with their people attached would cost more.
    """
    soonest = (
        Action.objects.filter(user_id=user_id)
        .filter(
            status__in=[ActionStatus.TODO, ActionStatus.DOING],
            due_date__lte=until,
        )
        .order_by("due_date", "id")
        .values("pk")[:20]
    )
    return (
        Action.objects.filter(pk__in=soonest)
        .order_by("due_date", "id")
        .values_list(
            "title",
            "due_date",
            "suggested_by_id",
            "suggested_by__first_name",
            "suggested_by__last_name",
        )
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
