"""The outreach coach: checks a draft message against the practice and says why, plainly.

Codes (stable; the order is the order findings are reported in):

- ``asks-for-job`` — asks for a job, a position, an opening, whether they are hiring, a
  referral for a role, or to pass on (or attaches) a résumé.
- ``too-long`` — an email or LinkedIn message over 100 words (greeting, subject and signature
  not counted), or a LinkedIn connection note over its character limit (300; 200 on a free
  account), counted over the whole note as LinkedIn does.
- ``no-question`` — the request is not put as a question.
- ``connection-not-first`` — a connection is known but not named in the opening sentence.
- ``not-personalized`` — nothing in it is specific to the recipient.
- ``too-much-about-me`` — more of it is about the sender than about the recipient.
- ``no-time-bound`` — no small, specific amount of time (30 minutes or less) is asked for,
  or more than 30 minutes is.
- ``empty`` — there is nothing to check.

The judgement calls, so that a reader can disagree with them knowingly:

- *Job asks.* Learning about hiring is fine ("what do you look for when hiring junior
  analysts?", "how does the hiring process work?": seed 003 lists the first as a good
  question), and so are "your position", "how you landed your first internship", a negated
  mention ("I'm not looking for a job") and saying you applied for a role (seed 003: "mention
  your interest in the position"). Asking *whether* they are hiring, for openings, for a
  referral for a role, to be considered or kept in mind, to pass on or forward a résumé, an
  attached or offered résumé, to flag or push an application, "I'm looking for a
  job/position", "join your team", "a fit for the role" and "hire me" all fire. Asking to be
  referred *to someone to talk to* does not. A job-posting notice (``kind="job-posting"``)
  may ask them to pass a résumé on (seed 003), so this check is skipped there.
- *Length.* LinkedIn messages (not notes) get the same 100 words as an email: LinkedIn allows
  far more, but a stranger reads them in a small chat window, often on a phone.
- *Question.* A question mark anywhere in the body, or an interrogative request without one
  ("Would you be open to a 20-minute call.", "I was wondering if you might have…"). "Let me
  know if…", "I'd be grateful if you could…" and "I'll call your office" are statements.
- *Connection first.* The opening sentence is the first sentence after the greeting, skipping
  pleasantries ("I hope this finds you well."); a subject line that names the connection also
  counts, since it is read first. A person is matched by any part of their name ("Mr.
  Johnson" for "David Johnson"); a school, event or group by a distinctive word ("Georgetown"
  for "Georgetown University"), two adjacent words of it, or its initials ("GHC" for "Grace
  Hopper Celebration").
- *Personalized.* With a recipient's name: the name (first or last, or a common short form
  of the first: "Kate" for Katherine) AND one detail — their organization, their role, a
  word from the research notes, or a reference to something of theirs ("your talk on…",
  "your post about…", "your work on…"). Without a name: only the detail is needed, but a
  generic greeting ("Dear Sir or Madam", "Hi there", "Dear Hiring Manager") always fails.
- *About me.* Each sentence of the body is weighed: first-person words (I, me, my…) against
  second-person ones (you, your…, "thank you" excepted) plus a mention of their name or
  organization. A sentence leans on the sender when first-person words outnumber the rest;
  one that names the connection ("Sam Lee suggested I reach out") leans on no one.
  It fires when at least three sentences lean on the sender and they outnumber the sentences
  about the recipient.
- *Time.* Small means 30 minutes or less (the product's default meeting is 20–30 minutes).
  "An hour", "45 minutes" or "30-45 minutes" are a lot to ask of a stranger (seed 002: respect
  their time), so they fire even though a meeting may run to 60 minutes once agreed. "A few
  minutes", "a quick chat" or "coffee" are not specific. A duration counts only in a sentence
  that asks for something ("I spent 20 minutes on your portfolio" does not).

Other kinds of message (``kind``): follow-ups are coached like requests; thank-yous,
updates and check-ins only for job asks and length; job-posting notices only for length.

Deterministic and offline: regular expressions and word lists, no model, no network.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.markup import escape

from coffeechat.coaching import Finding

__all__ = [
    "CHANNELS",
    "CODES",
    "KINDS",
    "MessageReport",
    "coach_message",
]

ASKS_FOR_JOB = "asks-for-job"
TOO_LONG = "too-long"
NO_QUESTION = "no-question"
CONNECTION_NOT_FIRST = "connection-not-first"
NOT_PERSONALIZED = "not-personalized"
TOO_MUCH_ABOUT_ME = "too-much-about-me"
NO_TIME_BOUND = "no-time-bound"
EMPTY = "empty"

CODES: tuple[str, ...] = (
    ASKS_FOR_JOB,
    TOO_LONG,
    NO_QUESTION,
    CONNECTION_NOT_FIRST,
    NOT_PERSONALIZED,
    TOO_MUCH_ABOUT_ME,
    NO_TIME_BOUND,
)
CHANNELS: tuple[str, ...] = ("email", "linkedin-note", "linkedin-message")
# The values of coffeechat.outreach.models.MessageKind, kept here so the coach needs no Django.
KINDS: tuple[str, ...] = ("request", "follow-up", "thank-you", "update", "check-in", "job-posting")

WORD_LIMIT = 100  # email and LinkedIn message bodies
LINKEDIN_NOTE_LIMIT = 300  # characters; 200 on a free account
SMALL_MINUTES = 30  # the most a request should ask for

_CHECKS_BY_KIND: dict[str, frozenset[str]] = {
    "request": frozenset(CODES),
    "follow-up": frozenset(CODES),
    "thank-you": frozenset({ASKS_FOR_JOB, TOO_LONG}),
    "update": frozenset({ASKS_FOR_JOB, TOO_LONG}),
    "check-in": frozenset({ASKS_FOR_JOB, TOO_LONG}),
    "job-posting": frozenset({TOO_LONG}),
}


# ----------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class MessageReport:
    """What the coach found in one draft."""

    words: int
    characters: int
    findings: tuple[Finding, ...] = ()

    @property
    def codes(self) -> list[str]:
        return [finding.code for finding in self.findings]

    def as_json(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "characters": self.characters,
            "findings": [finding.as_json() for finding in self.findings],
        }

    def as_text(self) -> str:
        lines = [
            f"[bold]{self.words}[/bold] {'word' if self.words == 1 else 'words'}, "
            f"[bold]{self.characters}[/bold] {'character' if self.characters == 1 else 'characters'}"
        ]
        if not self.findings:
            lines.append("[green]Looks good: nothing to change before you send it.[/green]")
        for finding in self.findings:
            lines.append(f"[yellow]• {finding.code}[/yellow]: {escape(finding.message)}")
        return "\n".join(lines)


# ----------------------------------------------------------------------------- text handling

# One character for one, so that positions in the folded text are positions in the text.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2011": "-",
        "\u2010": "-",
        "\u2026": ".",
        "\t": " ",
    }
)
_LETTERS = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "\u0131": "i", "ß": "s"}


def _normalize(text: str) -> str:
    """NFC, one kind of line ending, straight quotes; invisible characters dropped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return text.translate(_PUNCTUATION)


