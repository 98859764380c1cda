"""Getting a message out: a mailto: link, an .eml file, or SMTP when it is configured.

Coffeechat calls no outside service unless the user configures one: without EMAIL_HOST
(see settings.py) a message leaves by copy, by the user's own mail app through a mailto:
link, or as an .eml file that mail apps open as a ready-to-send draft.
"""

from __future__ import annotations

import email.policy
import smtplib
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from urllib.parse import quote

from django.conf import settings
from django.core import mail
from django.utils.text import slugify

from coffeechat.outreach.models import Message


class SendError(Exception):
    """The message could not be sent; the text says why, for the user."""


def smtp_configured() -> bool:
    return "default" in settings.MAILERS


def smtp_sender() -> str:
    return str(settings.DEFAULT_FROM_EMAIL)


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def mailto_url(to: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the user's mail app with the message written.

    Everything but unreserved characters is percent-encoded (a space is %20, never +,
    which mail apps would show as is), and line breaks are CRLF as the RFC asks.
    """
    fields = []
    if subject:
        fields.append("subject=" + quote(subject, safe=""))
    if body:
        fields.append("body=" + quote(_crlf(body), safe=""))
    return "mailto:" + quote(to, safe="@") + ("?" + "&".join(fields) if fields else "")


def message_mailto_url(message: Message) -> str:
    return mailto_url(message.person.email, message.subject, message.body)


def eml_filename(message: Message) -> str:
    return f"{message.kind}-{slugify(message.person.name) or 'message'}.eml"


def eml_bytes(message: Message, *, sender_name: str = "", sender_email: str = "") -> bytes:
    """The message as an .eml file: a draft that mail apps open ready to send.

    X-Unsent tells Outlook and others to open it as a new message rather than as one
    received. Without a sender address, the mail app fills in the user's own.
    """
    eml = EmailMessage(policy=email.policy.default)
    sender = _address(sender_name, sender_email)
    if sender is not None:
        eml["From"] = sender
    recipient = _address(message.person.name, message.person.email)
    if recipient is not None:
        eml["To"] = recipient
    eml["Subject"] = message.subject
    eml["Date"] = formatdate(localtime=True)
    eml["X-Unsent"] = "1"
    eml.set_content(message.body)
    return eml.as_bytes()


def _address(name: str, address: str) -> Address | None:
    """The address for a header; None when it is empty or not an address (the mail app asks)."""
    if not address:
        return None
    try:
        return Address(display_name=name, addr_spec=address)
    except (ValueError, HeaderParseError):
        return None


def send_by_smtp(
    message: Message,
    *,
    sender_name: str = "",
    reply_to: str = "",
    attachment: tuple[str, bytes, str] | None = None,
) -> None:
    """Send the message through the configured SMTP server, or raise SendError."""
    if not smtp_configured():
        raise SendError("Sending by email isn't set up: set EMAIL_HOST to use it.")
    if not message.person.email:
        raise SendError(f"{message.person.name} has no email address yet.")
    outgoing = mail.EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=formataddr((sender_name, smtp_sender())),
        to=[formataddr((message.person.name, message.person.email))],
        reply_to=[reply_to] if reply_to and reply_to != smtp_sender() else None,
    )
    if attachment is not None:
        outgoing.attach(*attachment)
    try:
        outgoing.send(using="default")
    except smtplib.SMTPRecipientsRefused:
        raise SendError(
            f"The mail server refused the address {message.person.email}. Check it on "
            f"{message.person.first_name}'s page."
        ) from None
    except smtplib.SMTPAuthenticationError:
        raise SendError(
            "The mail server refused the user name or password (EMAIL_HOST_USER, "
            "EMAIL_HOST_PASSWORD)."
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise SendError(
            f"The mail server could not be reached or refused the message: {error}."
        ) from error
