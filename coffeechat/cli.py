"""The `coffeechat` command: Django's management commands under Coffeechat's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
    from django.core.exceptions import ImproperlyConfigured

    args = ["coffeechat", *(sys.argv[1:] if argv is None else argv)]
    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        print(f"coffeechat: configuration error: {error}", file=sys.stderr)
        sys.exit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