def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    if char in _LETTERS:
        return _LETTERS[char]
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return plain if len(plain) == 1 else char


def _fold(text: str) -> str:
    """Accents off, case kept, same length: "Médecins" → "Medecins"."""
    return "".join(_fold_char(c) for c in text)


def _tokens(text: str) -> list[str]:
    """Lower-case words without accents; apostrophes and hyphens split words."""
    return re.findall(r"[^\W_]+", _fold(text).casefold())


def _any(words: Iterable[str]) -> str:
    return "(?:" + "|".join(words) + ")"


_SUBJECT = re.compile(r"^\s*(?:subject|re|fwd?|betreff|objet|asunto)\s*:\s*(.*)$", re.I)
_TITLE = r"(?:dr|mr|mrs|ms|mx|miss|prof|professor|sir|madam|madame|mme|herr|frau|sr|sra|srta)\.?"
_NAME_WORD = r"(?!I\b)[^\W\d_][\w'.-]*"
_GREETING_WORD = _any(
    [
        r"hi+",
        r"hello",
        r"hey+",
        r"heya",
        r"hiya",
        r"howdy",
        r"dear",
        r"greetings",
        r"good\s+(?:morning|afternoon|evening|day)",
        r"hola",
        r"ciao",
        r"bonjour",
        r"salut",
        r"ola",
        r"hallo",
        r"hej",
        r"hei",
        r"moi",
        r"namaste",
        r"salaa?m",
        r"shalom",
        r"guten\s+tag",
        r"buongiorno",
        r"bom\s+dia",
        r"buenos\s+dias",
        r"to\s+whom\s+it\s+may\s+concern",
    ]
)
_GREETING = re.compile(
    rf"^[ ]*{_GREETING_WORD}\b(?:[ ]+(?:{_TITLE}|{_NAME_WORD})){{0,4}}[ ]*(?:[,!:;]|[-—–]+|(?=\n)|$)",
    re.I,
)
_NAME_ONLY_GREETING = re.compile(
    rf"^[ ]*(?:{_TITLE}[ ]+)?{_NAME_WORD}(?:[ ]+{_NAME_WORD}){{0,2}}[ ]*,[ ]*(?=\n)"
)
_GENERIC_GREETING = re.compile(
    r"\b(?:sir|madam|there|hiring\s+manager|recruiter|team|all|everyone|friends?|whom\s+it\s+may)\b",
    re.I,
)

_SIGNOFF = _any(
    [
        r"best(?:\s+(?:regards|wishes))?",
        r"(?:kind|warm|warmest|many|with)\s+(?:regards|wishes|thanks)",
        r"regards",
        r"warmly",
        r"warm\s+wishes",
        r"all\s+the\s+best",
        r"thanks?(?:\s+(?:you|again|so\s+much|a\s+lot|very\s+much|in\s+advance))*",
        r"thank\s+you(?:\s+(?:again|so\s+much|very\s+much|for\s+your\s+time))*",
        r"many\s+thanks",
        r"with\s+(?:thanks|gratitude|appreciation|respect)",
        r"gratefully",
        r"cheers",
        r"(?:yours\s+)?sincerely(?:\s+yours)?",
        r"yours\s+truly",
        r"respectfully",
        r"take\s+care",
        r"talk\s+soon",
        r"(?:bien\s+)?cordialement",
        r"cordialmente",
        r"atentamente",
        r"merci(?:\s+beaucoup)?",
        r"grazie(?:\s+mille)?",
        r"obrigad[oa]",
        r"(?:muchas\s+)?gracias",
        r"(?:un\s+)?saludos?",
        r"(?:viele|liebe|beste)\s+gr(?:u|ue)(?:s|ss)e",
        r"mit\s+freundlichen\s+gr(?:u|ue)(?:s|ss)en",
        r"(?:met\s+vriendelijke\s+)?groet(?:en)?",
        r"vennlig\s+hilsen",
        r"(?:med\s+)?(?:vanliga\s+)?halsningar",
        r"mvh",
    ]
)
_SIGNOFF_LINE = re.compile(rf"^\s*(?:{_SIGNOFF})\s*[,.!]*\s*$", re.I)
_SIGNOFF_WITH_NAME = re.compile(
    rf"^\s*(?:{_SIGNOFF})\s*[,!]+\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}\s*$", re.I
)
_DASH_LINE = re.compile(
    r"^\s*(?:--+|—|–|__+)\s*$|^\s*[-—–~]\s*[^\W\d_][\w.'-]*(?:\s+[^\W\d_][\w.'-]*)?\s*$"
)
_TRAILING_SIGNOFF = re.compile(
    rf"(?:(?<=[.!?)])|^)\s*(?:{_SIGNOFF})\s*[,!.]*(?:\s+{_NAME_WORD}){{0,3}}[.!]?\s*$", re.I
)

