"""Any spreadsheet of people, saved as CSV: columns mapped to a person's fields.

The mapping is guessed from the header (English, French, German, Spanish, Portuguese,
Italian and Dutch wordings) and the user can change it in the preview or with --map.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.formats.csvtext import cell, decode, linkedin_url, valid_emails
from coffeechat.imports.formats.linkedin import (
    clean_company,
    clean_first_name,
    parse_connected_on,
)
from coffeechat.imports.rows import Contact, Row, Skipped

# A person's fields a column can fill, with the words headers use for them.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "full name",
        "contact",
        "contact name",
        "person",
        "nom complet",
        "nome",
        "nombre completo",
        "vollständiger name",
        "volledige naam",
        "nome completo",
    ),
    "first_name": (
        "first name",
        "first",
        "given name",
        "firstname",
        "forename",
        "prénom",
        "prenom",
        "vorname",
        "nombre",
        "primeiro nome",
        "voornaam",
    ),
    "last_name": (
        "last name",
        "last",
        "surname",
        "family name",
        "lastname",
        "nom",
        "nom de famille",
        "nachname",
        "familienname",
        "apellido",
        "apellidos",
        "sobrenome",
        "cognome",
        "achternaam",
    ),
    "email": (
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "mail",
        "courriel",
        "adresse e-mail",
        "correo",
        "correo electrónico",
        "e-mail-adresse",
    ),
    "phone": (
        "phone",
        "phone number",
        "mobile",
        "mobile phone",
        "cell",
        "telephone",
        "téléphone",
        "telefon",
        "teléfono",
        "telefone",
        "telefono",
        "telefoonnummer",
        "handy",
        "portable",
    ),
    "position": (
        "position",
        "title",
        "job title",
        "role",
        "job",
        "poste",
        "fonction",
        "titre",
        "position/title",
        "berufsbezeichnung",
        "stelle",
        "cargo",
        "puesto",
        "ruolo",
        "functie",
    ),
    "organization": (
        "organization",
        "organisation",
        "company",
        "employer",
        "firm",
        "company name",
        "entreprise",
        "société",
        "societe",
        "employeur",
        "firma",
        "unternehmen",
        "arbeitgeber",
        "empresa",
        "azienda",
        "bedrijf",
    ),
    "linkedin_url": (
        "linkedin",
        "linkedin url",
        "linkedin profile",
        "profile",
        "url",
        "profil linkedin",
        "linkedin-profil",
        "perfil de linkedin",
    ),
    "location": (
        "location",
        "city",
        "place",
        "lieu",
        "ville",
        "ort",
        "stadt",
        "ciudad",
        "ubicación",
        "cidade",
        "città",
        "plaats",
        "woonplaats",
    ),
    "notes": (
        "notes",
        "note",
        "comments",
        "comment",
        "remarques",
        "notizen",
        "notas",
        "opmerkingen",
        "bemerkungen",
    ),
    "connected_on": ("connected on", "met on", "date", "since", "date added"),
}
FIELD_LABELS: dict[str, str] = {
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "position": "Position",
    "organization": "Organization",
    "linkedin_url": "LinkedIn URL",
    "location": "Location",
    "notes": "Notes",
    "connected_on": "Connected on",
}

ColumnMapping = Mapping[str, int]  # field -> column index


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[_\-.:*]+", " ", text.strip("\ufeff \"'")).casefold().split())


def read_table(data: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the rows of any CSV, whatever its delimiter (comma, semicolon, tab)."""
    text = decode(data).replace("\x00", "")
    if not text.strip():
        raise ImportFileError(f"{name}: the file is empty.")
    lines = text.splitlines(keepends=True)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            "".join(lines[:20])[:20_000], delimiters=",;\t|"
        )
    except csv.Error:
        dialect = csv.excel
    try:
        records = list(csv.reader(lines, dialect))
    except csv.Error as error:
        raise ImportFileError(f"{name}: this is not a readable CSV file ({error}).") from None
    header_at = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_at is None:
        raise ImportFileError(f"{name}: the file has no header row.")
    header = [" ".join(value.split()).strip("\ufeff") for value in records[header_at]]
    rows = [
        (number, record)
        for number, record in enumerate(records[header_at + 1 :], start=header_at + 2)
        if any(value.strip() for value in record)
    ]
    return header, rows


