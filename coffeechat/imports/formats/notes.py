"""A folder of Markdown notes with YAML front matter, one informational interview per file.

The way people keep notes in Obsidian:

    ---
    person: "[[Jane Doe]]"
    position: UX Researcher
    organization: Northwind Health
    date: 2024-10-09
    exploration: UX research      # optional
    email: jane@northwind.example # optional
    ---
    What she said...

The body becomes the interview's notes. Notes without front matter or without `person` are
reported as skipped (a vault holds more than interviews); hidden folders such as
`.obsidian` and `.trash` are not read. The web page sends the folder as a .zip.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
import yaml

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.formats.csvtext import linkedin_url, valid_emails
from coffeechat.imports.formats.linkedin import clean_first_name, parse_connected_on
from coffeechat.imports.rows import Contact, NotedInterview, Row, Skipped

SUFFIXES = (".md", ".markdown")
MAX_NOTE_BYTES = 2_000_000
MAX_NOTES = 20_000


def _wanted(relative: PurePosixPath) -> bool:
    return relative.suffix.lower() in SUFFIXES and not any(
        part.startswith((".", "__MACOSX")) for part in relative.parts
    )


def note_files(folder: Path) -> list[tuple[str, bytes]]:
    """The notes of a folder (or .zip of one), sorted by path: (relative path, bytes)."""
    if folder.is_file() and zipfile.is_zipfile(folder):
        return zip_notes(folder.read_bytes(), folder.name)
    if not folder.is_dir():
        raise ImportFileError(f"{folder}: there is no folder of notes here.")
    found: list[tuple[str, bytes]] = []
    for path in sorted(folder.rglob("*"), key=lambda path: path.relative_to(folder).as_posix()):
        relative = PurePosixPath(path.relative_to(folder).as_posix())
        if path.is_file() and _wanted(relative) and len(found) < MAX_NOTES:
            data = path.read_bytes() if path.stat().st_size <= MAX_NOTE_BYTES else b""
            found.append((str(relative), data))
    return found


def zip_notes(data: bytes, name: str) -> list[tuple[str, bytes]]:
    """The notes inside a .zip of a notes folder, sorted by path."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and _wanted(PurePosixPath(info.filename))
        ]
        found = []
        for info in sorted(members, key=lambda info: info.filename)[:MAX_NOTES]:
            small = info.file_size <= MAX_NOTE_BYTES
            found.append((info.filename, archive.read(info) if small else b""))
        return found
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise ImportFileError(f"{name}: this is not a readable .zip of notes ({error}).") from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    return " ".join(str(value).split())


def _person_name(value: Any) -> str:
    """ "[[Jane Doe]]" or "[[people/Jane Doe|Jane]]" (Obsidian links) are plain names here."""
    text = _text(value)
    link = re.fullmatch(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]", text)
    if link:
        text = link.group(1).rsplit("/", 1)[-1]
    return text.strip("\"' ")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return parse_connected_on(text)


def read_note(number: int, file: str, data: bytes) -> Row:
    """One note as an interview, or the reason it can't be one."""
    if not data:
        return Skipped(number, f"{file}: the note is empty or larger than 2 MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Skipped(number, f"{file}: the note is not UTF-8 text")
    try:
        post = frontmatter.loads(text.replace("\x00", ""))
    except (yaml.YAMLError, ValueError, TypeError, AttributeError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        return Skipped(number, f"{file}: the front matter is not valid YAML ({first_line})")
    meta = post.metadata
    if not isinstance(meta, dict) or not meta:
        return Skipped(number, f"{file}: no front matter with a person")
    name = _person_name(meta.get("person"))
    if not name:
        return Skipped(number, f"{file}: person: the front matter names nobody", {"person": ""})
    date = _date(meta.get("date"))
    if meta.get("date") not in (None, "") and date is None:
        raw = _text(meta.get("date"))
        return Skipped(
            number, f"{file}: date: {raw[:40]!r} is not a date like 2024-10-09", {"date": raw}
        )
    email = _text(meta.get("email"))
    emails = valid_emails([email]) if email else ()
    if email and not emails:
        return Skipped(number, f"{file}: email: {email[:80]!r} is not an email address")
    first, _, last = name.rpartition(" ")
    first, last = (first, last) if first else (last, "")
    contact = Contact(
        row=number,
        first_name=clean_first_name(first),
        last_name=last,
        emails=emails,
        position=_text(meta.get("position")),
        organization=_text(meta.get("organization") or meta.get("company")),
        linkedin_url=linkedin_url([_text(meta.get("linkedin"))]),
    )
    return NotedInterview(
        row=number,
        file=file,
        contact=contact,
        date=date,
        exploration=_text(meta.get("exploration")),
        notes=post.content.strip(),
    )


def read(source: Path | bytes, *, name: str = "notes") -> Iterator[Row]:
    """Every note of a folder, a .zip file, or the bytes of a .zip, in path order."""
    files = zip_notes(source, name) if isinstance(source, bytes) else note_files(source)
    if not files:
        raise ImportFileError(f"{name}: there are no Markdown notes (.md) here.")
    for number, (file, data) in enumerate(files, start=1):
        yield read_note(number, file, data)
