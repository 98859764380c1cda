"""The skills gap: what the people the user met call important, and the profile lacks.

Needs come from two places: recurring themes of kind skill, tool or certification, and
takeaways marked "skill" (a skill one person insisted on counts too). Each need is checked
against the profile's skills leniently ("sql" has "SQL"; "Basic statistics" has
"Statistics"), and against the user's actions, so a need already turned into an action
shows as planned.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from rapidfuzz import fuzz

from coffeechat.accounts.models import profile_for
from coffeechat.growth.models import Action, ActionKind, ActionStatus
from coffeechat.insights import themes
from coffeechat.interviews.models import Takeaway, TakeawayKind
from coffeechat.network.models import Person, search_key

SKILL_KINDS = ("skill", "tool", "certification")
# How alike two names must be (rapidfuzz, 0-100) to be the same skill.
SAME_SKILL = 88
# Words that start a skill takeaway without naming the skill ("Learn SQL properly").
LEADING_WORDS = re.compile(
    r"^(?:(?:learn|learning|get|getting|pick up|know|study|practise|practice|improve|"
    r"build|master|brush up on|take|earn|do|basic|basics of|some|solid|good|strong|"
    r"better|how to|to|your|a|an|the)\s+)+",
    re.IGNORECASE,
)
# Where the skill's name ends and the reasons begin.
NAME_END = re.compile(
    r"[.:;,!?(]|\s[-–—]\s|\s(?:well enough|so that|so you|because|before|if you|to get|"
    r"to pull|for|properly|first|early)\b",
    re.IGNORECASE,
)
NAME_WORDS = 6


@dataclass
class SkillNeed:
    """One skill or qualification others named, and where the user stands on it."""

    name: str
    kind: str
    people: list[str]
    person_ids: list[int]
    sentences: list[tuple[str, str]] = field(default_factory=list)
    has_it: bool = False
    matched_skill: str = ""
    action: Action | None = None
    # How many times each person said it, to find who insisted most.
    said: dict[int, int] = field(default_factory=dict)

    def rank_people(self) -> None:
        """People who said it most first; on a tie, whoever said it first."""
        order = sorted(
            range(len(self.person_ids)),
            key=lambda i: (-self.said.get(self.person_ids[i], 0), i),
        )
        self.person_ids = [self.person_ids[i] for i in order]
        self.people = [self.people[i] for i in order]

    @property
    def count(self) -> int:
        return len(self.people)

    @property
    def people_shown(self) -> str:
        """The first ten names, and how many more."""
        more = self.count - 10
        return ", ".join(self.people[:10]) + (f" and {more} more" if more > 0 else "")

    @property
    def kind_label(self) -> str:
        return {"tool": "Tool", "certification": "Certification"}.get(self.kind, "Skill")

    @property
    def planned(self) -> bool:
        return self.action is not None

    @property
    def suggested_by_id(self) -> int | None:
        """Whoever said it most (the first of them on a tie)."""
        return self.person_ids[0] if self.person_ids else None


def skill_name(text: str) -> str:
    """A short name for the skill a takeaway is about: "Learn SQL well enough…" is "SQL"."""
    name = LEADING_WORDS.sub("", text.strip())
    name = NAME_END.split(name, maxsplit=1)[0].strip()
    words = name.split()
    if not words:
        return text.strip()[:60]
    name = " ".join(words[:NAME_WORDS])
    return name[0].upper() + name[1:]


def skill_key(text: str) -> str:
    return " ".join(re.findall(r"[\w+#]+", search_key(text)))


def same_skill(one: str, other: str) -> bool:
    """Whether two names are one skill: case and accents aside, one inside the other, or alike."""
    a, b = skill_key(one), skill_key(other)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if re.search(rf"(?<![\w+#]){re.escape(shorter)}(?![\w+#])", longer):
        return True
    return fuzz.token_sort_ratio(a, b) >= SAME_SKILL


def skills_gap(
    user: Any, *, exploration: int | None = None, found: list[themes.Theme] | None = None
) -> list[SkillNeed]:
    """What others called important, most-named first; each marked had, planned or missing.

    `found` is the user's themes when the caller has them already.
    """
    if found is None:
        found = themes.cached_themes(user, exploration)
    needs = _needs_from_themes(found)
    needs += _needs_from_takeaways(user, exploration, needs)
    profile_skills = profile_for(user).skill_list
    actions = list(
        Action.objects.for_user(user)
        .exclude(status=ActionStatus.DROPPED)
        .only("id", "title", "status", "kind")
    )
    for need in needs:
        need.matched_skill = next((s for s in profile_skills if same_skill(s, need.name)), "")
        need.has_it = bool(need.matched_skill)
        need.action = next((a for a in actions if _names_skill(a.title, need.name)), None)
    needs.sort(key=lambda need: (-need.count, need.name.casefold()))
    return needs


def _names_skill(title: str, name: str) -> bool:
    return same_skill(title, name) or same_skill(skill_name(title), name)


def _needs_from_themes(found: list[themes.Theme]) -> list[SkillNeed]:
    needs = []
    for theme in found:
        if theme.kind not in SKILL_KINDS:
            continue
        said = Counter(mention.person_id for mention in theme.mentions)
        names = {mention.person_id: mention.person for mention in theme.mentions}
        need = SkillNeed(
            name=theme.theme,
            kind=theme.kind,
            people=list(names.values()),
            person_ids=list(names),
            sentences=[(mention.person, mention.text) for mention in theme.mentions],
            said=dict(said),
        )
        need.rank_people()
        needs.append(need)
    return needs


def _needs_from_takeaways(
    user: Any, exploration: int | None, known: list[SkillNeed]
) -> list[SkillNeed]:
    """Skill takeaways no theme covers, grouped by the skill they name."""
    takeaways = (
        Takeaway.objects.for_user(user)
        .filter(kind=TakeawayKind.SKILL)
        .order_by("created_at", "id")
        .values_list("text", "person_id", "person__first_name", "person__last_name")
    )
    if exploration is not None:
        takeaways = takeaways.filter(interview__exploration_id=exploration)
    said = {(sentence.strip(), person) for need in known for person, sentence in need.sentences}
    grouped: dict[str, SkillNeed] = {}
    for text, person_id, first, last in takeaways:
        person = f"{first} {last}".strip()
        if (text.strip(), person) in said:
            continue
        name = skill_name(text)
        need = next((n for n in known if same_skill(n.name, name)), None) or next(
            (n for key, n in grouped.items() if same_skill(key, name)), None
        )
        if need is None:
            need = grouped[name] = SkillNeed(name=name, kind="skill", people=[], person_ids=[])
        need.sentences.append((person, text.strip()))
        need.said[person_id] = need.said.get(person_id, 0) + 1
        if person_id not in need.person_ids:
            need.person_ids.append(person_id)
            need.people.append(person)
    for need in [*known, *grouped.values()]:
        need.rank_people()
    return list(grouped.values())


def find_need(user: Any, name: str) -> SkillNeed | None:
    return next((need for need in skills_gap(user) if need.name == name), None)


def plan_skill(user: Any, need: SkillNeed) -> tuple[Action, bool]:
    """Turn a need into an action (learn the skill, or earn the certification).

    Suggested by the person who named it most, and tied to their skill takeaway when there
    is one. A need already planned returns its action; the bool says whether one was made.
    """
    if need.action is not None:
        return need.action, False
    certification = need.kind == "certification"
    title = f"Earn the {need.name} certification" if certification else f"Learn {need.name}"
    suggested_by = (
        Person.objects.for_user(user).filter(pk=need.suggested_by_id).first()
        if need.suggested_by_id
        else None
    )
    takeaway = None
    if suggested_by is not None:
        takeaway = (
            Takeaway.objects.for_user(user)
            .filter(person=suggested_by, kind=TakeawayKind.SKILL)
            .filter(text__in=[text for _person, text in need.sentences])
            .first()
        )
    others = ", ".join(need.people)
    with transaction.atomic():
        action = Action.objects.create(
            user=user,
            title=title[:300],
            kind=ActionKind.CERTIFICATION if certification else ActionKind.LEARN_SKILL,
            suggested_by=suggested_by,
            takeaway=takeaway,
            notes=f"Named by {need.count} {'person' if need.count == 1 else 'people'}: {others}.",
        )
    return action, True
