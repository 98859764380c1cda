from __future__ import annotations

from django.urls import URLPattern, path

from coffeechat.agenda import views

urlpatterns: list[URLPattern] = [
    path(
        "interviews/<int:pk>/calendar.ics",
        views.download_interview_calendar,
        name="interview_calendar",
    ),
    path("calendar/<str:token>.ics", views.read_calendar_feed, name="calendar_feed"),
    path("settings/calendar/", views.show_calendar_feed, name="calendar_settings"),
    path("settings/calendar/reset/", views.reset_calendar_feed, name="calendar_feed_reset"),
    path("settings/calendar/revoke/", views.revoke_calendar_feed, name="calendar_feed_revoke"),
]