_ABBREVIATION = re.compile(
    r"\b(?:dr|mr|mrs|ms|mx|prof|st|jr|sr|inc|ltd|co|corp|vs|etc|no|mt|ft|ave|approx|dept|univ|"
    r"e\.g|i\.e|u\.s|u\.k|a\.m|p\.m|ph\.d|b\.a|m\.a|b\.s|m\.s)\.",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


@dataclass(frozen=True)
class _Draft:
    """A draft taken apart: every field is normalized (not folded) text."""

    subject: str
    greeting: str
    body: str
    signature: str

    @property
    def sentences(self) -> list[str]:
        return _sentences(self.body)


def _sentences(text: str) -> list[str]:
    # Hide the dots of abbreviations (same length) so that they do not end a sentence.
    hidden = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    parts = _SENTENCE_END.split(hidden)
    return [p.replace("\x00", ".").strip() for p in parts if p and p.strip()]


def _parse(text: str) -> _Draft:
    lines = text.strip().split("\n")
    subject = ""
    if lines and (match := _SUBJECT.match(lines[0])):
        subject = match.group(1).strip()
        lines = lines[1:]
    rest = "\n".join(lines).strip()
    greeting = ""
    match = _GREETING.match(_fold(rest)) or _NAME_ONLY_GREETING.match(_fold(rest))
    if match and match.end() > 0:
        greeting = rest[: match.end()].strip()
        rest = rest[match.end() :].strip()
    body, signature = _cut_signature(rest)
    return _Draft(subject=subject, greeting=greeting, body=body, signature=signature)


def _cut_signature(text: str) -> tuple[str, str]:
    lines = text.split("\n")
    folded = [_fold(line) for line in lines]
    content_seen = False
    for index, line in enumerate(folded):
        stripped = line.strip()
        if not stripped:
            continue
        if content_seen and (
            _SIGNOFF_LINE.match(stripped)
            or _SIGNOFF_WITH_NAME.match(stripped)
            or _DASH_LINE.match(stripped)
            or _short_closing_line(stripped, folded[index + 1 :])
        ):
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index:]).strip()
        content_seen = True
    # A note on one line: "… for a 15-minute chat? Thanks, Ben"
    body = text.strip()
    match = _TRAILING_SIGNOFF.search(_fold(body))
    if match and match.start() > 0:
        return body[: match.start()].strip(), body[match.start() :].strip()
    return body, ""


def _short_closing_line(line: str, after: Sequence[str]) -> bool:
    """ "Thank you for considering it," followed by a few short lines: a sign-off."""
    if not line.endswith(",") or len(line.split()) > 7:
        return False
    following = [rest for rest in after if rest.strip()]
    return 0 < len(following) <= 6 and all(len(rest.split()) <= 10 for rest in following)


def _words(text: str) -> int:
    return len(text.split())


# ----------------------------------------------------------------------------- loose matching

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "for",
        "at",
        "in",
        "on",
        "to",
        "by",
        "from",
        "with",
        "via",
        "my",
        "our",
        "your",
        "their",
        "his",
        "her",
        "de",
        "del",
        "la",
        "le",
        "les",
        "los",
        "las",
        "el",
        "du",
        "des",
        "di",
        "da",
        "do",
        "van",
        "von",
        "der",
        "den",
        "y",
        "et",
        "und",
        "e",
        "i",
        "me",
        "we",
        "us",
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "madam",
        "miss",
        "referred",
        "referral",
        "introduced",
        "intro",
        "mutual",
        "friend",
        "contact",
        "connection",
        "through",
        "former",
        "colleague",
        "classmate",
        "manager",
        "boss",
        "mentor",
        "met",
        "meeting",
        "who",
        "is",
        "was",
        "at",
        "s",
    ]
)
# Words too common to identify a school, event, group or organization on their own.
_GENERIC = frozenset(
    [
        "university",
        "universidad",
        "universite",
        "universitat",
        "universiteit",
        "universita",
        "college",
        "school",
        "institute",
        "institution",
        "academy",
        "conference",
        "summit",
        "meetup",
        "meet",
        "event",
        "week",
        "day",
        "fair",
        "career",
        "careers",
        "expo",
        "forum",
        "workshop",
        "webinar",
        "festival",
        "celebration",
        "symposium",
        "congress",
        "convention",
        "summer",
        "winter",
        "spring",
        "fall",
        "annual",
        "association",
        "society",
        "club",
        "group",
        "network",
        "community",
        "chapter",
        "alumni",
        "alum",
        "alumnus",
        "alumna",
        "program",
        "programme",
        "cohort",
        "class",
        "company",
        "corporation",
        "corp",
        "inc",
        "llc",
        "ltd",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "co",
        "limited",
        "holdings",
        "group",
        "partners",
        "foundation",
        "business",
        "international",
        "national",
        "global",
        "american",
        "british",
        "new",
        "big",
        "general",
        "first",
        "united",
        "health",
        "hospital",
        "bank",
        "team",
        "labs",
        "lab",
        "center",
        "centre",
        "services",
        "solutions",
        "technologies",
        "technology",
        "systems",
        "digital",
        "media",
        "studio",
        "studios",
        "office",
        "department",
        "government",
        "city",
        "state",
        "high",
        "senior",
        "junior",
        "lead",
        "principal",
        "staff",
        "head",
        "chief",
        "associate",
        "assistant",
        "vice",
        "president",
        "vp",
        "manager",
        "director",
        "officer",
        "specialist",
        "coordinator",
        "intern",
        "ii",
        "iii",
        "iv",
        "sr",
        "jr",
    ]
)
_ROLE_GENERIC = _GENERIC | frozenset(["of", "and", "the", "at", "for"])


def _stem(word: str) -> str:
    return word[:5] if len(word) > 5 else word


