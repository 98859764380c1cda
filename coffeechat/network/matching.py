"""Is this contact someone the user already knows? Matching for imports and the duplicates screen.

Matching goes from the surest sign to the weakest: the same LinkedIn profile, then the same
email, then the same name at the same organization, then a close name at the same
organization. The first two and an exact name at the same organization are *certain* (an
import updates that person); the rest are *likely* (shown to the user to merge or keep apart,
never merged on their own).

An index is built once per import from one query for all of the user's people, so matching
30,000 contacts against 30,000 people is a dictionary look-up each, plus a fuzzy comparison
within the few people who share the contact's organization.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from coffeechat.imports.rows import Contact
from coffeechat.network.models import Organization, Person, search_key
from coffeechat.network.normalize import normalize_organization_name

# Close names at the same organization: "Jon Smith" and "John Smith" score about 95.
FUZZY_NAME_CUTOFF = 88.0

HONORIFICS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "prof",
        "professor",
        "sir",
        "dame",
        "rev",
        "herr",
        "frau",
        "mme",
        "mlle",
        "m",
        "sr",
        "sra",
        "srta",
        "dott",
    ]
)


LINKEDIN_PROFILE = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/(?:in|pub)/([^/?#\s]+)/?(?:[?#].*)?$",
    re.IGNORECASE,
)


class Certainty(StrEnum):
    CERTAIN = "certain"
    LIKELY = "likely"


@dataclass(frozen=True)
class Match:
    """The person a contact matched, how sure the match is, and why, in words."""

    person_id: int
    certainty: Certainty
    reason: str
    score: float = 100.0

    @property
    def certain(self) -> bool:
        return self.certainty is Certainty.CERTAIN


@dataclass(frozen=True)
class DuplicatePair:
    """Two of the user's people who are probably one (first_id < second_id)."""

    first_id: int
    second_id: int
    certainty: Certainty
    reason: str
    score: float = 100.0


# An import matches every row twice (against the network, then against rows added before
# it): the keys are remembered for the length of a big import, not computed twice.
@functools.lru_cache(maxsize=65536)
def normalize_linkedin_url(url: str) -> str:
    """One key per LinkedIn profile, whatever the scheme, host, case or trailing slash.

    "https://www.linkedin.com/in/Jane-Doe/" and "linkedin.com/in/jane-doe?trk=x" are one
    profile: "linkedin.com/in/jane-doe". Anything that is not a LinkedIn address keeps its
    host and path, folded the same way.
    """
    text = url.strip()
    if not text:
        return ""
    quick = LINKEDIN_PROFILE.match(text)
    if quick:  # most addresses: skip the full parse
        return f"linkedin.com/in/{urllib.parse.unquote(quick.group(1)).casefold()}"
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return text.casefold()
    host = (parts.hostname or "").casefold()
    path = urllib.parse.unquote(parts.path).casefold().rstrip("/")
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        host = "linkedin.com"
        slug = re.search(r"/(in|pub)/([^/]+)", path)
        if slug:
            return f"linkedin.com/in/{slug.group(2)}"
    elif host.startswith("www."):
        host = host[4:]
    return f"{host}{path}"


WORD = re.compile(r"[^\W_]+")


def _split_name(text: str) -> tuple[list[str], list[str]]:
    """A name's folded words, all of them and those that are not honorifics."""
    if text.isascii() and text.isalnum():  # one plain word, as most first and last names are
        word = text.lower()
        return ([word], []) if word in HONORIFICS else ([word], [word])
    words = WORD.findall(search_key(text))
    if HONORIFICS.isdisjoint(words):
        return words, words
    return words, [word for word in words if word not in HONORIFICS]


@functools.lru_cache(maxsize=65536)
def name_words(text: str) -> tuple[str, ...]:
    """A name's words folded for comparison, without honorifics ("Dr. José" is "jose")."""
    words, kept = _split_name(text)
    return tuple(kept or words)


def name_key(first_name: str, last_name: str = "") -> str:
    return " ".join(name_words(f"{first_name} {last_name}"))


def normalize_email(email: str) -> str:
    return email.strip().casefold()


class Names(NamedTuple):
    """A person's name as matching compares it."""

    name: str  # name_key(first, last): what a contact is looked up by
    entry_name: str  # the first name's words then the last name's: what a person is kept as
    first: str  # the first word of the first name
    last: str  # the last word of the last name


def _names(first_name: str, last_name: str) -> Names:
    # name_words() of the first name, the last name and both, from one split of each.
    first_all, first_kept = _split_name(first_name)
    last_all, last_kept = _split_name(last_name)
    first_words = first_kept or first_all
    last_words = last_kept or last_all
    return Names(
        " ".join(first_kept + last_kept or first_all + last_all),
        " ".join(first_words + last_words),
        first_words[0] if first_words else "",
        last_words[-1] if last_words else "",
    )


