from __future__ import annotations

from django.urls import URLPattern, path

from coffeechat.outreach import views

urlpatterns: list[URLPattern] = [
    path("interviews/<int:pk>/messages/new/", views.compose_message, name="message_compose"),
    path("messages/<int:pk>/", views.show_message, name="message_detail"),
    path("messages/<int:pk>/send/", views.send_message, name="message_send"),
    path("messages/<int:pk>/eml/", views.download_eml, name="message_eml"),
    path("messages/<int:pk>/reply/", views.record_reply, name="message_reply"),
    path("messages/<int:pk>/delete/", views.delete_message, name="message_delete"),
    path("messages/<int:pk>/coach/", views.coach_draft, name="message_coach"),
    path("settings/templates/", views.list_templates, name="message_templates"),
    path("settings/templates/new/", views.create_template, name="message_template_create"),
    path("settings/templates/<int:pk>/", views.edit_template, name="message_template_edit"),
    path(
        "settings/templates/<int:pk>/delete/",
        views.delete_template,
        name="message_template_delete",
    ),
]
