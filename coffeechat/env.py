"""Typed readers for the environment variables that configure Coffeechat.

Each reader fails loudly with the variable's name, so a bad value stops start-up
with a message the user can act on instead of a traceback deep inside Django.
"""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str) -> str:
    return _raw(name) or default


def env_optional(name: str) -> str | None:
    return _raw(name)


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (1/0, yes/no, on/off), got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} must be a comma-separated list, got {value!r}.")
    return items


def env_time_zone(name: str, default: str) -> str:
    value = _raw(name) or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be an IANA time zone such as 'Europe/Paris', got {value!r}."
        ) from None
    return value


def env_directory(name: str, default: Path) -> Path:
    value = _raw(name)
    path = Path(value).expanduser() if value else default
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"{name} points to {str(path)!r}, which can't be created: {error.strerror}."
        ) from None
    if not path.is_dir() or not os.access(path, os.W_OK):
        raise ImproperlyConfigured(
            f"{name} points to {str(path)!r}, which is not a writable folder."
        )
    return path


def env_database_url(name: str) -> dict[str, object] | None:
    value = _raw(name)
    if value is None:
        return None
    import dj_database_url

    if not value.startswith(("postgres://", "postgresql://", "pgsql://", "postgis://")):
        raise ImproperlyConfigured(
            f"{name} must be a PostgreSQL URL such as postgresql://user:password@host:5432/coffeechat, "
            f"got one starting with {value.split(':', 1)[0]!r}."
        )
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}.") from None
    return dict(config)
