from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coffeechat import portability
from coffeechat.accounts.forms import ApiTokenForm, ProfileForm
from coffeechat.accounts.models import ApiToken, LoginLink, profile_for
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
    return render(request, "accounts/settings.html", _settings_context(request, form))


def _settings_context(
    request: AuthedRequest, form: ProfileForm, **extra: object
) -> dict[str, object]:
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return {"form": form, "tokens": tokens, "token_form": ApiTokenForm(), **extra}


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


@require_POST
def create_token(request: AuthedRequest) -> HttpResponse:
    """A new API token, shown on this one page and never again."""
    form = ApiTokenForm(request.POST)
    profile_form = ProfileForm(instance=profile_for(request.user))
    if not form.is_valid():
        context = _settings_context(request, profile_form, token_form=form)
        return render(request, "accounts/settings.html", context, status=400)
    token, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
    context = _settings_context(request, profile_form, new_token=token, new_secret=secret)
    response = render(request, "accounts/settings.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def revoke_token(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, user=request.user, pk=pk, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, f"Token {token.name!r} revoked: it opens nothing any more.")
    return redirect(reverse("settings") + "#api-heading")
