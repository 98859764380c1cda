from __future__ import annotations

from django.urls import URLPattern, path

from coffeechat.growth import events_views as views

urlpatterns: list[URLPattern] = [
    path("growth/events/", views.list_events, name="events"),
    path("growth/events/new/", views.create_event, name="event_create"),
    path("growth/events/<int:pk>/", views.show_event, name="event_detail"),
    path("growth/events/<int:pk>/edit/", views.edit_event, name="event_edit"),
    path("growth/events/<int:pk>/delete/", views.delete_event, name="event_delete"),
    path("growth/events/<int:pk>/people/", views.add_event_person, name="event_add_person"),
    path("growth/events/<int:pk>/people/new/", views.new_event_person, name="event_new_person"),
    path(
        "growth/events/<int:pk>/people/remove/",
        views.remove_event_person,
        name="event_remove_person",
    ),
    path("growth/reflections/", views.list_reflections, name="reflections"),
    path("growth/reflections/new/", views.create_reflection, name="reflection_create"),
    path("growth/reflections/<int:pk>/edit/", views.edit_reflection, name="reflection_edit"),
    path("growth/reflections/<int:pk>/delete/", views.delete_reflection, name="reflection_delete"),
    path("network/drifting/", views.list_drifting, name="drifting"),
    path("network/drifting/<int:pk>/check-in/", views.draft_check_in, name="drifting_check_in"),
]