class Keys:
    """What matching compares of one person or contact, each key worked out once.

    The name is folded only when it is needed: a re-import finds everyone by their LinkedIn
    profile and never compares a name.
    """

    __slots__ = ("_first_name", "_last_name", "_names", "emails", "organization", "url")

    def __init__(
        self,
        first_name: str,
        last_name: str,
        organization: str,
        emails: Iterable[str] = (),
        url: str = "",
    ) -> None:
        self.url = normalize_linkedin_url(url) if url else ""
        self.emails = (
            tuple(key for email in emails if (key := normalize_email(email))) if emails else ()
        )
        self.organization = organization  # the organization's canonical key ("" for none)
        self._first_name = first_name
        self._last_name = last_name
        self._names: Names | None = None

    @property
    def names(self) -> Names:
        if self._names is None:
            self._names = _names(self._first_name, self._last_name)
        return self._names


class _Entry:
    """What the index keeps of one person: their keys, not the whole row."""

    __slots__ = ("emails", "keys", "person_id", "urls")

    def __init__(self, person_id: int, keys: Keys) -> None:
        self.person_id = person_id
        self.keys = keys
        self.emails: set[str] = set()
        self.urls: set[str] = set()

    @property
    def name(self) -> str:
        return self.keys.names.entry_name

    @property
    def organization(self) -> str:
        return self.keys.organization


# What the index reads of each person, in this order (PersonRow).
PERSON_COLUMNS = ("id", "first_name", "last_name", "email", "linkedin_url", "organization_id")

_organization_name_key = functools.lru_cache(maxsize=65536)(normalize_organization_name)

OrganizationRow = tuple[int, str, str]  # id, normalized_name, aliases
PersonRow = tuple[int, str, str, str, str, int | None]  # id, first, last, email, URL, org id


