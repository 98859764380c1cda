"""Recurring themes: what several professionals told the user, grouped across wordings.

Interface (shared with the Insights page):

- ``Mention(person_id, person, interview_id, text)``: one sentence of one person's notes.
- ``Theme(theme, kind, people, mentions)``; ``theme.count`` is the number of distinct people.
- ``find_themes(user, *, exploration=None, min_people=2)``: themes from the user's interview
  notes and debriefs, takeaways and notes about people, largest count first.
- ``themes_from_texts(docs, min_people=2)``: the same over ``(person, text)`` pairs, no database.
- ``cached_themes(user, exploration=None)``: ``find_themes`` remembered until any of the user's
  interviews, takeaways, notes or people change.

``kind`` is one of KINDS. Everything runs offline and gives the same answer for the same notes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max

from coffeechat.insights.lexicon import CONCEPTS, GENERIC, STOPWORDS, Concept

if TYPE_CHECKING:
    from coffeechat.network.models import Exploration

KINDS = (
    "skill",
    "tool",
    "certification",
    "habit",
    "warning",
    "resource",
    "way-in",
    "other",
)


@dataclass(frozen=True)
class Mention:
    """One sentence in which one person said something that belongs to a theme."""

    person_id: int
    person: str
    interview_id: int | None
    text: str


@dataclass(frozen=True)
class Theme:
    """One idea several people raised, named by its most common wording."""

    theme: str
    kind: str
    people: tuple[str, ...]
    mentions: tuple[Mention, ...]

    @property
    def count(self) -> int:
        """How many distinct people said it."""
        return len(self.people)

    def as_json(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "count": self.count,
            "people": list(self.people),
            "mentions": [{"person": m.person, "text": m.text} for m in self.mentions],
        }


# A person's notes as the engine reads them: (person id, person name, interview id, text).
Doc = tuple[int, str, "int | None", str]

MAX_GAP = 2  # words allowed between the words of one wording ("learn SQL properly")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?[+#]*")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_TWO_ALNUM = re.compile(r"[^\W_].*?[^\W_]", re.S)
_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z0-9+#]{3,}$")
_BULLET = re.compile(r"^\s*(?:[-*•·>]+|\d+[.)])\s*")
_REWRITES = (
    (re.compile(r"\bw/(?=\s|\w)", re.I), " with "),
    (re.compile(r"\bnn/g\b", re.I), " nngroup "),
    (re.compile(r"\bb/c\b", re.I), " because "),
)
# Role and field shorthands that recur in everyone's notes without being advice.
_SHORTHANDS = frozenset(
    [
        "pm",
        "pms",
        "hr",
        "it",
        "id",
        "ids",
        "ux",
        "ui",
        "ds",
        "ml",
        "ai",
        "cs",
        "ceo",
        "cto",
        "cfo",
        "coo",
        "vp",
        "ed",
        "rn",
        "ok",
        "us",
        "uk",
        "usa",
        "nyc",
        "sf",
        "la",
        "sr",
        "jr",
        "ii",
        "iii",
        "b2b",
        "b2c",
        "saas",
        "ba",
        "bi",
        "qa",
        "eng",
        "swe",
        "sde",
        "api",
        "faq",
        "asap",
        "fyi",
        "tbd",
    ]
)
_ROLE_WORDS = frozenset(
    [
        "analyst",
        "analysts",
        "manager",
        "managers",
        "engineer",
        "engineers",
        "director",
        "directors",
        "designer",
        "designers",
        "researcher",
        "researchers",
        "developer",
        "developers",
        "specialist",
        "specialists",
        "consultant",
        "consultants",
        "lead",
        "leads",
        "senior",
        "junior",
        "associate",
        "associates",
        "scientist",
        "scientists",
        "officer",
        "coordinator",
        "head",
        "founder",
        "intern",
        "student",
        "students",
        "grad",
        "grads",
        "candidate",
        "candidates",
        "recruiter",
        "recruiters",
        "company",
        "startup",
        "firm",
        "org",
        "organization",
        "agency",
        "school",
        "university",
        "college",
        "city",
        "state",
        "county",
    ]
)


def _fold(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.cache
def _stem(word: str) -> str:
    """Light stemming, enough for "queries"/"query" and "meetups"/"meetup"."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4:
        word = _undouble(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        return word[:-1]
    return word


@functools.cache
def _word(token: str) -> str:
    return token.lower().replace("'", "").replace("’", "")


# A pattern word: ("stem", s) matches by stem, ("word", w) exactly, ("prefix", p) by start.
PatternWord = tuple[str, str]


@dataclass(frozen=True)
class _Pattern:
    concept: int
    words: tuple[PatternWord, ...]


def _pattern_word(part: str) -> PatternWord:
    if part.startswith("="):
        return ("word", _word(part[1:]))
    if part.endswith("*"):
        return ("prefix", _word(part[:-1]))
    return ("stem", _stem(_word(part)))


def _pattern_words(wording: str) -> tuple[PatternWord, ...]:
    words: list[PatternWord] = []
    for part in wording.split():
        if part == "*":
            continue
        marker = "=" if part.startswith("=") else ""
        star = "*" if part.endswith("*") else ""
        pieces = _TOKEN.findall(part)
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            words.append(
                _pattern_word((marker if index == 0 else "") + piece + (star if last else ""))
            )
    return tuple(words)


def _fits(pattern_word: PatternWord, word: str, stem: str) -> bool:
    how, value = pattern_word
    if how == "stem":
        return stem == value
    if how == "word":
        return word == value
    return word.startswith(value)


class _Lexicon:
    """The concepts, indexed by the first word of each wording."""

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self.concepts = tuple(concepts)
        index = {concept.name: number for number, concept in enumerate(self.concepts)}
        self.overrides = {
            index[concept.name]: {index[name] for name in concept.overrides}
            for concept in self.concepts
            if concept.overrides
        }
        self.by_stem: dict[str, list[_Pattern]] = defaultdict(list)
        self.by_word: dict[str, list[_Pattern]] = defaultdict(list)
        self.by_prefix: dict[str, list[_Pattern]] = defaultdict(list)
        for number, concept in enumerate(self.concepts):
            for wording in concept.wordings.split("|"):
                words = _pattern_words(wording)
                if not words:
                    continue
                pattern = _Pattern(number, words)
                how, value = words[0]
                {"stem": self.by_stem, "word": self.by_word, "prefix": self.by_prefix}[how][
                    value
                ].append(pattern)
        self.prefix_lengths = sorted({len(prefix) for prefix in self.by_prefix})
        self._starts: dict[str, tuple[_Pattern, ...]] = {}

    def starts(self, word: str) -> tuple[_Pattern, ...]:
        """Wordings that may begin at this word (remembered: notes repeat their words)."""
        found = self._starts.get(word)
        if found is None:
            candidates = [*self.by_stem.get(_stem(word), ()), *self.by_word.get(word, ())]
            for length in self.prefix_lengths:
                if length <= len(word):
                    candidates.extend(self.by_prefix.get(word[:length], ()))
            found = self._starts[word] = tuple(candidates)
        return found

    def match(self, words: Sequence[str]) -> dict[int, tuple[int, int]]:
        """Concepts said in one sentence, each with the span of words of its first wording."""
        stems = [_stem(word) for word in words]
        found: dict[int, tuple[int, int]] = {}
        for start, word in enumerate(words):
            for pattern in self.starts(word):
                if pattern.concept in found:
                    continue
                end = _match_rest(pattern.words, words, stems, start)
                if end is not None:
                    found[pattern.concept] = (start, end)
        for concept, replaced in self.overrides.items():
            if concept in found:
                for other in replaced:
                    found.pop(other, None)
        return found


def _match_rest(
    pattern: tuple[PatternWord, ...], words: Sequence[str], stems: Sequence[str], start: int
) -> int | None:
    position = start + 1
    for pattern_word in pattern[1:]:
        for candidate in range(position, min(position + MAX_GAP + 1, len(words))):
            if _fits(pattern_word, words[candidate], stems[candidate]):
                position = candidate + 1
                break
        else:
            return None
    return position


@functools.cache
def _lexicon() -> _Lexicon:
    return _Lexicon(CONCEPTS)


def sentences(text: str) -> list[str]:
    """The sentences and bullet points of free-form notes, as written."""
    found = []
    for line in _SENTENCE_END.split(text):
        line = _BULLET.sub("", line).strip()
        if _TWO_ALNUM.search(line):
            found.append(line)
    return found


def _tokens(sentence: str) -> tuple[list[str], list[bool]]:
    """The words of a sentence, and for each whether only spaces part it from the next."""
    text = _fold(sentence)
    if "/" in text:
        for pattern, replacement in _REWRITES:
            text = pattern.sub(replacement, text)
    tokens: list[str] = []
    joined: list[bool] = []
    previous_end = -1
    for match in _TOKEN.finditer(text):
        if tokens:
            joined.append(text[previous_end : match.start()].isspace())
        tokens.append(match.group())
        previous_end = match.end()
    joined.append(False)
    return tokens, joined


@dataclass
class _Gathered:
    """Mentions of one candidate theme while notes are read."""

    name: str
    kind: str
    curated: bool
    mentions: dict[int, list[Mention]] = field(default_factory=dict)
    wordings: Counter[str] = field(default_factory=Counter)

    def add(self, mention: Mention, wording: str) -> None:
        said = self.mentions.setdefault(mention.person_id, [])
        if mention not in said:
            said.append(mention)
        self.wordings[wording] += 1


def _phrases(
    tokens: Sequence[str], joined: Sequence[bool], covered: set[int], names: set[str]
) -> list[tuple[str, str]]:
    """Recurring-phrase candidates (key, wording) from words no concept explained."""
    found = []
    usable = [
        position not in covered and _word(token) not in names
        for position, token in enumerate(tokens)
    ]
    for position, token in enumerate(tokens):
        if usable[position] and _acronym(token):
            found.append((_word(token), token))
    for position in range(len(tokens) - 1):
        first, second = tokens[position], tokens[position + 1]
        if (
            joined[position]
            and usable[position]
            and usable[position + 1]
            and _content(first)
            and _content(second)
        ):
            found.append((f"{_stem(_word(first))} {_stem(_word(second))}", f"{first} {second}"))
    return found


@functools.cache
def _acronym(token: str) -> bool:
    """GIS, HIMSS, BSides: short capitalised names of tools, bodies and events."""
    return bool(_ACRONYM.match(token)) and _word(token) not in _SHORTHANDS


@functools.cache
def _content(token: str) -> bool:
    word = _word(token)
    return (
        len(word) >= 3
        and word.isalpha()
        and word not in STOPWORDS
        and word not in GENERIC
        and word not in _ROLE_WORDS
        and word not in _SHORTHANDS
    )


def _gather(docs: Iterable[Doc]) -> dict[str, _Gathered]:
    lexicon = _lexicon()
    gathered: dict[str, _Gathered] = {}
    docs = list(docs)
    names = {_word(part) for _, person, _, _ in docs for part in _TOKEN.findall(_fold(person))}
    for person_id, person, interview_id, text in docs:
        for sentence in sentences(text):
            tokens, joined = _tokens(sentence)
            words = [_word(token) for token in tokens]
            mention = Mention(person_id, person, interview_id, sentence)
            covered: set[int] = set()
            for number, (start, end) in lexicon.match(words).items():
                concept = lexicon.concepts[number]
                key = f"concept:{concept.name}"
                if key not in gathered:
                    gathered[key] = _Gathered(concept.name, concept.kind, curated=True)
                gathered[key].add(mention, concept.name)
                covered.update(range(start, end))
            for key, wording in _phrases(tokens, joined, covered, names):
                key = f"phrase:{key}"
                if key not in gathered:
                    gathered[key] = _Gathered(wording, "other", curated=False)
                gathered[key].add(mention, wording)
    return gathered


def _theme(gathered: _Gathered) -> Theme:
    name = gathered.name
    if not gathered.curated:
        # The most common wording names the theme; ties go to the first seen.
        name = max(gathered.wordings.items(), key=lambda item: item[1])[0]
    people = sorted(
        {said[0].person_id: said[0].person for said in gathered.mentions.values()}.items(),
        key=lambda item: (item[1].casefold(), item[0]),
    )
    mentions = tuple(mention for person_id, _ in people for mention in gathered.mentions[person_id])
    return Theme(name, gathered.kind, tuple(person for _, person in people), mentions)


def _themes(docs: Iterable[Doc], min_people: int) -> list[Theme]:
    min_people = max(min_people, 1)
    gathered = _gather(docs)
    curated = [g for g in gathered.values() if g.curated and len(g.mentions) >= min_people]
    explained = {
        (mention.person_id, mention.text)
        for g in curated
        for said in g.mentions.values()
        for mention in said
    }
    phrases: list[_Gathered] = []
    kept: list[set[tuple[int, str]]] = []
    candidates = [
        g for g in gathered.values() if not g.curated and len(g.mentions) >= max(min_people, 2)
    ]
    candidates.sort(key=lambda g: (-len(g.mentions), -sum(g.wordings.values()), g.name))
    for g in candidates:
        said = {(m.person_id, m.text) for mentions in g.mentions.values() for m in mentions}
        # A phrase whose every sentence a curated theme or a larger phrase already holds
        # is the same idea again ("Erika Hall" beside "Enough Research").
        if said <= explained or any(said <= other for other in kept):
            continue
        kept.append(said)
        phrases.append(g)
    themes = [(_theme(g), g.curated) for g in [*curated, *phrases]]
    themes.sort(
        key=lambda pair: (
            -pair[0].count,
            not pair[1],
            -len(pair[0].mentions),
            pair[0].theme.casefold(),
        )
    )
    return [theme for theme, _ in themes]


def themes_from_texts(docs: Sequence[tuple[str, str]], min_people: int = 2) -> list[Theme]:
    """Themes over (person name, text) pairs: one person per distinct name, no interview ids."""
    ids: dict[str, int] = {}
    rows: list[Doc] = []
    for person, text in docs:
        person_id = ids.setdefault(person, len(ids) + 1)
        rows.append((person_id, person, None, text))
    return _themes(rows, min_people)


def _exploration_id(exploration: Exploration | int | None) -> int | None:
    if exploration is None or isinstance(exploration, int):
        return exploration
    return exploration.pk


def _name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def user_docs(user: Any, exploration: Exploration | int | None = None) -> list[Doc]:
    """The user's notes that themes are found in: interview notes and debriefs, takeaways,
    and notes about people (only those from the exploration's interviews, given one)."""
    from coffeechat.interviews.models import Interview, Takeaway
    from coffeechat.network.models import Note

    exploration_id = _exploration_id(exploration)
    interviews = Interview.objects.filter(user_id=user.pk)
    takeaways = Takeaway.objects.filter(user_id=user.pk)
    notes = Note.objects.filter(user_id=user.pk)
    if exploration_id is not None:
        interviews = interviews.filter(exploration_id=exploration_id)
        takeaways = takeaways.filter(interview__exploration_id=exploration_id)
        notes = notes.filter(interview__exploration_id=exploration_id)
    docs: list[Doc] = []
    person = ("person_id", "person__first_name", "person__last_name")
    for pk, person_id, first, last, text, debrief in interviews.order_by("id").values_list(
        "id", *person, "notes", "debrief"
    ):
        for part in (text, debrief):
            if part.strip():
                docs.append((person_id, _name(first, last), pk, part))
    for rows in (takeaways, notes):
        for interview_id, person_id, first, last, text in rows.order_by("id").values_list(
            "interview_id", *person, "text"
        ):
            if text.strip():
                docs.append((person_id, _name(first, last), interview_id, text))
    return docs


def find_themes(
    user: Any, *, exploration: Exploration | int | None = None, min_people: int = 2
) -> list[Theme]:
    """The user's recurring themes, over all interviews or one exploration's; largest first."""
    return _themes(user_docs(user, exploration), min_people)


_CACHE: OrderedDict[tuple[Any, ...], list[Theme]] = OrderedDict()
_CACHE_SIZE = 64


def notes_version(user: Any) -> tuple[Any, ...]:
    """Changes whenever any of the user's interviews, takeaways, notes or people change."""
    from coffeechat.interviews.models import Interview, Takeaway
    from coffeechat.network.models import Note, Person

    version: list[Any] = []
    for model in (Interview, Takeaway, Note, Person):
        summary = model.objects.filter(user_id=user.pk).aggregate(
            rows=Count("id"), last=Max("updated_at")
        )
        version += [summary["rows"], summary["last"]]
    return tuple(version)


def cached_themes(user: Any, exploration: Exploration | int | None = None) -> list[Theme]:
    """find_themes(user, exploration=...) remembered until the user's notes change."""
    key = (user.pk, _exploration_id(exploration), notes_version(user))
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = find_themes(user, exploration=exploration)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return found


def clear_cache() -> None:
    _CACHE.clear()