def _contains_sequence(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def _looks_like_person(phrase: str) -> bool:
    """ "Sam Lee", "Professor Hiroshi Ito", "sam lee": a few words, none generic, no digits."""
    if re.search(r"\d", phrase):
        return False
    words = [w for w in _tokens(phrase) if w not in _STOPWORDS]
    return 1 <= len(words) <= 3 and not any(w in _GENERIC for w in words)


def _matches_phrase(phrase: str, text: str) -> bool:
    """Does `text` mention `phrase` (a person, school, event, group or organization), loosely?"""
    phrase_tokens = [t for t in _tokens(phrase) if not t.isdigit()]
    keys = [t for t in phrase_tokens if t not in _STOPWORDS]
    if not keys:
        return False
    words = _tokens(text)
    present = set(words)
    if _looks_like_person(phrase):
        return any(len(k) >= 2 and k in present for k in keys)
    distinctive = [k for k in keys if k not in _GENERIC and len(k) >= 3]
    if len(distinctive) == 1 and distinctive[0] in present:
        return True
    content = [w for w in words if w not in _STOPWORDS]
    if len(keys) >= 2 and any(
        _contains_sequence(content, keys[i : i + 2]) for i in range(len(keys) - 1)
    ):
        return True
    initials = "".join(k[0] for k in keys)
    if len(initials) >= 3 and initials in present:
        return True
    if not distinctive:  # every word is generic ("the meetup"): all of them, then
        return all(k in present for k in keys)
    return False


def _mentions_organization(organization: str, text: str) -> bool:
    keys = [t for t in _tokens(organization) if t not in _STOPWORDS and not t.isdigit()]
    distinctive = [k for k in keys if k not in _GENERIC and len(k) >= 3]
    present = set(_tokens(text))
    if any(k in present for k in distinctive):
        return True
    return _matches_phrase(organization, text)


def _mentions_role(role: str, text: str) -> bool:
    keys = {
        _stem(t)
        for t in _tokens(role)
        if t not in _ROLE_GENERIC and len(t) >= 3 and not t.isdigit()
    }
    return bool(keys & {_stem(t) for t in _tokens(text)})


# Common English short forms, both ways: "Kate" greets Katherine, "Robert" greets Bob.
_NICKNAMES: dict[str, tuple[str, ...]] = {
    "alexander": ("alex", "xander", "sasha"),
    "alexandra": ("alex", "sasha", "lexi"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony",),
    "benjamin": ("ben", "benji"),
    "catherine": ("cathy", "cat", "kate", "katie"),
    "charles": ("charlie", "chuck"),
    "christina": ("chris", "tina"),
    "christine": ("chris",),
    "christopher": ("chris", "topher"),
    "daniel": ("dan", "danny"),
    "david": ("dave",),
    "deborah": ("deb", "debbie"),
    "edward": ("ed", "eddie", "ted"),
    "elizabeth": ("liz", "beth", "betsy", "eliza", "lizzie"),
    "gregory": ("greg",),
    "james": ("jim", "jimmy", "jamie"),
    "jennifer": ("jen", "jenny"),
    "jonathan": ("jon", "jonny"),
    "joseph": ("joe", "joey"),
    "katherine": ("kate", "katie", "kathy", "kat"),
    "kathryn": ("kate", "katie", "kathy"),
    "margaret": ("maggie", "meg", "peggy"),
    "matthew": ("matt",),
    "michael": ("mike", "mick", "mikey"),
    "nicholas": ("nick", "nico"),
    "patricia": ("pat", "patty", "trish"),
    "patrick": ("pat", "paddy"),
    "rebecca": ("becky", "becca"),
    "richard": ("rick", "rich"),
    "robert": ("rob", "bob", "bobby", "robbie"),
    "samantha": ("sam",),
    "samuel": ("sam",),
    "stephen": ("steve",),
    "steven": ("steve",),
    "susan": ("sue", "susie"),
    "thomas": ("tom", "tommy"),
    "timothy": ("tim",),
    "victoria": ("vicky", "tori"),
    "william": ("will", "bill", "billy", "liam"),
}


def _name_parts(name: str) -> list[str]:
    """The words of a name that greet its owner, with the first name's common short forms."""
    parts = [t for t in _tokens(name) if t not in _STOPWORDS and len(t) >= 2]
    if parts:
        first = parts[0]
        parts += _NICKNAMES.get(first, ())
        parts += [formal for formal, short in _NICKNAMES.items() if first in short]
    return parts


def _mentions_name(name: str, text: str) -> bool:
    present = set(_tokens(text))
    return any(part in present for part in _name_parts(name))


_COMMON_NOTE_WORDS = frozenset(
    [
        "about",
        "after",
        "also",
        "been",
        "before",
        "being",
        "could",
        "does",
        "during",
        "each",
        "from",
        "have",
        "here",
        "into",
        "just",
        "like",
        "made",
        "make",
        "many",
        "more",
        "most",
        "much",
        "only",
        "other",
        "over",
        "said",
        "same",
        "some",
        "such",
        "than",
        "that",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "very",
        "well",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "work",
        "working",
        "worked",
        "would",
        "year",
        "years",
        "your",
        "their",
        "role",
        "company",
        "team",
        "people",
        "really",
        "great",
        "good",
    ]
)


def _mentions_notes(notes: str, text: str) -> bool:
    """Two words of the research notes, or one proper name or number from them."""
    present = set(_tokens(text))
    keys = {
        t
        for t in _tokens(notes)
        if len(t) >= 4 and t not in _STOPWORDS and t not in _COMMON_NOTE_WORDS
    }
    if len(keys & present) >= 2:
        return True
    names = {
        t.casefold()
        for t in re.findall(
            r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][\w]*[A-Z0-9][\w]*|[A-Z][a-z]{2,}|\d{3,})\b", _fold(notes)
        )
    }
    return bool({_fold(n) for n in names} & present)


# ----------------------------------------------------------------------------- asks-for-job

