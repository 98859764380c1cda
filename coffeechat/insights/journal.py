"""The journal: one row per interview, what was said and what came of it.

The page, the CSV and XLSX downloads and `coffeechat export journal` all read the same rows.
Exports are safe to open in a spreadsheet: a cell that starts like a formula (`=`, `+`,
`-`, `@`, a tab or a carriage return) is never run as one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from coffeechat.accounts.models import profile_for
from coffeechat.growth.models import Action, ActionStatus
from coffeechat.interviews.models import Interview, Stage, Takeaway
from coffeechat.network.models import search_key
from coffeechat.outreach.models import Message, MessageKind

PAGE_SIZE = 50
IDS_IN_QUERY = 500

# A spreadsheet runs a cell that starts with one of these as a formula (tab and line
# breaks too: some programs strip them and then see the "=" behind).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

HEADERS = (
    "Date",
    "Person",
    "Position",
    "Organization",
    "Exploration",
    "Stage",
    "Advice",
    "Next steps",
    "Thank-you sent",
    "Thank-you on time",
    "Follow-ups",
)

# Sort keys a user can pick on the page: name -> ORDER BY, the newest or A first.
SORTS: dict[str, tuple[str, ...]] = {
    "date": ("met_on", "id"),
    "person": ("person__last_name", "person__first_name", "id"),
    "organization": ("person__organization__name", "met_on", "id"),
    "exploration": ("exploration__name", "met_on", "id"),
    "stage": ("stage", "met_on", "id"),
    "thanked": ("thanked_at", "id"),
}
DEFAULT_SORT = "-date"

FOLLOW_UP_KINDS = (MessageKind.FOLLOW_UP, MessageKind.UPDATE, MessageKind.CHECK_IN)
FOLLOW_UP_LABELS: dict[str, str] = {
    MessageKind.FOLLOW_UP: "Follow-up",
    MessageKind.UPDATE: "Update",
    MessageKind.CHECK_IN: "Check-in",
}
STATUS_WORDS: dict[str, str] = {ActionStatus.DOING: "in progress", ActionStatus.DONE: "done"}


@dataclass(frozen=True)
class JournalFilter:
    """What the user narrowed the journal to; every field is optional."""

    exploration_id: int | None = None
    stage: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""
    sort: str = DEFAULT_SORT

    @property
    def sort_key(self) -> str:
        key = self.sort.removeprefix("-")
        return key if key in SORTS else DEFAULT_SORT.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-") if self.sort.removeprefix("-") in SORTS else True


@dataclass
class JournalRow:
    """One interview as the journal shows it."""

    interview_id: int
    date: dt.date
    person: str
    position: str
    organization: str
    exploration: str
    stage: str
    stage_label: str
    advice: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    thanked_on: dt.date | None = None
    thanked_on_time: bool | None = None
    follow_ups: list[str] = field(default_factory=list)

    @property
    def thanked_on_time_text(self) -> str:
        if self.thanked_on_time is None:
            return ""
        return "yes" if self.thanked_on_time else "no"

    def cells(self) -> tuple[dt.date | str | None, ...]:
        """The row's values in HEADERS order, lists joined one per line, line breaks as \\n."""
        return tuple(_one_line_ending(value) for value in self._values())

    def _values(self) -> tuple[dt.date | str | None, ...]:
        return (
            self.date,
            self.person,
            self.position,
            self.organization,
            self.exploration,
            self.stage_label,
            "\n".join(self.advice),
            "\n".join(self.next_steps),
            self.thanked_on,
            self.thanked_on_time_text,
            "\n".join(self.follow_ups),
        )


