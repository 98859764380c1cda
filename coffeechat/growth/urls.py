from __future__ import annotations

from django.urls import URLPattern, path

from coffeechat.growth import views

urlpatterns: list[URLPattern] = [
    path("growth/", views.show_growth, name="growth"),
    path("growth/actions/new/", views.create_action, name="action_create"),
    path("growth/actions/<int:pk>/", views.edit_action, name="action_edit"),
    path("growth/actions/<int:pk>/complete/", views.complete_action, name="action_complete"),
    path("growth/actions/<int:pk>/delete/", views.delete_action, name="action_delete"),
    path("growth/actions/<int:pk>/update/", views.compose_action_update, name="action_update"),
    path("growth/postings/new/", views.create_posting, name="posting_create"),
    path("growth/postings/<int:pk>/", views.edit_posting, name="posting_edit"),
    path("growth/postings/<int:pk>/apply/", views.apply_posting, name="posting_apply"),
    path("growth/postings/<int:pk>/delete/", views.delete_posting, name="posting_delete"),
    path("growth/postings/<int:pk>/note/", views.compose_posting_note, name="posting_note"),
    path("growth/resources/new/", views.create_resource, name="resource_create"),
    path("growth/resources/<int:pk>/", views.edit_resource, name="resource_edit"),
    path("growth/resources/<int:pk>/finish/", views.finish_resource, name="resource_finish"),
    path("growth/resources/<int:pk>/delete/", views.delete_resource, name="resource_delete"),
    path(
        "growth/resources/<int:pk>/update/",
        views.compose_resource_update,
        name="resource_update",
    ),
    path(
        "growth/takeaways/<int:pk>/resource/",
        views.resource_from_takeaway,
        name="takeaway_resource",
    ),
    path(
        "growth/referrals/<int:pk>/update/",
        views.compose_referral_update,
        name="referral_update",
    ),
]
