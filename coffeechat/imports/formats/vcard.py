"""vCard files (2.1, 3.0 and 4.0), one contact per card, read with vobject.

Phones and Apple, Google and Outlook address books write cards with folded lines,
quoted-printable text in a stated charset (2.1), several emails and phones, an organization
with its units, and photos that can be megabytes of base64. Each card is parsed on its own,
so one broken card is reported and skipped while the others land.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import vobject

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.formats.csvtext import decode, joined, linkedin_url, unique, valid_emails
from coffeechat.imports.rows import Contact, Row, Skipped

# Binary properties Coffeechat has no use for; dropped before parsing, so a huge or broken
# photo costs nothing and can't spoil the card.
BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
PROPERTY = re.compile(r"^(?:[\w-]+\.)?([\w-]+)[;:]", re.ASCII)
BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)


def read(data: bytes, *, name: str) -> Iterator[Row]:
    """Every contact of a vCard file, or why a card was skipped."""
    cards = list(split_cards(decode(data)))
    if not cards:
        raise ImportFileError(f"{name}: this is not a vCard file: it has no BEGIN:VCARD line.")
    for number, lines in enumerate(cards, start=1):
        yield read_card(number, lines)


def split_cards(text: str) -> Iterator[list[str]]:
    """The lines of each card in the text; an unfinished last card is yielded as it is."""
    card: list[str] | None = None
    for line in text.splitlines():
        if BEGIN.match(line):
            if card is not None:
                yield card  # a BEGIN without END: the next card starts anyway
            card = [line]
        elif card is not None:
            card.append(line)
            if END.match(line):
                yield card
                card = None
    if card is not None:
        yield card


def without_binary(lines: list[str]) -> list[str]:
    """The card's lines without photos, logos, sounds and keys and their continuations."""
    kept: list[str] = []
    skipping = False
    for line in lines:
        found = PROPERTY.match(line)
        if found and not line[:1].isspace():
            skipping = found.group(1).upper() in BINARY
        elif skipping and (not line.strip() or line[:1].isspace() or ":" not in line):
            continue  # folded or (vCard 2.1) unindented base64 of the dropped property
        if not skipping:
            kept.append(line)
    return kept


def read_card(number: int, lines: list[str]) -> Row:
    if not END.match(lines[-1]):
        return Skipped(row=number, reason=f"card {number}: it has no END:VCARD line.")
    text = "\r\n".join(line for line in without_binary(lines) if line.strip()) + "\r\n"
    try:
        card = vobject.readOne(text, allowQP=True)
        return _contact(number, card)
    except Exception as error:  # vobject raises many kinds; each means this card is unreadable
        return Skipped(row=number, reason=f"card {number}: {_problem(error)}")


def _problem(error: Exception) -> str:
    message = " ".join(str(error).split())[:160]
    if isinstance(error, vobject.base.ParseError):
        return f"a line can't be read as a vCard property ({message})."
    if isinstance(error, LookupError):
        return f"it names a character set that doesn't exist ({message})."
    return f"it can't be read ({type(error).__name__}: {message})."


def _values(card: Any, key: str) -> list[Any]:
    return [line.value for line in card.contents.get(key, [])]


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(str(part) for part in value)
    return " ".join(str(value).split())


def _name(card: Any) -> tuple[str, str]:
    for value in _values(card, "n"):
        if isinstance(value, vobject.vcard.Name):
            first, last = _text(value.given), _text(value.family)
            if first or last:
                return first, last
    for value in _values(card, "fn"):
        first, _, last = _text(value).partition(" ")
        if first:
            return first, last
    return "", ""


def _organization(card: Any) -> str:
    for value in _values(card, "org"):
        units = value if isinstance(value, list) else [value]
        if units and _text(units[0]):
            return _text(units[0])
    return ""


def _location(card: Any) -> str:
    for value in _values(card, "adr"):
        if isinstance(value, vobject.vcard.Address):
            place = joined(_text(value.city), _text(value.region), _text(value.country))
            if place:
                return place
    return ""


def _contact(number: int, card: Any) -> Row:
    first, last = _name(card)
    organization = _organization(card)
    if not (first or last):
        what = f"only the organization {organization!r}" if organization else "no name"
        return Skipped(row=number, reason=f"card {number}: N and FN are empty ({what}).")
    titles = [_text(value) for value in _values(card, "title") + _values(card, "role")]
    phones = [_text(value).removeprefix("tel:") for value in _values(card, "tel")]
    links = [_text(value) for key in ("url", "x-socialprofile") for value in _values(card, key)]
    notes = [str(value).strip() for value in _values(card, "note")]
    return Contact(
        row=number,
        first_name=first,
        last_name=last,
        emails=valid_emails([_text(value) for value in _values(card, "email")]),
        phones=unique(phones),
        position=next((title for title in titles if title), ""),
        organization=organization,
        linkedin_url=linkedin_url(links),
        location=_location(card),
        notes="\n\n".join(note for note in notes if note),
    )