def guess_mapping(header: list[str]) -> dict[str, int]:
    """Which column fills which field, from the header's words; each column used once."""
    mapping: dict[str, int] = {}
    folded = [_fold(value) for value in header]
    used: set[int] = set()
    # A loose second pass finds "Work Email" and "Company Name"; full name comes last there,
    # so that "Contact Email" is an email column.
    loose_order = [f for f in FIELDS if f != "name"] + ["name"]
    for exact in (True, False):
        for field_name in FIELDS if exact else loose_order:
            words = FIELDS[field_name]
            if field_name in mapping:
                continue
            for index, column in enumerate(folded):
                if index in used or not column:
                    continue
                if column in words or (
                    not exact and any(re.search(rf"\b{re.escape(w)}\b", column) for w in words)
                ):
                    mapping[field_name] = index
                    used.add(index)
                    break
    if "name" in mapping and "first_name" in mapping:
        del mapping["name"]
    return mapping


def parse_mapping(text: str, header: list[str]) -> dict[str, int]:
    """A mapping written as "first_name=Given,email=Mail" (column names or 1-based numbers)."""
    mapping: dict[str, int] = {}
    folded = [_fold(value) for value in header]
    for part in text.split(","):
        if not part.strip():
            continue
        field_name, _, column = part.partition("=")
        field_name = field_name.strip()
        if field_name not in FIELDS:
            raise ValueError(f"{field_name!r} is not a field; use {', '.join(FIELDS)}.")
        column = column.strip()
        if column.isdigit() and 1 <= int(column) <= len(header):
            mapping[field_name] = int(column) - 1
        elif _fold(column) in folded:
            mapping[field_name] = folded.index(_fold(column))
        elif column:
            raise ValueError(f"{field_name}: there is no column called {column!r}.")
    return mapping


def _split_name(full: str) -> tuple[str, str]:
    if "," in full:  # "Doe, Jane"
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    first, _, last = full.rpartition(" ")
    return (first, last) if first else (last, "")


def read(
    data: bytes, *, name: str = "contacts.csv", mapping: ColumnMapping | None = None
) -> Iterator[Row]:
    """The people of a CSV file, by the given column mapping or the one its header suggests."""
    header, rows = read_table(data, name)
    columns = dict(mapping) if mapping is not None else guess_mapping(header)
    if not {"name", "first_name", "last_name"} & columns.keys():
        raise ImportFileError(
            f"{name}: no column holds names; map a column to first name, last name or full name."
        )

    for number, record in rows:

        def get(field_name: str, record: list[str] = record) -> str:
            return cell(record, columns.get(field_name))

        first, last = clean_first_name(get("first_name")), get("last_name")
        if not first and not last and get("name"):
            first, last = _split_name(get("name"))
            first = clean_first_name(first)
        if not first and not last:
            yield Skipped(number, "no name in the name columns", {"name": ""})
            continue
        if not first:
            first, last = last, ""
        email_cell = get("email")
        emails = valid_emails(re.split(r"[\s,;]+", email_cell))
        if email_cell and not emails:
            yield Skipped(
                number, f"email: {email_cell[:80]!r} is not an email address", {"email": email_cell}
            )
            continue
        yield Contact(
            row=number,
            first_name=first,
            last_name=last,
            emails=emails,
            phones=tuple(p for p in re.split(r"\s*[;|]\s*", get("phone")) if p),
            position=get("position"),
            organization=clean_company(get("organization")),
            linkedin_url=linkedin_url([get("linkedin_url")]),
            location=get("location"),
            connected_on=parse_connected_on(get("connected_on")),
            notes=get("notes"),
        )
