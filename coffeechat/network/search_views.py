"""The search page: everything of the user's, grouped by kind, as they type."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from coffeechat.network.models import SearchKind
from coffeechat.network.search import search
from coffeechat.owned import AuthedRequest

PER_KIND = 5
PER_PAGE = 50


def search_everything(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    only = kind if kind in SearchKind.values else None
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    page = max(1, min(page, 1000))
    per_kind = PER_PAGE if only else PER_KIND
    results = search(
        request.user, query, kind=only, per_kind=per_kind, offset=(page - 1) * per_kind
    )
    if request.GET.get("format") == "json":
        return JsonResponse({"query": query, "groups": results.as_json()})
    group = results.groups[0] if only and results.groups else None
    context = {
        "query": query,
        "results": results,
        "kind": only,
        "kind_label": SearchKind(only).label if only else "",
        "group": group,
        "page": page,
        "has_next": bool(group and group.total > page * per_kind),
        "kinds": SearchKind.choices,
    }
    template = "network/search.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, f"{template}#results", context)
    return render(request, template, context)