_NEG = re.compile(r"\b(?:not|never|no|nor|without)\b|n't\b", re.I)
_JOB_NOUN = (
    r"(?:jobs?|positions?|roles?|openings?|vacanc(?:y|ies)|internships?|interns|headcount|reqs?)"
)
_ORGANIZATION_WORD = r"(?:team|company|firm|org\w*|group|department|unit|lab|practice|office|agency|studio|school|hospital|shop)"
_RESUME = r"(?:resumes?|r[eé]sum[eé]s?|cvs?|curriculum\s+vitae)"

# "…refer me to someone else on your team" asks for a person to talk to, not for a job.
_NOT_TO_SOMEONE = (
    r"(?!\s+(?:on\s+)?to\s+(?:someone|somebody|anyone|anybody|others?|people|a\s+(?:colleague|"
    r"friend|person|peer)|colleagues|friends|peers|whoever|the\s+right\s+person|other\s+people))"
)

_JOB_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in [
        # whether they are hiring
        (
            "hiring",
            r"\b(?:are|is)\s+(?:you|they|there|your\s+\w+(?:\s+\w+)?|(?-i:[A-Z])[\w&.-]*(?:\s+(?-i:[A-Z])[\w&.-]*)?|\w+)\s+(?:(?:currently|still|actively|now)\s+)?hiring\b",
        ),
        (
            "hiring",
            r"\b(?:if|whether)\s+(?:you|they|there|your\s+\w+(?:\s+\w+)?|[\w&.-]+(?:\s+[\w&.-]+)?)\s*(?:are|is|'re|'s)\s+(?:(?:currently|still|actively|now)\s+)?hiring\b",
        ),
        (
            "hiring",
            r"\b(?:taking\s+on|looking\s+for|recruiting)\s+(?:any\s+)?(?:new\s+)?(?:interns|new\s+grads|graduates|juniors)\b",
        ),
        # openings, positions, roles
        ("opening", rf"\b(?:any|open|available)\s+(?:[\w-]+\s+){{0,2}}?{_JOB_NOUN}\b"),
        ("opening", rf"\b{_JOB_NOUN}\s+(?:available|open(?!\s+to\b))\b"),
        (
            "opening",
            r"\b(?:if|when|should)\s+(?:anything|something|a\s+(?:spot|role|position|job))\s+(?:opens|comes)\s+up\b",
        ),
        (
            "opening",
            r"\bopportunit(?:y|ies)\s+(?:(?:to\s+work\s+)?(?:at|with|on|in|within)\s+(?:your\s+\w+|(?-i:[A-Z])\w*))",
        ),
        (
            "opening",
            r"\b(?:job|employment|career)\s+opportunit(?:y|ies)\b(?!\s+(?:in|within)\s+(?:the|this|that)\s+(?:field|industry|sector|space))",
        ),
        (
            "opening",
            rf"\b(?:(?:i'm|i\s+am|im)\s+(?:currently\s+|actively\s+|now\s+)?(?:looking|searching|hunting|applying)\s+for|(?:i'm|i\s+am|im)\s+seeking)\s+(?:a|an|my\s+next|new|a\s+new)\s+(?:[\w-]+\s+){{0,2}}?{_JOB_NOUN}\b",
        ),
        (
            "opening",
            r"\b(?:i\s+(?:really\s+)?(?:want|need)|i'd\s+(?:like|love)|i\s+would\s+(?:like|love)|(?:i'm|i\s+am)\s+hoping\s+(?:for|to\s+(?:get|land|secure|find)))\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:job|position|role|internship)\b(?!\s+like\s+(?:yours|theirs|that))",
        ),
        (
            "opening",
            rf"\b(?:to|i\s+could|i\s+can|me)\s+join\s+(?:your|the)\s+{_ORGANIZATION_WORD}\b|\bjoin\s+your\s+{_ORGANIZATION_WORD}\b",
        ),
        (
            "opening",
            rf"\b(?:a|an)\s+(?:good\s+|great\s+|strong\s+|perfect\s+|ideal\s+)?fit\s+for\s+(?:the|this|that|a|an|your|any)\s+(?:[\w-]+\s+){{0,2}}?(?:{_JOB_NOUN}|team)\b",
        ),
        ("opening", r"\b(?:strong|good|great|ideal|perfect|qualified)\s+candidate\b"),
        ("opening", r"\b(?:for|to)\s+(?:a|an|the)\s+(?:job\s+)?interview\b"),
        ("opening", r"\bdiscuss\s+my\s+(?:qualifications|candidacy|application)\b"),
        ("opening", r"\bhelp\b[^.?!]{0,40}\bmy\s+(?:application|candidacy|job\s+search)\b"),
        # hire me, consider me, keep me in mind
        ("hire", r"\bhire\s+me\b"),
        ("hire", r"\b(?:be|being|get)\s+considered\b|\bconsider\s+me\b"),
        ("hire", rf"\bkeep\s+me\s+in\s+mind\b|\bkeep\s+my\s+(?:name|{_RESUME})\s+on\s+file\b"),
        ("hire", r"\b(?:recommend|put)\s+me\s+(?:forward|for)\b|\bput\s+my\s+name\s+forward\b"),
        # referral for a role
        (
            "referral",
            rf"\brefer(?:ring)?\s+me\b{_NOT_TO_SOMEONE}",
        ),
        (
            "referral",
            rf"\b(?:a|an|your|employee|internal)\s+referral\b(?=[^.?!]*\b{_JOB_NOUN})|\b{_JOB_NOUN}\b[^.?!]*\breferral\b",
        ),
        ("referral", r"\bput\s+in\s+a\s+(?:good\s+|kind\s+)?word\b|\bvouch\s+for\s+me\b"),
        (
            "referral",
            rf"\b(?:submit\w*|giv\w*|mak\w*|put\w*\s+in|provid\w*|writ\w*)\s+(?:me\s+)?(?:a|an)\s+(?:employee\s+|internal\s+)?referral\b{_NOT_TO_SOMEONE}|\breferral\s+for\s+me\b",
        ),
        # the résumé or the application
        (
            "resume",
            r"\b(?:flag\w*|push\w*|fast-?track\w*|expedit\w*|forward\w*|pass\w*|highlight\w*|escalat\w*|champion\w*)\b[^.?!]{0,25}\bmy\s+(?:application|candidacy)\b|\bmy\s+(?:application|candidacy)\s+in\s+front\s+of\b",
        ),
        (
            "resume",
            rf"\b(?:pass|passing|forward|forwarding|send|sending|share|sharing|submit|submitting|hand|handing|get|getting|put|putting)\b[^.?!]{{0,30}}\bmy\s+{_RESUME}\b",
        ),
        ("resume", rf"\bmy\s+{_RESUME}\s+(?:along|on|over|to|in\s+front)\b"),
        (
            "resume",
            rf"\b(?:attach\w*|enclos\w*)\b[^.?!]{{0,30}}\b{_RESUME}\b|\b{_RESUME}\b[^.?!]{{0,20}}\b(?:attached|enclosed)\b",
        ),
    ]
)