def _one_line_ending(value: dt.date | str | None) -> dt.date | str | None:
    """Text typed in a browser breaks lines with \\r\\n; a spreadsheet cell wants \\n."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def journal_interviews(user: Any, chosen: JournalFilter | None = None) -> QuerySet[Interview]:
    """The user's interviews in the journal's order, narrowed by the filter.

    An interview's date is when it was held, else when it is scheduled, else when it was
    requested, else when it was added.
    """
    chosen = chosen or JournalFilter()
    interviews = (
        Interview.objects.for_user(user)
        .annotate(met_on=Coalesce("held_at", "scheduled_at", "requested_at", "created_at"))
        .select_related("person", "person__organization", "exploration")
    )
    if chosen.exploration_id is not None:
        interviews = interviews.filter(exploration_id=chosen.exploration_id)
    if chosen.stage in Stage.values:
        interviews = interviews.filter(stage=chosen.stage)
    zone = profile_for(user).zone
    if chosen.date_from is not None:
        start = dt.datetime.combine(chosen.date_from, dt.time.min, tzinfo=zone)
        interviews = interviews.filter(met_on__gte=start)
    if chosen.date_to is not None:
        end = dt.datetime.combine(chosen.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        interviews = interviews.filter(met_on__lt=end)
    for word in chosen.text.split()[:8]:
        interviews = interviews.filter(_matches(word, user))
    order = SORTS[chosen.sort_key]
    if chosen.descending:
        order = tuple(f"-{name}" for name in order)
    return interviews.order_by(*order)


def _matches(word: str, user: Any) -> Q:
    """Interviews where the word appears: the person, their notes, debrief or takeaways."""
    said = Takeaway.objects.filter(
        user_id=user.pk, interview_id=OuterRef("pk"), text__icontains=word
    )
    return (
        Q(person__search_text__contains=search_key(word))
        | Q(exploration__name__icontains=word)
        | Q(notes__icontains=word)
        | Q(debrief__icontains=word)
        | Q(Exists(said))
    )


def journal_rows(user: Any, interviews: Iterable[Interview]) -> list[JournalRow]:
    """Rows for these interviews (already filtered and ordered), in four queries in all.

    Advice is the interview's takeaways; next steps the actions that came of them (and
    actions the person suggested without a takeaway); follow-ups the follow-up, update
    and check-in messages sent for the interview.
    """
    interviews = list(interviews)
    if not interviews:
        return []
    ids = [interview.pk for interview in interviews]
    person_ids = {interview.person_id for interview in interviews}
    # A page names its interviews; a whole export reads all the user's rows instead of
    # sending thousands of ids to the database (SQLite caps the parameters of a query).
    few = len(ids) <= IDS_IN_QUERY
    profile = profile_for(user)
    zone = profile.zone
    grace = dt.timedelta(hours=profile.thank_you_hours)

    advice: dict[int, list[str]] = defaultdict(list)
    for interview_id, text in (
        Takeaway.objects.for_user(user)
        .filter(Q(interview_id__in=ids) if few else Q())
        .order_by("created_at", "id")
        .values_list("interview_id", "text")
    ):
        advice[interview_id].append(text.strip())

    by_interview: dict[int, list[str]] = defaultdict(list)
    by_person: dict[int, list[str]] = defaultdict(list)
    for interview_id, person_id, title, status in (
        Action.objects.for_user(user)
        .filter(
            Q(takeaway__interview_id__in=ids)
            | Q(takeaway__isnull=True, suggested_by_id__in=person_ids)
            if few
            else Q(takeaway__isnull=False) | Q(suggested_by__isnull=False)
        )
        .order_by("id")
        .values_list("takeaway__interview_id", "suggested_by_id", "title", "status")
    ):
        text = title if status == ActionStatus.TODO else f"{title} ({_status_word(status)})"
        if interview_id is not None:
            by_interview[interview_id].append(text)
        else:
            by_person[person_id].append(text)

    thanked: dict[int, dt.datetime] = {}
    follow_ups: dict[int, list[str]] = defaultdict(list)
    for interview_id, kind, sent_at in (
        Message.objects.for_user(user)
        .filter(Q(interview_id__in=ids) if few else Q(interview__isnull=False))
        .filter(sent_at__isnull=False)
        .filter(kind__in=(MessageKind.THANK_YOU, *FOLLOW_UP_KINDS))
        .order_by("sent_at", "id")
        .values_list("interview_id", "kind", "sent_at")
    ):
        if sent_at is None:  # excluded above; this tells the type checker
            continue
        if kind == MessageKind.THANK_YOU:
            thanked.setdefault(interview_id, sent_at)
        else:
            when = timezone.localtime(sent_at, zone)
            follow_ups[interview_id].append(f"{FOLLOW_UP_LABELS[kind]} sent {when:%Y-%m-%d}")

    rows = []
    for interview in interviews:
        person = interview.person
        thank_time = thanked.get(interview.pk) or interview.thanked_at
        met_end = interview.held_at or interview.ends_at
        on_time = None
        if thank_time is not None and met_end is not None:
            on_time = thank_time <= met_end + grace
        met_on: dt.datetime = interview.met_on  # type: ignore[attr-defined]
        rows.append(
            JournalRow(
                interview_id=interview.pk,
                date=timezone.localtime(met_on, zone).date(),
                person=person.name,
                position=person.position,
                organization=person.organization.name if person.organization else "",
                exploration=interview.exploration.name if interview.exploration else "",
                stage=interview.stage,
                stage_label=Stage(interview.stage).label,
                advice=advice[interview.pk],
                next_steps=by_interview[interview.pk] + by_person[person.pk],
                thanked_on=timezone.localtime(thank_time, zone).date() if thank_time else None,
                thanked_on_time=on_time,
                follow_ups=follow_ups[interview.pk],
            )
        )
    return rows


def _status_word(status: str) -> str:
    return STATUS_WORDS.get(status, status)


# ----------------------------------------------------------------------------- export


def neutralise(value: str) -> str:
    """A text a spreadsheet shows as it is: a leading formula character gets a quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_value(value: dt.date | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(value)


def journal_csv(rows: Sequence[JournalRow]) -> bytes:
    """The journal as CSV in UTF-8 with a byte-order mark, so spreadsheets read accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row.cells()])
    return buffer.getvalue().encode("utf-8-sig")


def journal_xlsx(rows: Sequence[JournalRow]) -> bytes:
    """The journal as an Excel workbook: real dates, and every text a text, never a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Journal")
    sheet.freeze_panes = "A2"
    for column, width in zip(
        "ABCDEFGHIJK", (12, 24, 24, 24, 24, 12, 50, 40, 14, 10, 30), strict=True
    ):
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value, wrap) for value in row.cells()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: dt.date | str | None, wrap: Alignment) -> WriteOnlyCell:
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    cell = WriteOnlyCell(sheet, value=text)
    # openpyxl takes any text that starts with "=" for a formula; say it is a string.
    cell.data_type = "s"
    if "\n" in text:
        cell.alignment = wrap
    return cell


EXPORTERS = {"csv": journal_csv, "xlsx": journal_xlsx}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_journal(user: Any, kind: str, chosen: JournalFilter | None = None) -> tuple[bytes, int]:
    """The user's journal (filtered) as `kind` ("csv" or "xlsx"): the bytes and the row count."""
    rows = journal_rows(user, journal_interviews(user, chosen).iterator(chunk_size=2000))
    return EXPORTERS[kind](rows), len(rows)
