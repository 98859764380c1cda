from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from coffeechat.insights import charts, journal, skills, themes
from coffeechat.interviews.models import Stage
from coffeechat.network.models import Exploration
from coffeechat.owned import AuthedRequest, get_for_user

TOP_THEMES = 15
# A theme said in hundreds of interviews shows its first sentences; the journal has the rest.
SENTENCES_SHOWN = 12
PEOPLE_SHOWN = 10
THEME_KIND_LABELS = {
    "skill": "Skill",
    "tool": "Tool",
    "certification": "Certification",
    "habit": "Habit",
    "warning": "Warning",
    "resource": "Resource",
    "way-in": "Way in",
    "other": "Other",
}


def _shown_theme(theme: themes.Theme) -> dict[str, Any]:
    """A theme as the page lists it: the first sentences, and how many more there are."""
    return {
        "theme": theme,
        "kind": THEME_KIND_LABELS.get(theme.kind, ""),
        "mentions": theme.mentions[:SENTENCES_SHOWN],
        "people": ", ".join(theme.people[:PEOPLE_SHOWN])
        + (f" and {theme.count - PEOPLE_SHOWN} more" if theme.count > PEOPLE_SHOWN else ""),
        "more": max(len(theme.mentions) - SENTENCES_SHOWN, 0),
    }


def _exploration(request: AuthedRequest) -> Exploration | None:
    """The exploration named in ?exploration=, 404 when it is not the user's."""
    value = request.GET.get("exploration", "") or request.POST.get("exploration", "")
    if not value.isdigit():
        return None
    return get_for_user(Exploration, request.user, int(value))


def show_insights(request: AuthedRequest) -> HttpResponse:
    user = request.user
    exploration = _exploration(request)
    chosen = exploration.pk if exploration else None
    found = themes.cached_themes(user, chosen)
    gap = skills.skills_gap(user, exploration=chosen, found=found)
    context: dict[str, Any] = {
        "exploration": exploration,
        "explorations": Exploration.objects.for_user(user).only("id", "name"),
        "themes": [_shown_theme(theme) for theme in found[:TOP_THEMES]],
        "more_themes": max(len(found) - TOP_THEMES, 0),
        "missing": [need for need in gap if not need.has_it],
        "had": [need for need in gap if need.has_it],
        "has_profile_skills": bool(request.profile.skills.strip()),  # type: ignore[attr-defined]
        "charts": charts.all_charts(user, chosen),
    }
    return render(request, "insights/insights.html", context)


@require_POST
def plan_skill(request: AuthedRequest) -> HttpResponse:
    """Turn one missing skill into an action, suggested by whoever named it most."""
    exploration = _exploration(request)
    name = request.POST.get("skill", "")
    need = next(
        (
            need
            for need in skills.skills_gap(
                request.user, exploration=exploration.pk if exploration else None
            )
            if need.name == name
        ),
        None,
    )
    back = reverse("insights") + (f"?exploration={exploration.pk}" if exploration else "")
    if need is None:
        messages.error(request, f"“{name}” is no longer among the skills people named.")
        return redirect(back + "#skills")
    action, created = skills.plan_skill(request.user, need)
    if created:
        messages.success(request, f"Action added: {action.title}. You'll find it in Growth.")
    else:
        messages.info(request, f"Already planned: {action.title}.")
    return redirect(back + "#skills")


def _journal_filter(request: AuthedRequest) -> tuple[journal.JournalFilter, list[str]]:
    """The journal's filter from the query string, and a message for each value not understood."""
    problems = []
    dates: dict[str, dt.date | None] = {}
    for key, label in (("from", "From"), ("to", "To")):
        raw = request.GET.get(key, "").strip()
        day = None
        if raw:
            try:
                day = parse_date(raw)
            except ValueError:
                day = None
            if day is None:
                problems.append(f"{label}: “{raw}” is not a date; use YYYY-MM-DD.")
        dates[key] = day
    exploration = _exploration(request)
    stage = request.GET.get("stage", "")
    return (
        journal.JournalFilter(
            exploration_id=exploration.pk if exploration else None,
            stage=stage if stage in Stage.values else "",
            date_from=dates["from"],
            date_to=dates["to"],
            text=request.GET.get("q", "").strip(),
            sort=request.GET.get("sort", journal.DEFAULT_SORT),
        ),
        problems,
    )


def show_journal(request: AuthedRequest) -> HttpResponse:
    user = request.user
    chosen, problems = _journal_filter(request)
    page = Paginator(journal.journal_interviews(user, chosen), journal.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    context = {
        "page": page,
        "rows": journal.journal_rows(user, page.object_list),
        "filter": chosen,
        "problems": problems,
        "explorations": Exploration.objects.for_user(user).only("id", "name"),
        "stages": Stage.choices,
        "columns": _sort_links(chosen, query.urlencode()),
        "query": request.GET.urlencode(),
        "filtered": any(
            request.GET.get(key) for key in ("exploration", "stage", "from", "to", "q")
        ),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "insights/journal.html#results", context)
    return render(request, "insights/journal.html", context)


def _sort_links(chosen: journal.JournalFilter, query: str) -> list[dict[str, Any]]:
    """The journal's column headers; a sortable one links to its order, flipped when current."""
    sortable = {
        "Date": "date",
        "Person": "person",
        "Organization": "organization",
        "Exploration": "exploration",
        "Stage": "stage",
        "Thank-you sent": "thanked",
    }
    shown = ("Date", "Person", "Organization", "Exploration", "Stage", "Advice", "Next steps")
    columns = []
    for title in (*shown, "Thank-you sent", "Follow-ups"):
        key = sortable.get(title)
        entry: dict[str, Any] = {"title": title, "url": "", "sorted": ""}
        if key:
            current = chosen.sort_key == key
            # Dates read newest first; names A to Z first.
            newest_first = key in ("date", "thanked")
            descending = not chosen.descending if current else newest_first
            entry["url"] = f"?{query}{'&' if query else ''}sort={'-' if descending else ''}{key}"
            if current:
                entry["sorted"] = "descending" if chosen.descending else "ascending"
        columns.append(entry)
    return columns


def export_journal(request: AuthedRequest) -> HttpResponse:
    """The journal (as filtered on the page) as a CSV or XLSX download."""
    kind = request.GET.get("format", "csv")
    if kind not in journal.EXPORTERS:
        kind = "csv"
    chosen, _problems = _journal_filter(request)
    data, _count = journal.export_journal(request.user, kind, chosen)
    response = HttpResponse(data, content_type=journal.CONTENT_TYPES[kind])
    day = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="coffeechat-journal-{day}.{kind}"'
    return response
