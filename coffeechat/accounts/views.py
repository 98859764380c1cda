from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from coffeechat import portability
from coffeechat.accounts.forms import ProfileForm
from coffeechat.accounts.models import LoginLink, profile_for
from coffeechat.owned import AuthedRequest


@login_not_required
@never_cache
def use_login_link(request: HttpRequest, token: str) -> HttpResponse:
    user = LoginLink.redeem(token)
    if user is None:
        messages.error(
            request,
            "That login link has been used or has expired. Run `coffeechat login-link` for a new one.",
        )
        return redirect("login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("today")


def edit_settings(request: AuthedRequest) -> HttpResponse:
    profile = profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("settings")
    return render(request, "accounts/settings.html", {"form": form})


def set_password(request: AuthedRequest) -> HttpResponse:
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(
            request, "Password set. You can now log in with it as well as with a login link."
        )
        return redirect("settings")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": "Set your password", "cancel_url": "/settings/"},
    )


def export_json(request: AuthedRequest) -> HttpResponse:
    """Everything of the signed-in user as the versioned JSON export, as a download."""
    text = portability.dumps(portability.export_user(request.user))
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="coffeechat-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response