def _negated(sentence: str, start: int) -> bool:
    """Is the phrase at `start` negated in its own clause ("I'm not asking you to refer me")?"""
    before = sentence[:start]
    clause = re.split(r"[,;:—–()]|\bbut\b|\bhowever\b", before)[-1]
    return bool(_NEG.search(" ".join(clause.split()[-6:])))


def _job_ask(sentences: Sequence[str]) -> tuple[str, str] | None:
    """The first job ask: its kind and the words that make it one."""
    for sentence in sentences:
        folded = _fold(sentence)
        for kind, pattern in _JOB_PATTERNS:
            for match in pattern.finditer(folded):
                if _negated(folded, match.start()):
                    continue
                return kind, sentence[match.start() : match.end()]
    return None


# ----------------------------------------------------------------------------- question

_INTERROGATIVE = re.compile(
    r"^(?:(?:so|and|but|also|otherwise|alternatively|if\s+not|if\s+so|in\s+that\s+case)[, ]+)?"
    r"(?:(?:would|could|can|will|might|may|do|does|did|are|is|shall|should|have|has)\s+"
    r"(?:you|we|i|it|there|one|anyone)\b|would\s+it\b|how\s+about\b|what\s+about\b|any\s+chance\b)"
    r"|\b(?:i\s+was|i\s+am|i'm|i\s+were|just)\s+wondering\s+(?:if|whether)\b|\bi\s+wonder\s+(?:if|whether)\b",
    re.I,
)


def _has_question(draft: _Draft) -> bool:
    if "?" in draft.body:
        return True
    return any(_INTERROGATIVE.search(_fold(s)) for s in draft.sentences)


# ----------------------------------------------------------------------------- time

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "twenty-five": 25,
    "twenty five": 25,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "forty five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
_NUMBER = r"(?:\d+(?:[.,]\d+)?|twenty[- ]five|forty[- ]five|one|two|three|four|five|ten|fifteen|twenty|thirty|forty|fifty|sixty|ninety)"
_VAGUE = r"(?:a\s+few|a\s+couple(?:\s+of)?|couple\s+of|few|some|several|a\s+little|a\s+bit\s+of)"
_MINUTES = r"(?:minutes?|mins?|minutos?|minuti|minuten)\b"
_HOURS = r"(?:hours?|hrs?|horas?|ore|stunden?|heures?)\b"
_DURATION = re.compile(
    rf"(?P<half>\b(?:half\s+an|a\s+half|half\s+a?n?)[\s-]*hour\b|\bhalf-hour\b|\bhalf\s+hour\b)"
    rf"|(?P<quarter>\b(?:a\s+)?quarter(?:\s+of\s+an|\s*-)\s*hour\b|\bquarter\s+hour\b)"
    rf"|(?P<hourhalf>\b(?:an|one|1)\s+(?:hour\s+and\s+a\s+half|and\s+a\s+half\s+hours?)\b)"
    rf"|(?P<vague>\b{_VAGUE}\s+(?:{_MINUTES}|{_HOURS}))"
    rf"|\b(?P<a>{_NUMBER}|an?)(?:\s*(?:-|–|—|to|or|/)\s*(?P<b>{_NUMBER}))?[\s-]*(?:(?P<min>{_MINUTES})|(?P<hour>{_HOURS}|hour-long))"
    rf"|\b(?P<bare>\d{{1,2}})(?:\s*(?:-|–|to)\s*(?P<bare2>\d{{1,2}}))?'(?=[\s,.;:?!-]|$)",
    re.I,
)
_ASKING = re.compile(
    r"\b(?:call|calls|chat|chatting|talk|talking|speak|speaking|meet|meeting|coffee|conversation|"
    r"zoom|teams|phone|video|time|spare|free|available|open|question|questions|catch|connect|hop|"
    r"jump|pick|learn|hear|share|tell|walk|discuss|ask|grab|give|spend|would|could|can|may|might|"
    r"you|your|appreciate|grateful|advice|welcome|llamada|hablar|tendrias|tiene|minutos)\b",
    re.I,
)
# A duration right after these words tells what happened, not what is asked for.
_NOT_ASKED = re.compile(
    r"\b(?:spent|took|lasted|after|every|each|per|within|(?:the\s+)?(?:last|past|first))"
    r"\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+)?$",
    re.I,
)


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    word = " ".join(text.casefold().split())
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(word.replace(",", "."))
    except ValueError:
        return None


@dataclass(frozen=True)
class _Duration:
    minutes: float | None  # None: vague ("a few minutes")
    words: str


