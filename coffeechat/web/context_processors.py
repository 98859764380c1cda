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
    # Search and pages that belong to no section (a 404) highlight none of them.
    current = "today" if path == "/" or path.startswith("/today/") else ""
    for key, _label, url in SECTIONS:
        if url != "/" and path.startswith(url):
            current = key
    if path.startswith(("/interviews/", "/messages/")):
        current = "pipeline"
    elif path.startswith(("/explorations/", "/targets/")):
        current = "network"
    profile = getattr(request, "profile", None)
    return {
        "sections": SECTIONS,
        "current_section": current,
        "theme": getattr(profile, "theme", "auto"),
    }