class NetworkIndex:
    """The user's people, keyed for matching. Build once per import with `for_user`."""

    def __init__(self) -> None:
        self._entries: dict[int, _Entry] = {}
        self._by_url: dict[str, int] = {}
        self._by_email: dict[str, int] = {}
        self._by_name: dict[str, list[int]] = defaultdict(list)
        self._by_organization: dict[str, dict[int, str]] = defaultdict(dict)
        # (organization, last name's last word) -> [(person, first name's first word)]
        self._by_last_name: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        # Alias and normalized names of the user's organizations, to one canonical key each.
        self._organization_keys: dict[str, str] = {}
        # People in the order they were added; the first `_named` of them are in _by_name
        # and _by_organization (names are folded on the first match by name).
        self._order: list[int] = []
        self._named = 0

    @classmethod
    def for_user(cls, user: Any) -> NetworkIndex:
        """The index of all of this user's people: one query for organizations, one for people."""
        organizations = Organization.objects.filter(user_id=user.pk).values_list(
            "id", "normalized_name", "aliases"
        )
        people = Person.objects.filter(user_id=user.pk).values_list(*PERSON_COLUMNS)
        return cls.from_rows(organizations, people.iterator(chunk_size=5000))

    @classmethod
    def from_rows(
        cls, organizations: Iterable[OrganizationRow], people: Iterable[PersonRow]
    ) -> NetworkIndex:
        """The index of these organizations and people (PERSON_COLUMNS, in the people's
        default order: the first of two people with one profile is the one found)."""
        index = cls()
        organization_keys: dict[int, str] = {}
        for org_id, normalized, aliases in organizations:
            organization_keys[org_id] = normalized
            index.add_organization(normalized, aliases.splitlines())
        for person_id, first, last, email, url, person_org in people:
            organization = organization_keys.get(person_org, "") if person_org else ""
            index.add_keys(person_id, Keys(first, last, organization, (email,), url))
        return index

    def add_organization(self, normalized_name: str, aliases: Iterable[str] = ()) -> None:
        """Teach the index an organization and its other names (aliases, one per item)."""
        if not normalized_name:
            return
        self._organization_keys.setdefault(normalized_name, normalized_name)
        for alias in aliases:
            key = normalize_organization_name(alias)
            if key:
                self._organization_keys.setdefault(key, normalized_name)

    def organization_key(self, name: str) -> str:
        """The canonical key of an organization as the user or a file names it."""
        key = _organization_name_key(name)
        return self._organization_keys.get(key, key)

    def keys(self, contact: Contact) -> Keys:
        """The contact's keys, to match and add it without working them out twice."""
        return Keys(
            contact.first_name,
            contact.last_name,
            self.organization_key(contact.organization),
            contact.emails,
            contact.linkedin_url,
        )

    def add(self, person_id: int, contact: Contact, keys: Keys | None = None) -> None:
        """Remember a person created or completed by this import, so later rows find them."""
        self.add_keys(person_id, keys or self.keys(contact))

    def add_keys(self, person_id: int, keys: Keys) -> None:
        entry = self._entries.get(person_id)
        if entry is None:
            entry = _Entry(person_id, keys)
            self._entries[person_id] = entry
            self._order.append(person_id)
        for key in keys.emails:
            if key not in entry.emails:
                entry.emails.add(key)
                self._by_email.setdefault(key, person_id)
        if keys.url and keys.url not in entry.urls:
            entry.urls.add(keys.url)
            self._by_url.setdefault(keys.url, person_id)

    def _name_everyone(self) -> None:
        """Put the people added since the last match by name under their names."""
        for person_id in self._order[self._named :]:
            keys = self._entries[person_id].keys
            name, first, last = keys.names[1:]
            if name:
                self._by_name[name].append(person_id)
            if keys.organization:
                self._by_organization[keys.organization][person_id] = name
                if last:
                    self._by_last_name[keys.organization, last].append((person_id, first))
        self._named = len(self._order)

    def __len__(self) -> int:
        return len(self._entries)

    def person_with_linkedin_url(self, url: str) -> int | None:
        """The id of the person with this LinkedIn profile, if the user knows them."""
        key = normalize_linkedin_url(url)
        return self._by_url.get(key) if key else None

    def match(self, contact: Contact, keys: Keys | None = None) -> Match | None:
        """The person this contact is, or probably is; None when nobody fits."""
        if keys is None:
            keys = self.keys(contact)
        if keys.url and keys.url in self._by_url:
            return Match(self._by_url[keys.url], Certainty.CERTAIN, "same LinkedIn profile")
        for key in keys.emails:
            if key in self._by_email:
                return Match(self._by_email[key], Certainty.CERTAIN, f"same email ({key})")
        return self._match_name(keys.names.name, keys.organization, exclude=None)

    def _match_name(self, name: str, organization: str, exclude: int | None) -> Match | None:
        if not name:
            return None
        if self._named < len(self._order):
            self._name_everyone()
        if organization:
            found = self._match_in_organization(name, organization, exclude)
            if found is not None:
                return found
        same_name = [pid for pid in self._by_name.get(name, ()) if pid != exclude]
        if not same_name:
            return None
        other = self._entries[same_name[0]]
        if other.organization and organization:
            reason = "same name, different organization"
        else:
            reason = "same name; no organization to compare"
        return Match(other.person_id, Certainty.LIKELY, reason, 100.0)

    def _match_in_organization(
        self, name: str, organization: str, exclude: int | None
    ) -> Match | None:
        colleagues = self._by_organization.get(organization)
        if not colleagues:
            return None
        for person_id in self._by_name.get(name, ()):
            if person_id != exclude and person_id in colleagues:
                return Match(person_id, Certainty.CERTAIN, "same name at the same organization")
        choices = (
            colleagues if exclude is None else {k: v for k, v in colleagues.items() if k != exclude}
        )
        best = process.extractOne(
            name, choices, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_NAME_CUTOFF
        )
        if best is not None:
            _, score, person_id = best
            return Match(
                person_id,
                Certainty.LIKELY,
                f"similar name at the same organization ({score:.0f}% alike)",
                float(score),
            )
        return self._match_short_name(name, organization, exclude)

    def _match_short_name(self, name: str, organization: str, exclude: int | None) -> Match | None:
        """ "Jen Lee" and "Jennifer Lee" at one organization: same last name, first is a prefix."""
        words = name.split()
        if len(words) < 2 or len(words[0]) < 2:
            return None
        first, last = words[0], words[-1]
        for person_id, other_first in self._by_last_name.get((organization, last), ()):
            if person_id == exclude or not other_first:
                continue
            if other_first.startswith(first) or first.startswith(other_first):
                return Match(
                    person_id,
                    Certainty.LIKELY,
                    "same last name at the same organization, one first name may be short "
                    "for the other",
                    80.0,
                )
        return None

    def duplicate_pairs(self) -> Iterator[DuplicatePair]:
        """Every pair of indexed people who are probably one person, each pair once."""
        seen: set[tuple[int, int]] = set()
        self._name_everyone()
        for entry in self._entries.values():
            for match in self._matches_of(entry):
                pair = (
                    min(entry.person_id, match.person_id),
                    max(entry.person_id, match.person_id),
                )
                if pair in seen:
                    continue
                seen.add(pair)
                yield DuplicatePair(*pair, match.certainty, match.reason, match.score)

    def _matches_of(self, entry: _Entry) -> Iterator[Match]:
        for url in entry.urls:
            other = self._by_url.get(url)
            if other is not None and other != entry.person_id:
                yield Match(other, Certainty.CERTAIN, "same LinkedIn profile")
        for email in entry.emails:
            other = self._by_email.get(email)
            if other is not None and other != entry.person_id:
                yield Match(other, Certainty.CERTAIN, f"same email ({email})")
        found = self._match_name(entry.name, entry.organization, exclude=entry.person_id)
        if found is not None:
            yield found


def likely_duplicates(user: Any) -> list[DuplicatePair]:
    """The pairs among the user's people who are probably the same person, surest first."""
    pairs = list(NetworkIndex.for_user(user).duplicate_pairs())
    pairs.sort(key=lambda pair: (pair.certainty is not Certainty.CERTAIN, -pair.score))
    return pairs
