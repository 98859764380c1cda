"""Setting a password by e-mail: "Forgot your password?", and invitations to a new account.

Both rest on Django's password-reset tokens. A link names the user and carries a token signed
with SECRET_KEY; it stops working once the password changes (so it works once) and after
PASSWORD_RESET_TIMEOUT (three days). Invitations sign with their own salt, so a reset link
can't stand in for an invitation or the other way round. There is no open sign-up: an
account exists only once someone runs `coffeechat adduser` or `coffeechat invite`.
"""

from __future__ import annotations

import ipaddress
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    PasswordResetConfirmView,
    PasswordResetView,
)
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coffeechat.accounts.models import profile_for
from coffeechat.outreach.sending import smtp_configured, smtp_sender


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "coffeechat.accounts.passwords.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


class InvitationError(Exception):
    """The invitation can't be made; the text says why, for the person running the command."""


def link_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def invite(email: str, *, name: str = "", username: str = "") -> User:
    """An account for the address that can't be used until its owner sets a password.

    The account is inactive and has no password. Inviting again someone who hasn't accepted
    yet is allowed: it changes their unusable password, so only the newest link works.
    """
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError(f"email: {email!r} is not an e-mail address.") from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is not None:
            if user.is_active or user.has_usable_password():
                raise InvitationError(
                    f"email: {email} already has an account ({user.get_username()}). "
                    "They can use “Forgot your password?” on the login page."
                )
        else:
            username = (username or email).strip().lower()
            if User.objects.filter(username__iexact=username).exists():
                raise InvitationError(f"username: a user called {username!r} already exists.")
            user = User(username=username, email=email, is_active=False)
        user.set_unusable_password()
        user.save()
        profile = profile_for(user)
        if name:
            profile.name = name
            profile.save()
    return user


def invitation_url(user: User, base_url: str | None = None) -> str:
    """The one-time link where the invited person chooses their password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("invitation_accept", args=[uid, invitation_tokens.make_token(user)])
    return (base_url or settings.COFFEECHAT_BASE_URL).rstrip("/") + path


def invitation_email(user: User, url: str) -> mail.EmailMessage:
    name = profile_for(user).name
    body = render_to_string(
        "accounts/invitation_email.txt",
        {"name": name, "username": user.get_username(), "url": url, "days": link_days()},
    )
    return mail.EmailMessage(
        subject="You're invited to Coffeechat",
        body=body,
        from_email=smtp_sender(),
        to=[formataddr((name, user.email))],
    )


class ResetPasswordView(PasswordResetView):
    """Django's "forgot your password" form, which says so plainly when e-mail isn't set up.

    As Django does, it answers the same whether or not the address has an account.
    """

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_email"] = smtp_configured()
        context["days"] = link_days()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not smtp_configured():
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)


class AcceptInvitationView(PasswordResetConfirmView):
    """The invitation link: choose a password, and the account opens and logs in."""

    token_generator = invitation_tokens
    template_name = "accounts/invitation_accept.html"
    title = "Choose your password"

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        with transaction.atomic():
            form.user.is_active = True
            user = form.save()
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, "Welcome to Coffeechat. Your password is set.")
        return redirect("today")


def client_address(request: HttpRequest) -> str | None:
    """The address of whoever is logging in, for login throttling.

    Without proxies (COFFEECHAT_PROXIES=0) it is the connection's own address. Behind N
    proxies that each append the address they saw to X-Forwarded-For, it is the entry the
    first of them appended: the N-th from the right. Entries to its left came from the
    client and are never believed, so a forged header cannot move someone's guesses onto
    another address. A header shorter than expected, or an entry that is no address, falls
    back to the connection's address.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies: int = settings.COFFEECHAT_PROXIES
    if proxies <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a login refused after too many wrong passwords (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