def _durations(sentences: Sequence[str]) -> list[_Duration]:
    found: list[_Duration] = []
    for sentence in sentences:
        folded = _fold(sentence)
        if not _ASKING.search(folded):
            continue
        for match in _DURATION.finditer(folded):
            if _NOT_ASKED.search(folded[: match.start()]) or re.match(
                r"\s+ago\b", folded[match.end() :]
            ):
                continue
            words = sentence[match.start() : match.end()]
            if match.group("half"):
                found.append(_Duration(30, words))
            elif match.group("quarter"):
                found.append(_Duration(15, words))
            elif match.group("hourhalf"):
                found.append(_Duration(90, words))
            elif match.group("vague"):
                found.append(_Duration(None, words))
            elif match.group("bare"):
                low, high = _number(match.group("bare")), _number(match.group("bare2"))
                value = high if high is not None else low
                found.append(_Duration(value, words))
            else:
                low, high = _number(match.group("a")), _number(match.group("b"))
                value = high if high is not None else low
                if value is None:
                    continue
                found.append(_Duration(value * 60 if match.group("hour") else value, words))
    return found


# ----------------------------------------------------------------------------- about me

_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "im", "ive"})
_SECOND_PERSON = frozenset(
    {"you", "your", "yours", "yourself", "yourselves", "u", "ur", "tu", "tus", "vous", "votre"}
)


def _leaning(sentence: str, name: str, organization: str, connection: str = "") -> str:
    """ "me", "you" or "" (neither): whom one sentence is about.

    A sentence naming the connection ("Sam Lee suggested I reach out") is about neither."""
    if connection and _matches_phrase(connection, sentence):
        return ""
    cleaned = re.sub(r"\bthank(?:s|\s+you)\b", " ", _fold(sentence), flags=re.I)
    words = _tokens(cleaned)
    me = sum(w in _FIRST_PERSON for w in words)
    you = sum(w in _SECOND_PERSON for w in words)
    if name and _mentions_name(name, cleaned):
        you += 1
    if organization and _mentions_organization(organization, cleaned):
        you += 1
    if me > you:
        return "me"
    return "you" if you else ""


# ----------------------------------------------------------------------------- personalization

_SPECIFIC = re.compile(
    r"\byour\s+(?:(?:recent|latest|new|last|great|excellent|fascinating|brilliant|wonderful|"
    r"inspiring|thoughtful|\d{4}|(?-i:[A-Z])[\w&.'-]*)\s+){0,4}"
    r"(?:article|articles|post|posts|blog|essay|piece|column|paper|papers|book|talk|keynote|"
    r"presentation|session|panel|webinar|workshop|podcast|episode|interview|profile|thread|"
    r"newsletter|video|stream|course|launch|case\s+study|study|research|project|projects|"
    r"redesign|campaign|comment|comments|point|story|write-up|review|report|demo|portfolio|"
    r"editing|thesis|team's|firm's|company's|lab's|group's|organization's|"
    r"work\s+(?:on|at|in|with|leading|building|for|as)|"
    r"(?:path|move|journey|transition|switch|shift)\s+(?:from|into|to))\b"
    r"|\b(?:read|saw|seen|watched|heard|attended|caught|enjoyed|loved|admired|noticed|came\s+across|"
    r"found|followed|following|listened\s+to)\s+(?:about\s+)?(?:your|that\s+you|you\s+(?:on|at|speak|talk|present))\b"
    r"|\b(?:which|that)\s+(?:i\s+)?(?:read|heard|saw)\s+you\s+(?:led|built|wrote|launched|designed|ran)\b",
    re.I,
)


def _specific_detail(text: str) -> bool:
    return bool(_SPECIFIC.search(_fold(text)))


# ----------------------------------------------------------------------------- the coach


