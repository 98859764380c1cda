"""Merging two people who turned out to be one, and keeping apart those who are not.

A merge keeps one person (the one whose page the user started from) with the field values
the user picked, moves every row that points at the other person to them (interviews,
messages, notes, takeaways, actions, referrals, job postings, events, resources, snoozes on
Today) and then deletes the other person, all in one transaction: nothing of either is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction

from coffeechat.agenda.models import Snooze
from coffeechat.network.models import KeptApart, Person

# The fields the user picks between on the merge screen, in the order it shows them.
CHOSEN_FIELDS = (
    "first_name",
    "last_name",
    "position",
    "organization",
    "email",
    "phone",
    "linkedin_url",
    "location",
    "source",
    "referred_by",
    "keep_in_touch_days",
    "responsiveness",
)


@dataclass(frozen=True)
class FieldChoice:
    """One field of the merge screen: both people's values, and whether they differ."""

    name: str
    label: str
    kept: str
    merged: str

    @property
    def differs(self) -> bool:
        return self.kept != self.merged


def _field(name: str) -> models.Field[Any, Any]:
    field = Person._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _shown(person: Person, name: str) -> str:
    if _field(name).choices:
        return str(getattr(person, f"get_{name}_display")())
    value = getattr(person, name)
    return "" if value is None else str(value)


def field_choices(kept: Person, merged: Person) -> list[FieldChoice]:
    return [
        FieldChoice(
            name=name,
            label=str(_field(name).verbose_name).capitalize(),
            kept=_shown(kept, name),
            merged=_shown(merged, name),
        )
        for name in CHOSEN_FIELDS
    ]


def pair_key(one: int, other: int) -> tuple[int, int]:
    return (one, other) if one < other else (other, one)


def keep_apart(user: Any, one: Person, other: Person) -> None:
    """Remember that these two are different people, so they are no longer listed as a pair."""
    first, second = pair_key(one.pk, other.pk)
    KeptApart.objects.get_or_create(user=user, person_a_id=first, person_b_id=second)


def kept_apart_pairs(user: Any) -> set[tuple[int, int]]:
    return set(KeptApart.objects.for_user(user).values_list("person_a_id", "person_b_id"))


@transaction.atomic
def merge_people(kept: Person, merged: Person, picks: Mapping[str, str]) -> Person:
    """Fold `merged` into `kept`; `picks` says which side's value each field takes.

    A pick is "merged" to take the merged person's value; anything else keeps `kept`'s.
    Research notes are joined and tags united rather than picked: neither should be lost.
    """
    if kept.user_id != merged.user_id or kept.pk == merged.pk:
        raise ValueError("Only two different people of the same user can be merged.")
    for name in CHOSEN_FIELDS:
        if picks.get(name) == "merged":
            setattr(kept, name, getattr(merged, name))
    if kept.referred_by_id in (kept.pk, merged.pk):  # one referred the other: nobody now
        kept.referred_by = None
    kept.research_notes = _joined(kept.research_notes, merged.research_notes)
    kept.tags = ", ".join(dict.fromkeys([*kept.tag_list, *merged.tag_list]))[:300]
    kept.last_linkedin_message_at = _latest(
        kept.last_linkedin_message_at, merged.last_linkedin_message_at
    )
    _move_related_rows(kept, merged)
    _move_kept_apart(kept, merged)
    _move_snoozes(kept, merged)
    merged.delete()
    kept.save()
    # Rows moved by UPDATE sent no signals: refresh what search knows of the kept person.
    Person.objects.filter(pk=kept.pk).reindex()
    return kept


def _joined(first: str, second: str) -> str:
    if not second.strip() or second.strip() in first:
        return first
    if not first.strip():
        return second
    return f"{first.rstrip()}\n\n{second.strip()}"


def _latest(first: Any, second: Any) -> Any:
    return max((value for value in (first, second) if value is not None), default=None)


def related_rows(person: Person) -> dict[str, int]:
    """How many rows of each kind point at the person (what a merge must carry over)."""
    counts: dict[str, int] = {}
    for relation in Person._meta.related_objects:
        if isinstance(relation, models.ManyToManyRel):
            through = _through(relation)
            column = _through_column(through)
            counts[relation.name] = through.objects.filter(**{column: person.pk}).count()
        else:
            field_name = relation.field.name
            related = relation.related_model._base_manager
            counts[relation.name] = related.filter(**{field_name: person.pk}).count()
    return counts


def _through(relation: models.ManyToManyRel) -> Any:
    """The table that links the person with a job posting, an event..."""
    through = relation.through
    assert through is not None  # Django fills it in when the models load
    return through


def _through_column(through: Any) -> str:
    """The through table's column holding the person ("person_id")."""
    for field in through._meta.get_fields():
        if isinstance(field, models.ForeignKey) and field.related_model is Person:
            return field.attname
    raise LookupError(f"{through.__name__} has no column for a person.")


def _move_related_rows(kept: Person, merged: Person) -> None:
    for relation in Person._meta.related_objects:
        if isinstance(relation, models.ManyToManyRel):
            _move_links(_through(relation), kept, merged)
            continue
        field_name = relation.field.name
        rows = relation.related_model._base_manager.filter(**{field_name: merged.pk})
        if relation.related_model is Person:
            rows = rows.exclude(pk=kept.pk)
        rows.update(**{field_name: kept.pk})


def _move_links(through: Any, kept: Person, merged: Person) -> None:
    """Many-to-many links (job postings, events): the kept person joins each one once."""
    column = _through_column(through)
    other = next(
        f.attname
        for f in through._meta.get_fields()
        if isinstance(f, models.ForeignKey) and f.attname != column
    )
    links = through.objects.filter(**{column: merged.pk})
    already = set(through.objects.filter(**{column: kept.pk}).values_list(other, flat=True))
    missing = [pk for pk in links.values_list(other, flat=True) if pk not in already]
    through.objects.bulk_create([through(**{column: kept.pk, other: pk}) for pk in missing])
    links.delete()


def _move_kept_apart(kept: Person, merged: Person) -> None:
    """ "Not the same as X" carries over to the kept person; the pair of the two goes."""
    rows = KeptApart.objects.filter(
        models.Q(person_a_id=merged.pk) | models.Q(person_b_id=merged.pk)
    )
    for row in rows:
        other = row.person_b_id if row.person_a_id == merged.pk else row.person_a_id
        if other != kept.pk:
            keep_apart(kept.user, kept, Person(pk=other))
    rows.delete()


SNOOZE_REF = re.compile(r"^(?P<kind>.+):(?P<what>person|referral)-(?P<pk>\d+)$")


def _move_snoozes(kept: Person, merged: Person) -> None:
    """Today items put off about the merged person stay put off for the kept one."""
    for snooze in Snooze.objects.for_user(kept.user).filter(key__endswith=f"-{merged.pk}"):
        found = SNOOZE_REF.match(snooze.key)
        if not found or int(found["pk"]) != merged.pk:
            continue
        snooze.key = f"{found['kind']}:{found['what']}-{kept.pk}"
        try:
            with transaction.atomic():
                snooze.save(update_fields=["key"])
        except IntegrityError:  # the kept person's own snooze of that item wins
            Snooze.objects.filter(pk=snooze.pk).delete()
