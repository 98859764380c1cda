"""Keep secrets out of the logs.

Some of Coffeechat's addresses carry a secret in the path: a one-time login link, the
calendar feed, password reset and invitation links. Django logs the path of every request
it refuses ("Not Found: /login/link/…"), runserver and gunicorn log every request line, and
waitress logs the path of a request that broke. Whoever reads a log could use those links.

`redact` replaces the secret part with `[redacted]` and keeps the shape of the address, so a
log still says which page was asked for. API tokens, bearer headers, session cookies and
password fields are redacted wherever they appear.
"""

from __future__ import annotations

import logging
import logging.config
import re
from typing import Any

HIDDEN = "[redacted]"

_SECRETS = [
    # /login/link/<token>/
    (re.compile(r"(/login/link/)[^/\s?#\"']+"), rf"\g<1>{HIDDEN}"),
    # /calendar/<token>.ics
    (re.compile(r"(/calendar/)[^/\s?#\"']+?(\.ics)"), rf"\g<1>{HIDDEN}\g<2>"),
    # /login/reset/<uidb64>/<token>/ and /welcome/<uidb64>/<token>/
    (re.compile(r"(/(?:login/reset|welcome)/[^/\s?#\"']+/)[^/\s?#\"']+"), rf"\g<1>{HIDDEN}"),
    # A personal API token, wherever it shows up.
    (re.compile(r"\bcc_[A-Za-z0-9_-]{8,}"), f"cc_{HIDDEN}"),
    (re.compile(r"(?i)(\bbearer\s+)[^\s,;\"']+"), rf"\g<1>{HIDDEN}"),
    # Cookies and form fields: sessionid=…, password=…, new_password1=…
    (re.compile(r"(?i)(\b(?:sessionid|csrftoken|[a-z_]*password[a-z0-9_]*)=)[^\s&;,\"']+"),
     rf"\g<1>{HIDDEN}"),
]  # fmt: skip

# The loggers that write request paths. Filters on a logger see its records before any
# handler does (pytest's caplog and gunicorn's access log included).
LOGGERS_WITH_PATHS = (
    "django.request",
    "django.security.csrf",
    "django.server",
    "waitress",
    "gunicorn.access",
    "gunicorn.error",
)


def redact(text: str) -> str:
    """The text with every secret in it replaced by `[redacted]`."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record's message (and its traceback) without the secrets; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is logging's own error to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


_redact_secrets = RedactSecrets()


def configure(config: dict[str, Any]) -> None:
    """Django's LOGGING_CONFIG: apply LOGGING, then redact on every logger that writes paths.

    The filter is added to the loggers rather than declared in LOGGING because declaring a
    logger there would replace the handlers runserver and gunicorn give it.
    """
    logging.config.dictConfig(config)
    for name in LOGGERS_WITH_PATHS:
        logger = logging.getLogger(name)
        if _redact_secrets not in logger.filters:
            logger.addFilter(_redact_secrets)
