from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
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


# The most a Coffeechat export uploaded in Settings may weigh: 30,000 people with 100,000
# notes export to about 50 MB.
MAX_EXPORT_UPLOAD_BYTES = 200 * 1024 * 1024


@require_POST
def import_json(request: AuthedRequest) -> HttpResponse:
    """A Coffeechat export (from another computer or server) loaded into this account, which
    must be empty: everything in it, or nothing and the place at fault."""
    upload = request.FILES.get("file")
    name = PurePath(upload.name or "the file").name if upload is not None else ""
    try:
        if upload is None:
            raise portability.ExportFormatError("Choose the export file (.json) to import.")
        if upload.size is not None and upload.size > MAX_EXPORT_UPLOAD_BYTES:
            raise portability.ExportFormatError(
                f"{name}: the file is larger than {filesizeformat(MAX_EXPORT_UPLOAD_BYTES)}."
            )
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise portability.ExportFormatError(
                f"{name}: not a Coffeechat export (not UTF-8 text)."
            ) from None
        counts = portability.import_user(
            request.user, portability.loads(text, name=name), name=name
        )
    except portability.ExportFormatError as error:
        form = ProfileForm(instance=profile_for(request.user))
        context = _settings_context(request, form, import_error=str(error))
        return render(request, "accounts/settings.html", context, status=400)
    total = sum(counts.values())
    people = counts.get("network.person", 0)
    messages.success(
        request,
        f"Imported {name}: {total} rows, {people} of them people. Welcome back to your network.",
    )
    return redirect("today")


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
