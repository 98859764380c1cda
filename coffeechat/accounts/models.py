from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{value!r} is not a time zone; use a name like Europe/Paris."
        ) from None


class Theme(models.TextChoices):
    AUTO = "auto", "Follow the system"
    LIGHT = "light", "Light"
    DARK = "dark", "Dark"


class Profile(models.Model):
    """The user: who they are, as used in prep sheets and messages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    name = models.CharField(max_length=200, blank=True)
    introduction = models.TextField(
        blank=True, help_text="Your 30-second introduction, used in prep sheets and messages."
    )
    skills = models.TextField(blank=True, help_text="One skill per line.")
    goals = models.TextField(blank=True)
    country = models.CharField(
        max_length=2,
        default="US",
        help_text="Two-letter country code, for holidays and business days.",
    )
    region = models.CharField(
        max_length=10,
        blank=True,
        help_text="State or region code for regional holidays, e.g. CA or BY.",
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    theme = models.CharField(max_length=10, choices=Theme.choices, default=Theme.AUTO)
    # The follow-up rules. Defaults come from the practice: thank within a day; after
    # 3 business days without a reply try someone else there, after 7 follow up once.
    thank_you_hours = models.PositiveSmallIntegerField(
        "Thank-you due after (hours)", default=24, help_text="Hours after the meeting ends."
    )
    thank_you_escalate_hours = models.PositiveSmallIntegerField(
        "Thank-you urgent after (hours)", default=48
    )
    try_another_days = models.PositiveSmallIntegerField(
        "Try someone else after (business days)", default=3
    )
    follow_up_days = models.PositiveSmallIntegerField(
        "Follow up after (business days)",
        default=7,
        help_text="Also how long to wait after the follow-up before closing as no reply.",
    )
    prep_hours = models.PositiveSmallIntegerField("Prepare meetings within (hours)", default=48)
    prep_min_questions = models.PositiveSmallIntegerField(
        "Questions a prepared meeting has", default=5
    )
    linkedin_free_account = models.BooleanField(
        "Free LinkedIn account",
        default=False,
        help_text="Free accounts limit connection notes to 200 characters instead of 300.",
    )
    keep_in_touch_days = models.PositiveSmallIntegerField(
        "Keep in touch with people you interviewed every (days)",
        null=True,
        blank=True,
        default=90,
        help_text="Empty for no reminders. A person's own cadence overrides it.",
    )
    reflect_every_days = models.PositiveSmallIntegerField(
        "Suggest a reflection every (days)",
        null=True,
        blank=True,
        default=21,
        help_text="Empty for no reminders.",
    )
    email_digest = models.BooleanField(
        "E-mail me what is due",
        default=False,
        help_text=(
            "A daily e-mail of your Today list, sent only when something is due "
            "(where the server sends e-mail)."
        ),
    )

    def __str__(self) -> str:
        return self.name or self.user.get_username()

    @property
    def zone(self) -> dt.tzinfo:
        """The user's time zone; UTC should the stored name stop being known."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return dt.UTC

    @property
    def linkedin_note_limit(self) -> int:
        return 200 if self.linkedin_free_account else 300

    @property
    def skill_list(self) -> list[str]:
        return [line.strip() for line in self.skills.splitlines() if line.strip()]


def profile_for(user: AbstractBaseUser) -> Profile:
    """The user's profile, created on first use and kept on the user object for the request."""
    cached = user.__dict__.get("_coffeechat_profile")
    if isinstance(cached, Profile):
        return cached
    profile, _ = Profile.objects.get_or_create(user_id=user.pk)
    user.__dict__["_coffeechat_profile"] = profile
    return profile


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/login/link/{token}/"


class LoginLink(models.Model):
    """A one-time login link, the way notebook servers hand out access locally.

    Only the token's digest is stored, so the database alone can't be used to log in.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Login link for {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, user: AbstractBaseUser) -> str:
        """Create a link for the user and return its secret token."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        minutes = settings.COFFEECHAT_LOGIN_LINK_MINUTES
        cls.objects.create(
            user_id=user.pk,
            digest=_digest(token),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=minutes),
        )
        return token

    @classmethod
    def redeem(cls, token: str) -> User | None:
        """The link's user, if the token is valid, unexpired and unused; it is then spent."""
        now = timezone.now()
        with transaction.atomic():
            # Marking it used in the same UPDATE makes a second, racing redemption find nothing.
            spent = cls.objects.filter(
                digest=_digest(token), used_at__isnull=True, expires_at__gt=now
            ).update(used_at=now)
            if spent != 1:
                return None
            return cls.objects.select_related("user").get(digest=_digest(token)).user


class ApiToken(models.Model):
    """A personal token for the JSON API, named by its owner and revocable at any time.

    Only the digest is stored: the token is shown once, when it is created.
    """

    PREFIX = "cc_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The token's first characters, to tell it.")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
        """Create a token for the user; returns the row and the secret, shown only now."""
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user_id=user.pk, name=name, digest=_digest(secret), hint=secret[:10]
        )
        return token, secret

    @classmethod
    def user_for(cls, secret: str) -> User | None:
        """The user a live token belongs to, or None; notes when it was last used."""
        token = (
            cls.objects.select_related("user")
            .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


def ensure_owner() -> tuple[User, bool]:
    """The local owner account, created on first use. Returns (owner, created)."""
    owner = User.objects.filter(is_superuser=True).order_by("id").first()
    if owner is not None:
        return owner, False
    with transaction.atomic():
        owner, created = User.objects.get_or_create(
            username=settings.COFFEECHAT_OWNER, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            owner.set_unusable_password()
            owner.save()
        profile_for(owner)
    return owner, created


class DataVersion(models.Model):
    """Names the current state of a user's data; rendered pages are kept under it.

    Any change to the user's data deletes the row (coffeechat.pagecache), and the next page
    read makes a new random one, so a page kept under an old version is never shown again.
    Working state, not the user's data: the JSON export leaves it out.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"data version of user {self.user_id}"
