"""The Google, Outlook and vCard readers on real-world samples and on random, broken input."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.formats import google, outlook, vcard
from coffeechat.imports.rows import Contact, Row, Skipped

pytestmark = pytest.mark.backend_independent

DATA = Path(__file__).parent / "data" / "imports"
Reader = Callable[..., Iterator[Row]]
READERS: dict[str, Reader] = {"google": google.read, "outlook": outlook.read, "vcard": vcard.read}


def rows(reader: Reader, file: str) -> list[Row]:
    return list(reader((DATA / file).read_bytes(), name=file))


def contacts(reader: Reader, file: str) -> dict[str, Contact]:
    return {row.name: row for row in rows(reader, file) if isinstance(row, Contact)}


def skipped(reader: Reader, file: str) -> dict[int, str]:
    return {row.row: row.reason for row in rows(reader, file) if isinstance(row, Skipped)}


# Google


def test_google_current_layout_reads_every_value_of_a_cell() -> None:
    priya = contacts(google.read, "google-contacts.csv")["Priya Raman"]
    assert priya.row == 2
    assert priya.emails == (
        "priya@northwind.example",
        "priya.raman@gmail.example",
        "priya.r@home.example",
    )
    assert priya.phones == ("+1 617 555 0101", "+1 617 555 0199", "+1 617 555 0102")
    assert priya.organization == "Northwind Health, Inc."
    assert priya.position == "Senior UX Researcher"
    assert priya.linkedin_url == "https://www.linkedin.com/in/priya-raman"
    assert priya.location == "Boston, MA, USA"
    assert priya.notes == "Met at UXPA 2024.\nLikes talking about diary studies."


def test_google_keeps_accents_commas_and_nicknames() -> None:
    found = contacts(google.read, "google-contacts.csv")
    assert found["José García"].position == "Director, Product"
    assert found["Mo"].phones == ("555-0303",)  # only a nickname: still a person
    assert found["Ada Lovelace"].emails == ()  # "not-an-email" is no address


def test_google_skips_a_company_without_a_person_and_says_so() -> None:
    assert skipped(google.read, "google-contacts.csv") == {
        4: "row 4: First Name and Last Name are empty (only the organization 'Fabrikam')."
    }


def test_google_older_layout_in_utf16() -> None:
    found = contacts(google.read, "google-contacts-old.csv")
    lin = found["Lin Chen"]
    assert lin.emails == ("lin.chen@acme.example", "lin@personal.example")
    assert lin.organization == "Acme, Corp."
    assert lin.position == "Staff Data Scientist"
    assert lin.linkedin_url == "https://linkedin.com/in/linchen"
    assert found["Sam Okafor"].email == "sam@okafor.example"  # from the full "Name" column
    assert list(skipped(google.read, "google-contacts-old.csv")) == [4]


def test_google_rejects_a_file_that_is_not_a_google_export() -> None:
    with pytest.raises(ImportFileError, match=r"linkedin.csv: .*'First Name'"):
        list(google.read(b"URL,Company\nx,y\n", name="linkedin.csv"))


# Outlook


def test_outlook_classic_in_windows_1252() -> None:
    renee = contacts(outlook.read, "outlook-classic.csv")["Renée O’Connor"]
    assert renee.organization == "Société Générale"
    assert renee.position == "Head of Quantitative Research"  # "Title" is only "Dr."
    assert renee.emails == ("renee.oconnor@socgen.example", "renee@home.example")
    assert renee.phones == ("+33 1 42 14 20 00", "+33 6 12 34 56 78")
    assert renee.linkedin_url == "https://www.linkedin.com/in/renee-oconnor"
    assert renee.location == "Paris, France"
    tomas = contacts(outlook.read, "outlook-classic.csv")["Tomás Ibáñez"]
    assert tomas.organization == "Café Olé, S.L."
    assert skipped(outlook.read, "outlook-classic.csv") == {
        4: "row 4: First Name and Last Name are empty (only the company 'Northwind Traders')."
    }


def test_outlook_com_people_layouts_with_a_byte_order_mark() -> None:
    keiko = contacts(outlook.read, "outlook-people.csv")["Keiko Tanaka"]
    assert keiko.emails == ("keiko.tanaka@outlook.example", "k.tanaka@work.example")
    assert (keiko.position, keiko.organization) == ("Product Manager", "Rakuten, Inc.")
    assert keiko.location == "Tokyo, Japan"
    amara = contacts(outlook.read, "outlook-people-short.csv")["Amara Nwosu"]
    assert amara.email == "amara@nwosu.example"
    assert (amara.position, amara.organization) == ("Engineering Manager", "Initech")
    assert amara.phones == ("+234 801 000 0000",)


# vCard


def test_vcard_21_quoted_printable_in_two_charsets() -> None:
    found = contacts(vcard.read, "vcard-2.1-android.vcf")
    juergen = found["Jürgen Müller"]
    assert juergen.organization == "Siemens AG"
    assert juergen.position == "Data Engineer"
    assert juergen.emails == ("juergen.mueller@siemens.example", "jm@posteo.example")
    assert juergen.phones == ("+49 170 1234567", "+49 89 636 00")
    assert juergen.notes == "Kennt jemanden bei Zeiss. Möchte über Datenqualität reden."
    assert found["Benoît François"].phone == "01 23 45 67 89"
    assert skipped(vcard.read, "vcard-2.1-android.vcf") == {
        3: "card 3: it names a character set that doesn't exist (unknown encoding: NOT-A-CHARSET)."
    }


def test_vcard_30_with_folded_lines_a_photo_and_a_broken_card() -> None:
    found = contacts(vcard.read, "vcard-3.0-apple.vcf")
    chinwe = found["Chinwe Okonkwo"]
    assert chinwe.organization == "Globex Corporation"  # not its units
    assert chinwe.position == "Principal Engineer"
    assert chinwe.emails == ("chinwe@globex.example", "chinwe.o@mail.example")
    assert chinwe.linkedin_url == "https://www.linkedin.com/in/chinweo"
    assert chinwe.location == "San Francisco, CA, USA"
    assert chinwe.notes == (
        "Introduced by Priya. Interested in mentoring career changers, especially from "
        "teaching.\nPrefers mornings."
    )
    assert found["Hiro Nakamura"].position == "Talent Partner"  # from ROLE
    reasons = skipped(vcard.read, "vcard-3.0-apple.vcf")
    assert list(reasons) == [3, 4]
    assert "this line has no colon at all" in reasons[3]
    assert reasons[4] == "card 4: N and FN are empty (only the organization 'Only A Company Inc.')."


def test_vcard_40_and_an_unfinished_card() -> None:
    ann = contacts(vcard.read, "vcard-4.0.vcf")["Ann O'Neil"]
    assert ann.organization == "Example, Inc."
    assert ann.phones == ("+1-555-555-0101", "+1-555-555-0102;ext=7")
    assert ann.linkedin_url == "https://www.linkedin.com/in/ann-oneil/"
    assert skipped(vcard.read, "vcard-4.0.vcf") == {2: "card 2: it has no END:VCARD line."}


def test_vcard_ignores_a_huge_photo_in_either_folding() -> None:
    photo = base64.b64encode(os.urandom(12_000_000)).decode()
    folded = "\r\n ".join(photo[i : i + 76] for i in range(0, len(photo), 76))
    unindented = "\r\n".join(photo[i : i + 76] for i in range(0, len(photo), 76))
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Big;Photo;;;\r\nPHOTO;ENCODING=b:"
        f"{folded}\r\nEMAIL:big@example.org\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Old;Phone\r\nPHOTO;ENCODING=BASE64;JPEG:\r\n"
        f"{unindented}\r\n\r\nTEL:123\r\nEND:VCARD\r\n"
    ).encode()
    found = {row.name: row for row in vcard.read(data, name="big.vcf") if isinstance(row, Contact)}
    assert found["Photo Big"].email == "big@example.org"
    assert found["Phone Old"].phones == ("123",)


def test_vcard_rejects_a_file_without_cards() -> None:
    with pytest.raises(ImportFileError, match=r"notes\.txt: this is not a vCard file"):
        list(vcard.read(b"Hello there", name="notes.txt"))


# Never anything but a clear file-level error


def _survives(reader: Reader, data: bytes) -> None:
    try:
        found = list(reader(data, name="random.bin"))
    except ImportFileError as error:
        assert str(error).startswith("random.bin: ")
        return
    for row in found:
        assert isinstance(row, Contact | Skipped)
        assert row.row >= 1
        if isinstance(row, Skipped):
            assert row.reason.startswith(("row ", "card ")), row.reason
        else:
            assert row.first_name or row.last_name


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(data=st.binary(max_size=2000))
@pytest.mark.parametrize("kind", sorted(READERS))
def test_random_bytes_never_break_a_reader(kind: str, data: bytes) -> None:
    _survives(READERS[kind], data)


SAMPLES = {
    "google": ["google-contacts.csv", "google-contacts-old.csv"],
    "outlook": ["outlook-classic.csv", "outlook-people.csv", "outlook-people-short.csv"],
    "vcard": ["vcard-2.1-android.vcf", "vcard-4.0.vcf"],
}


@FUZZ
@given(
    choice=st.integers(min_value=0, max_value=10),
    cuts=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 200), st.binary(max_size=40))),
)
@pytest.mark.parametrize("kind", sorted(READERS))
def test_damaged_samples_never_break_a_reader(
    kind: str, choice: int, cuts: list[tuple[int, int, bytes]]
) -> None:
    files = SAMPLES[kind]
    data = bytearray((DATA / files[choice % len(files)]).read_bytes())
    for at, length, replacement in cuts:  # cut, splice and overwrite the real file
        at %= len(data) + 1
        data[at : at + length] = replacement
    _survives(READERS[kind], bytes(data))


@FUZZ
@given(
    cells=st.lists(
        st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=30), max_size=8),
        max_size=6,
    )
)
@pytest.mark.parametrize("kind", ["google", "outlook"])
def test_random_cells_under_a_real_header_never_break_a_reader(
    kind: str, cells: list[list[str]]
) -> None:
    header = (DATA / SAMPLES[kind][0]).read_bytes().decode("utf-8-sig", "replace").splitlines()[0]
    lines = [header] + [",".join(f'"{c.replace(chr(34), "")}"' for c in row) for row in cells]
    _survives(READERS[kind], "\n".join(lines).encode())


@FUZZ
@given(
    properties=st.lists(
        st.tuples(
            st.sampled_from(["N", "FN", "EMAIL", "TEL", "ORG", "TITLE", "NOTE", "URL", "X-Y"]),
            st.text(max_size=40),
        ),
        max_size=8,
    ),
    version=st.sampled_from(["2.1", "3.0", "4.0"]),
)
def test_random_properties_in_a_card_never_break_the_vcard_reader(
    properties: list[tuple[str, str]], version: str
) -> None:
    body = "".join(f"{key}:{value}\r\n" for key, value in properties)
    _survives(vcard.read, f"BEGIN:VCARD\r\nVERSION:{version}\r\n{body}END:VCARD\r\n".encode())
