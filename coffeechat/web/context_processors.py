from __future__ import annotations

from django.http import HttpRequest

SECTIONS = [
    ("today", "Today", "/"),
    ("network", "Network", "/network/"),
    ("pipeline", "Pipeline", "/pipeline/"),
    ("insights", "Insights", "/insights/"),
    ("growth", "Growth", "/growth/"),
    ("settings", "Settings", "/settings/"),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    path = request.path
    current = "today"
    for key, _label, url in SECTIONS:
        if url != "/" and path.startswith(url):
            current = key
    if path.startswith(("/interviews/", "/messages/")):
        current = "pipeline"
    elif path.startswith("/explorations/"):
        current = "network"
    profile = getattr(request, "profile", None)
    return {
        "sections": SECTIONS,
        "current_section": current,
        "theme": getattr(profile, "theme", "auto"),
    }
