"""Outlook CSV exports: classic desktop Outlook and the newer Outlook.com (People) layout.

Classic Outlook writes "First Name", "Last Name", "Company", "Job Title", "E-mail Address",
"E-mail 2 Address", "Business Phone", "Mobile Phone"... and its "Title" is an honorific
("Dr."), not a position. Outlook.com writes "First name", "Last name", "Email address",
"Company", "Job title". Both are seen with a byte-order mark and in Windows-1252.
"""

from __future__ import annotations

from coffeechat.imports.formats.csvtext import AddressBook

OUTLOOK = AddressBook(
    kind="Outlook",
    looks_like="an Outlook export",
    needed="'First Name' or 'Last Name'",
    first=("First Name",),
    last=("Last Name",),
    full=("Display Name", "Name", "Nickname", "E-mail Display Name"),
    organization=("Company", "Company Name"),
    organization_word="company",
    position=("Job Title",),
    notes=("Notes",),
    place=(
        ("Business City", "Home City", "City"),
        ("Business State", "Home State", "State"),
        ("Business Country/Region", "Home Country/Region", "Country/Region", "Country"),
    ),
    emails=r"(E-?mail( \d)? Address|Email address( \d)?|Primary email|Secondary email)",
    phones=r"((Business|Home|Mobile|Primary|Other|Car|Company Main)( Phone| Telephone)( \d)?)",
    websites=("Web Page", "Personal Web Page", "Business Web Page", "Website"),
    address_as_name=True,
)

# Every contact of an Outlook CSV export, or why a row was skipped.
read = OUTLOOK.read
