"""Google Contacts CSV exports, in both layouts Google has used.

The current export ("Google CSV" since 2023) has "First Name", "Last Name", "Organization
Name", "Organization Title", "Labels"; the older one has "Given Name", "Family Name",
"Organization 1 - Name", "Organization 1 - Title", "Group Membership". Both number their
emails, phones and websites ("E-mail 1 - Value", "E-mail 2 - Value", ...) and put several
values of one kind in one cell separated by " ::: ".
"""

from __future__ import annotations

from coffeechat.imports.formats.csvtext import AddressBook

GOOGLE = AddressBook(
    kind="Google Contacts",
    looks_like="a Google Contacts export",
    needed="'First Name' or 'Given Name'",
    first=("First Name", "Given Name"),
    last=("Last Name", "Family Name"),
    full=("Name", "File As", "Nickname"),
    organization=("Organization Name", "Organization 1 - Name"),
    organization_word="organization",
    position=("Organization Title", "Organization 1 - Title"),
    notes=("Notes",),
    place=(("Address 1 - City",), ("Address 1 - Region",), ("Address 1 - Country",)),
    emails=r"E-mail \d+ - Value",
    phones=r"Phone \d+ - Value",
    websites=r"Website \d+ - Value",
    several_per_cell=True,
)

# Every contact of a Google Contacts CSV export, or why a row was skipped.
read = GOOGLE.read
