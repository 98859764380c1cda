from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from coffeechat.accounts import passwords
from coffeechat.accounts import views as accounts
from coffeechat.agenda import views as agenda
from coffeechat.api.main import urls as api_urls
from coffeechat.imports import views as imports
from coffeechat.insights import views as insights
from coffeechat.interviews import views as interviews
from coffeechat.network import duplicates_views as duplicates
from coffeechat.network import exploration_views, search_views
from coffeechat.network import views as network
from coffeechat.network.vcard_views import download_vcards

urlpatterns = [
    path("", agenda.show_today, name="today"),
    path("today/snooze/", agenda.snooze_item, name="today_snooze"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("login/link/<str:token>/", accounts.use_login_link, name="login_link"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/forgot/", passwords.ResetPasswordView.as_view(), name="password_reset"),
    path(
        "login/forgot/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "login/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "login/reset/<str:uidb64>/<str:token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "welcome/<str:uidb64>/<str:token>/",
        passwords.AcceptInvitationView.as_view(),
        name="invitation_accept",
    ),
    # Network
    path("network/", network.list_people, name="network"),
    path("network/import/", imports.start_import, name="import_start"),
    path("network/import/<int:pk>/", imports.preview_import, name="import_preview"),
    path("network/import/<int:pk>/apply/", imports.apply_import, name="import_apply"),
    path("network/vcards/", download_vcards, name="network_vcards"),
    path("network/duplicates/", duplicates.list_duplicates, name="duplicates"),
    path("network/people/<int:pk>/merge/", duplicates.merge_person, name="person_merge"),
    path(
        "network/people/<int:pk>/keep-apart/",
        duplicates.keep_people_apart,
        name="person_keep_apart",
    ),
    path("network/people/new/", network.create_person, name="person_create"),
    path("network/people/<int:pk>/", network.show_person, name="person_detail"),
    path("network/people/<int:pk>/edit/", network.edit_person, name="person_edit"),
    path("network/people/<int:pk>/delete/", network.delete_person, name="person_delete"),
    path("network/people/<int:pk>/notes/", network.add_note, name="person_add_note"),
    path("network/organizations/", network.list_organizations, name="organizations"),
    path("network/organizations/new/", network.create_organization, name="organization_create"),
    path("network/organizations/<int:pk>/", network.show_organization, name="organization_detail"),
    path(
        "network/organizations/<int:pk>/edit/", network.edit_organization, name="organization_edit"
    ),
    path(
        "network/organizations/<int:pk>/delete/",
        network.delete_organization,
        name="organization_delete",
    ),
    path("explorations/", network.list_explorations, name="explorations"),
    path("explorations/new/", network.create_exploration, name="exploration_create"),
    path("explorations/<int:pk>/", network.show_exploration, name="exploration_detail"),
    path("explorations/<int:pk>/edit/", network.edit_exploration, name="exploration_edit"),
    path("explorations/<int:pk>/delete/", network.delete_exploration, name="exploration_delete"),
    path(
        "explorations/<int:pk>/suggestions/",
        exploration_views.show_suggestions,
        name="exploration_suggestions",
    ),
    path(
        "explorations/<int:pk>/suggestions/start/",
        exploration_views.start_interview,
        name="exploration_start_interview",
    ),
    path(
        "explorations/<int:pk>/targets/",
        exploration_views.add_target,
        name="exploration_add_target",
    ),
    path("targets/<int:pk>/edit/", exploration_views.edit_target, name="target_edit"),
    path("targets/<int:pk>/delete/", exploration_views.delete_target, name="target_delete"),
    path("search/", search_views.search_everything, name="search"),
    # Pipeline
    path("pipeline/", interviews.show_pipeline, name="pipeline"),
    path("interviews/new/", interviews.create_interview, name="interview_create"),
    path("interviews/<int:pk>/", interviews.show_interview, name="interview_detail"),
    path("interviews/<int:pk>/edit/", interviews.edit_interview, name="interview_edit"),
    path("interviews/<int:pk>/move/", interviews.move_interview, name="interview_move"),
    path("interviews/<int:pk>/delete/", interviews.delete_interview, name="interview_delete"),
    path("interviews/<int:pk>/takeaways/", interviews.add_takeaway, name="interview_add_takeaway"),
    path("interviews/<int:pk>/research/", interviews.save_research, name="interview_research"),
    path("interviews/<int:pk>/questions/", interviews.change_questions, name="interview_questions"),
    path("interviews/<int:pk>/prep/", interviews.show_prep, name="interview_prep"),
    path("interviews/<int:pk>/live/", interviews.show_live, name="interview_live"),
    path("interviews/<int:pk>/live/tick/", interviews.tick_question, name="interview_tick"),
    path("interviews/<int:pk>/live/notes/", interviews.save_notes, name="interview_notes"),
    path("interviews/<int:pk>/referrals/", interviews.add_referral, name="interview_add_referral"),
    path("interviews/<int:pk>/actions/", interviews.add_action, name="interview_add_action"),
    path("interviews/<int:pk>/debrief/", interviews.debrief_interview, name="interview_debrief"),
    # Other sections
    path("insights/", insights.show_insights, name="insights"),
    path("insights/skills/plan/", insights.plan_skill, name="insights_plan_skill"),
    path("insights/journal/", insights.show_journal, name="journal"),
    path("insights/journal/export/", insights.export_journal, name="journal_export"),
    path("settings/", accounts.edit_settings, name="settings"),
    path("settings/password/", accounts.set_password, name="set_password"),
    path("settings/export.json", accounts.export_json, name="export_json"),
    path("settings/import/", accounts.import_json, name="import_json"),
    path("settings/tokens/", accounts.create_token, name="api_token_create"),
    path("settings/tokens/<int:pk>/revoke/", accounts.revoke_token, name="api_token_revoke"),
    path("", include("coffeechat.outreach.urls")),
    path("", include("coffeechat.agenda.urls")),
    path("", include("coffeechat.growth.urls")),
    path("", include("coffeechat.growth.urls_more")),
    path("admin/", admin.site.urls),
    path("api/v1/", api_urls()),
]