def coach_message(
    text: str,
    *,
    channel: str = "email",
    to_name: str = "",
    to_org: str = "",
    to_role: str = "",
    connection: str = "",
    research_notes: str = "",
    kind: str = "request",
    linkedin_note_limit: int = LINKEDIN_NOTE_LIMIT,
    word_limit: int = WORD_LIMIT,
) -> MessageReport:
    """Check a draft message; each finding says what to change and why."""
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}, not {channel!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if linkedin_note_limit < 1 or word_limit < 1:
        raise ValueError("the limits must be 1 or more")

    normalized = _normalize(text)
    words = len(text.split())
    # Counted as the reader sees the text, before Unicode normalization (which can split
    # one precomposed character into two).
    characters = len(text.replace("\r\n", "\n").replace("\r", "\n").strip())
    if not normalized.strip():
        return MessageReport(words, characters, (Finding(EMPTY, _WHY_EMPTY),))

    draft = _parse(normalized)
    sentences = draft.sentences
    checks = _CHECKS_BY_KIND[kind]
    findings: list[Finding] = []

    if ASKS_FOR_JOB in checks:
        ask = _job_ask([*_sentences(draft.subject), *sentences])
        if ask:
            ask_kind, phrase = ask
            findings.append(Finding(ASKS_FOR_JOB, _why_job(ask_kind, phrase)))

    if TOO_LONG in checks:
        if channel == "linkedin-note":
            if characters > linkedin_note_limit:
                findings.append(
                    Finding(TOO_LONG, _why_note_length(characters, linkedin_note_limit))
                )
        else:
            body_words = _words(draft.body)
            if body_words > word_limit:
                findings.append(Finding(TOO_LONG, _why_words(channel, body_words, word_limit)))

    if NO_QUESTION in checks and not _has_question(draft):
        findings.append(Finding(NO_QUESTION, _WHY_NO_QUESTION))

    if CONNECTION_NOT_FIRST in checks and connection.strip():
        finding = _connection_finding(draft, connection.strip())
        if finding:
            findings.append(finding)

    if NOT_PERSONALIZED in checks:
        finding = _personalization_finding(draft, to_name, to_org, to_role, research_notes)
        if finding:
            findings.append(finding)

    if TOO_MUCH_ABOUT_ME in checks:
        leanings = [_leaning(s, to_name, to_org, connection.strip()) for s in sentences]
        me, you = leanings.count("me"), leanings.count("you")
        if me >= 3 and me > you:
            findings.append(Finding(TOO_MUCH_ABOUT_ME, _why_about_me(me, you)))

    if NO_TIME_BOUND in checks:
        finding = _time_finding(sentences)
        if finding:
            findings.append(finding)

    return MessageReport(words, characters, tuple(findings))


_PLEASANTRY = re.compile(
    r"^(?:i\s+)?hope\s+(?:this|that|you|your|all|things|everything|the|it)\b"
    r"|^(?:i\s+)?trust\s+(?:this|you|that)\b"
    r"|^(?:happy|merry)\s+\w+"
    r"|^good\s+(?:morning|afternoon|evening)\b"
    r"|^how\s+are\s+(?:you|things)\b"
    r"|^greetings\s+from\b",
    re.I,
)


def _opening_sentence(sentences: Sequence[str]) -> str:
    for sentence in sentences:
        if not _PLEASANTRY.search(_fold(sentence)):
            return sentence
    return ""


def _connection_finding(draft: _Draft, connection: str) -> Finding | None:
    opening = _opening_sentence(draft.sentences)
    if _matches_phrase(connection, opening) or _matches_phrase(connection, draft.subject):
        return None
    later = _matches_phrase(connection, "\n".join([draft.body, draft.signature]))
    return Finding(CONNECTION_NOT_FIRST, _why_connection(connection, later))


def _personalization_finding(
    draft: _Draft, to_name: str, to_org: str, to_role: str, research_notes: str
) -> Finding | None:
    text = "\n".join([draft.subject, draft.greeting, draft.body])
    generic_greeting = bool(draft.greeting) and bool(
        _GENERIC_GREETING.search(_fold(draft.greeting))
    )
    has_name = _mentions_name(to_name, text) if _name_parts(to_name) else not generic_greeting
    detail = (
        (bool(to_org.strip()) and _mentions_organization(to_org, text))
        or (bool(to_role.strip()) and _mentions_role(to_role, text))
        or (bool(research_notes.strip()) and _mentions_notes(research_notes, text))
        or _specific_detail(text)
    )
    if has_name and detail:
        return None
    return Finding(
        NOT_PERSONALIZED, _why_personal(to_name, has_name, detail, bool(to_org or to_role))
    )


def _time_finding(sentences: Sequence[str]) -> Finding | None:
    durations = _durations(sentences)
    too_much = [d for d in durations if d.minutes is not None and d.minutes > SMALL_MINUTES]
    if too_much:
        return Finding(NO_TIME_BOUND, _why_too_much_time(too_much[0].words))
    if any(d.minutes is not None for d in durations):
        return None
    vague = next((d for d in durations if d.minutes is None), None)
    return Finding(NO_TIME_BOUND, _why_no_time(vague.words if vague else ""))


# ----------------------------------------------------------------------------- the reasons

_WHY_EMPTY = "There's nothing to check yet: write or paste your draft first."

_WHY_NO_QUESTION = (
    "Your request isn't put as a question. A direct question, such as \"Would you be open to "
    'a 20-minute call next week?", is easy to say yes to and leaves the decision with them.'
)


def _quote(words: str) -> str:
    return " ".join(words.split()).strip(" ,.;:")


def _why_job(kind: str, phrase: str) -> str:
    quoted = _quote(phrase)
    if kind == "resume":
        return (
            f'Leave the résumé out of the request ("{quoted}"): attaching it or asking them to '
            "pass it on makes the message read like a job application, and turns a conversation "
            "into a favour they may have to refuse. If they want your résumé, they'll ask."
        )
    return (
        f'This asks for a job ("{quoted}"). Never ask for a job in an informational interview '
        "request: it turns a conversation into a favour they may have to refuse. Ask to learn "
        "from their experience instead; if there's a fit, they'll tell you."
    )


def _why_note_length(characters: int, limit: int) -> str:
    return (
        f"At {characters} characters, this won't fit in a LinkedIn connection note (the limit is "
        f"{limit}). Keep who you are, why them, and your question; say the rest once they accept."
    )


def _why_words(channel: str, words: int, limit: int) -> str:
    where = "email" if channel == "email" else "LinkedIn message"
    return (
        f"At {words} words (not counting the greeting and signature), this {where} is longer than "
        f"the {limit} a busy person will read before deciding. Keep who you are, why them, and "
        "your question; save the rest for the conversation."
    )


def _why_connection(connection: str, later: bool) -> str:
    where = "you mention it only further down" if later else "the message doesn't mention it"
    return (
        f"You're connected through {connection}, but {where}. Say it in your opening sentence "
        f'(for example "{connection} suggested I get in touch"): a shared connection is the '
        "main reason a stranger says yes, and it should come before anything else."
    )


def _why_personal(to_name: str, has_name: bool, detail: bool, known: bool) -> str:
    first = _first_name(to_name)
    todo = []
    if not has_name:
        todo.append(f"use their name ({first})" if first else "greet them by name")
    if not detail:
        todo.append(
            "mention one detail that is theirs, such as their role, their organization, or "
            "something they wrote, said or built"
            if known
            else "mention one detail that is theirs, such as something they wrote, said or built"
        )
    advice = " and ".join(todo)
    return (
        f"Nothing here shows you chose this person: {advice}. A message that could go to "
        "anyone tends to go unanswered."
    )


def _first_name(name: str) -> str:
    words = [w for w in name.split() if w.casefold().strip(".") not in _STOPWORDS]
    return words[0] if words else ""


def _why_about_me(me: int, you: int) -> str:
    return (
        f"Most of it is about you ({me} sentences about you, {you} about them). Keep your "
        "introduction to a sentence or two and spend the rest on them: why their experience "
        "matters to you and what you'd like to learn."
    )


def _why_no_time(vague: str) -> str:
    if vague:
        start = f'"{_quote(vague)}" is kind, but not specific.'
    else:
        start = "It doesn't say how much of their time you're asking for."
    return (
        f"{start} Name a small amount, such as 20 minutes: it shows you respect their time and "
        "makes yes an easy answer."
    )


def _why_too_much_time(words: str) -> str:
    return (
        f'Asking for "{_quote(words)}" is a lot from someone who owes you nothing. Ask for 20 to '
        f"{SMALL_MINUTES} minutes; if the conversation goes well, they'll offer more."
    )
