"""The question coach: checks a list of interview questions against the practice.

Per question it gives a category and these codes:

- ``googleable`` — the organization's website or a quick search answers it: what the
  organization publishes about itself (filed under industry), a bare definition ("What does a
  paralegal do?"), published pay or requirements. Asked of the person ("in your experience",
  "how do you decide", "your team's work") a fact in passing is not googleable;
- ``closed`` — a yes/no question where an open one would teach more;
- ``asks-for-job`` — asks for a job, an opening, a referral for a role or to pass on a résumé;
- ``duplicate`` — near the same as an earlier question in the list.

Per list: ``no-referral-question``, ``too-many-for-time`` (with the meeting's length) and
``missing-category`` (role, path, skills or advice not covered). A question covers its own
category and any essential one that scores nearly as high ("If you were starting out, which
skills would you focus on?" is advice and skills both).

Duplicates compare content words (synonyms, stock phrases and word forms folded; words such
as "job" or "field", which every question is about anyway, count for less). An open rewording
of an earlier yes/no question on the same verb ("Do you miss the line?", "What do you miss most
about the fire service?") is a duplicate too.

Deterministic and offline: word lists and patterns, no model, no network.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from rich.markup import escape

from coffeechat.coaching import Finding

__all__ = [
    "CATEGORIES",
    "ESSENTIAL_CATEGORIES",
    "MINUTES_PER_QUESTION",
    "CoachedQuestion",
    "QuestionsReport",
    "categorize",
    "clean_question",
    "coach_question",
    "coach_questions",
    "fit_range",
    "fit_to_time",
]

GOOGLEABLE = "googleable"
CLOSED = "closed"
ASKS_FOR_JOB = "asks-for-job"
DUPLICATE = "duplicate"
NO_REFERRAL = "no-referral-question"
TOO_MANY = "too-many-for-time"
MISSING_CATEGORY = "missing-category"

QUESTION_CODES = (GOOGLEABLE, CLOSED, ASKS_FOR_JOB, DUPLICATE)
LIST_CODES = (NO_REFERRAL, TOO_MANY, MISSING_CATEGORY)

# The values of coffeechat.interviews.models.QuestionCategory (a test keeps them in step); kept
# here so that the coach needs neither Django nor a database.
CATEGORIES: tuple[str, ...] = (
    "role",
    "path",
    "skills",
    "culture",
    "industry",
    "experience",
    "advice",
    "hiring",
    "resources",
    "referrals",
)
# A well-rounded list covers at least these; each missing one is named.
ESSENTIAL_CATEGORIES: tuple[str, ...] = ("role", "path", "skills", "advice")

# About one question per 3–4 minutes of the agreed length.
MINUTES_PER_QUESTION = (3, 4)


def fit_to_time(minutes: int) -> int:
    """How many questions fit a meeting of this many minutes: about one per three minutes.

    This is the most that fits; `fit_range` gives the comfortable range.
    """
    return max(1, minutes // MINUTES_PER_QUESTION[0])


def fit_range(minutes: int) -> tuple[int, int]:
    """The comfortable number of questions for a meeting: one per 4 minutes to one per 3."""
    most = fit_to_time(minutes)
    return max(1, min(most, minutes // MINUTES_PER_QUESTION[1])), most


# ----------------------------------------------------------------------------- text


_BULLET = re.compile(
    r"""^\s*(?:
        [-*•·‣◦▪–—>]+                 # - * • bullets, a quoted line
      | \(?\d{1,3}\s*[.):\]](?!\d)     # 1.  1)  (1)  1:  1]  (not 3.5)
      | \(?[a-zA-Z][.)]\s             # a)  b.  (c)
      | [Qq]\d{1,3}\s*[.:)]?          # Q1  Q1:  q2.
      | \#{1,6}                       # a Markdown heading mark
      | \[\s?[xX ]?\s?\]              # [ ] [x] task boxes
    )\s*""",
    re.VERBOSE,
)

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2013": "-",
        "\u2014": " - ",
    }
)

_CONTRACTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(how|where|what|why|who|when)'d\b"), r"\1 did"),
    (
        re.compile(
            r"\b(\w+)'d (known|been|done|had|told|gone|seen|heard|learned|learnt|started|made|"
            r"taken|found|thought|wanted|tried)\b"
        ),
        r"\1 had \2",
    ),
    (re.compile(r"\b(\w+)'d\b"), r"\1 would"),
    (re.compile(r"\bcan't\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\b(what|where|who|how|it|that|there|here|when|why|which)'s\b"), r"\1 is"),
    (re.compile(r"\b(\w+)'re\b"), r"\1 are"),
    (re.compile(r"\b(\w+)'ve\b"), r"\1 have"),
    (re.compile(r"\b(\w+)'ll\b"), r"\1 will"),
    (re.compile(r"\bi'm\b"), "i am"),
]


def clean_question(line: str) -> str:
    """The question as the user wrote it, without numbering, bullets or surrounding spaces."""
    text = line.strip()
    stripped = _BULLET.sub("", text, count=1).strip()
    return stripped or text


# A question is a sentence or two; the patterns look at no more than this, so that a pasted
# essay can't make them slow.
_MAX_CHARS = 400


def _plain(text: str) -> str:
    """Lower case, straight quotes, contractions spelt out, single spaces: the text to match."""
    text = text[:_MAX_CHARS].translate(_QUOTES).lower()
    text = re.sub(r"\br[ée]sum[ée]s?\b", "resume", text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def _any(words: Iterable[str]) -> str:
    return "(?:" + "|".join(words) + ")"


# Things an organization says about itself on its website, or a search answers.
_ORG = _any(
    [
        "company",
        "firm",
        "organi[sz]ation",
        "agency",
        "business",
        "startup",
        "start-up",
        "employer",
        "corporation",
        "department",
        "studio",
        "nonprofit",
        "non-profit",
        "charity",
        "brand",
        "group",
        "org",
        "bank",
        "hospital",
        "school",
        "university",
        "lab",
        "practice",
        "institute",
        "foundation",
        "consultancy",
        "chain",
        "retailer",
        "manufacturer",
        "publisher",
        "clinic",
        "museum",
        "fund",
        "label",
        "(?:brew|bak|win|distill|roast|cream|gall)ery",
    ]
)
_THE_ORG = rf"(?:the|your|this|their) {_ORG}"
# Public bodies and networks go by longer names: "the county's emergency management office",
# "the national safety board", "the hospital network".
_PUBLIC_BODY = _any(
    [
        "office",
        "board",
        "authority",
        "commission",
        "council",
        "ministry",
        "service",
        "trust",
        "network",
        "system",
        "chain",
        "institute",
        "association",
    ]
)
_THE_NAMED_ORG = rf"(?:the|your|this|their) (?:[\w'-]+ ){{0,3}}(?:{_ORG}|{_PUBLIC_BODY})"
_OPENER = r"^(?:(?:so|and|also|okay|ok|well|honestly|now|first|firstly|finally|lastly|just curious|quick question)\b,? )*"

_GOOGLEABLE = [
    # What does the company do / sell / make?
    re.compile(
        _OPENER + rf"what (?:exactly )?(?:does|do) {_THE_ORG}(?:'s?)? (?:actually |exactly )?"
        r"(?:do|sell|make|produce|offer|build|provide|manufacture|invest in|fund|back|publish|develop|"
        r"speciali[sz]e in|focus on|serve|own|operate|deliver)\b(?:,? exactly| exactly)?\??$"
    ),
    re.compile(
        _OPENER + r"what (?:kind of |kinds of |sorts? of )?(?:products?|services|goods|brands)"
        rf"(?: and services)? (?:does|do|did) {_THE_ORG}"
    ),
    re.compile(rf"what (?:is|are) {_THE_ORG}'?s? (?:main )?(?:products?|services)\b"),
    # Asked indirectly: "I'd love to hear a bit about what the hospital network does."
    re.compile(
        rf"\bwhat {_THE_NAMED_ORG} (?:actually |really |exactly )?(?:does|do|sells|makes|produces|"
        r"offers|builds|provides|is about)\W*$"
    ),
    re.compile(
        rf"{_THE_ORG}'?s? (?:most popular|best-known|best known|best-selling|bestselling|biggest|"
        r"flagship|main|latest|newest|first) (?:games?|products?|services?|apps?|titles?|brands?|"
        r"shows?|releases?|drugs?|books?|films?)\b"
    ),
    # Where is it?
    re.compile(
        rf"where (?:is|are) {_THE_ORG}(?:'s)? (?:(?:main|head) )?(?:headquartered|based|located|"
        r"headquarters|offices?|hq)\b"
    ),
    re.compile(
        r"where (?:is|are) (?:your|the|its) (?:main |head |central |global )?"
        r"(?:office|offices|headquarters|hq|locations?|branches)\b(?: located| based)?\??$"
    ),
    re.compile(r"where are you (?:guys )?(?:headquartered|based)\b"),
    re.compile(
        r"^where (?:is|are) .*\b(?:headquarters|head office|head offices|hq|offices)\b(?: located| based)?\??$"
    ),
    # How big is it?
    re.compile(
        r"how many (?:people|employees|staff|workers|offices|locations|stores|branches|"
        r"countries|customers|clients|users)\b.*\b" + _ORG + r"\b"
    ),
    re.compile(
        r"how many (?:employees|offices|locations|stores|branches) (?:are there|do you have)\b"
    ),
    re.compile(rf"how (?:big|large|old) is {_THE_ORG}"),
    re.compile(
        rf"how many [\w-]+ (?:does|do) {_THE_ORG} (?:have|run|operate|own|employ|sell|make|serve|"
        r"manage|produce)\b"
    ),
    re.compile(
        rf"how long (?:has|have) {_THE_ORG} (?:been around|existed|been in business|been operating|"
        r"been trading|been going)\b"
    ),
    re.compile(rf"what (?:size|age) is {_THE_ORG}"),
    # Who founded or runs it, and when?
    re.compile(
        r"who (?:founded|started|owns|runs|leads|funds|invested in|bought|acquired) "
        rf"(?:{_THE_ORG}|it|you)\b"
    ),
    # Who leads it: "Who is the clinic's medical director?"
    re.compile(
        rf"^who (?:is|are|was|were) {_THE_NAMED_ORG}'s (?:current )?(?:[\w-]+ )?(?:ceo|founders?|"
        r"owners?|president|chair\w*|director|head|chief [\w-]+(?: officer)?|leaders?|patrons?|"
        r"trustees|partners?|board(?: members)?)\W*$"
    ),
    re.compile(
        r"(?:who (?:is|are|was|were)|names? of) (?:the|your|its|their) (?:current )?"
        r"(?:ceo|founders?|co-?founders?|owners?|president|chair(?:man|woman|person)?|investors|"
        r"managing director|chief executive)\b"
    ),
    re.compile(
        rf"when (?:was|did|were) {_THE_ORG} (?:first )?(?:founded|established|started|formed|"
        r"created|set up|go public|went public|incorporated|launched|launch|open|opened|begin|start)\b"
    ),
    re.compile(r"when (?:did|was) (?:it|the ipo|your ipo)\b.*\b(?:founded|public|ipo)\b"),
    re.compile(
        r"(?:what|which) year (?:was|did|were|is) .*\b(?:founded|started|established|open|opened|"
        r"launch|launched|begin|start|go public)\b"
    ),
    re.compile(
        rf"is (?:{_THE_ORG}|it) (?:a |an )?(?:publicly traded|public|listed|private|privately held|"
        r"privately owned|family[- ]owned|family[- ]run|owned by|part of|for-profit|nonprofit|"
        r"non-profit|subsidiary|startup)\b"
    ),
    # Money that is published.
    re.compile(r"\b(?:stock|share) price\b|\bticker\b|\bmarket cap|\bstock symbol\b"),
    re.compile(
        r"\b(?:annual |yearly |total )?(?:revenue|turnover|valuation|net income|earnings|profits?|"
        r"market share|head ?count)\??$"
    ),
    re.compile(
        rf"how much (?:revenue|money|profit) does {_THE_ORG} (?:make|earn|bring in|generate)"
    ),
    re.compile(rf"how does {_THE_ORG} make (?:its |their )?money\b"),
    # Who their clients or competitors are, at company level.
    re.compile(
        r"(?:what|which|who) (?:are )?(?:clients|customers|competitors|industries|markets)\b.*"
        + rf"(?:does|do|is|are) {_THE_ORG}"
    ),
    re.compile(rf"who are {_THE_ORG}'?s? (?:main |biggest )?(?:clients|customers|competitors)\b"),
    # The published mission, vision, values, size.
    re.compile(
        r"^what (?:is|are) (?:the|your|its|their) (?:" + _ORG + r"'?s? )?"
        r"(?:mission|vision|values|mission statement|core values|slogan|motto)(?: statement)?\??$"
    ),
]

# Sentence starts that make a yes/no question.
_AUX = _any(
    [
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "am",
        "have",
        "has",
        "had",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "might",
        "must",
    ]
)
_YES_NO_START = re.compile(rf"^{_AUX}(?: not)? \w")

# Polite requests for an open answer: "Could you tell me about…", "Would you describe…".
_REQUEST_VERBS = (
    _any(
        [
            "tell",
            "describ",
            "walk",
            "tak(?:e|ing) me",
            "talk",
            "shar",
            "explain",
            "giv",
            "outlin",
            "say(?:ing)? more",
            "elaborat",
            "expand",
            "paint",
            "help(?:ing)? me",
            "recommend",
            "suggest",
            "introduc",
            "point",
            "list",
            "nam",
            "think(?:ing)? of",
            "speak",
            "offer",
            "show",
            "connect",
            "put(?:ting)? me in touch",
            "send",
            "summari[sz]",
            "break(?:ing)? down",
            "go(?:ing)? (?:over|through)",
            "run(?:ning)? me through",
            "fill(?:ing)? me in",
        ]
    )
    + r"\w*"
)
_POLITE_REQUEST = re.compile(
    r"^(?:can|could|would|will|might|may) (?:you|i ask you to|i ask you)(?: please| kindly| possibly| perhaps| maybe)?"
    r"(?: be (?:willing|able|comfortable|open|happy|so kind as)(?: to)?| mind| care to)?"
    rf" (?:please )?{_REQUEST_VERBS}"
)
# Permission: "May I mention your name?", "Can I follow up with you?"
_PERMISSION = re.compile(
    r"^(?:may|can|could|might) i (?:please )?(?:mention|use your name|follow up|ask|keep in touch|"
    r"stay in touch|reach out|contact|connect|send you|share|get back to you|check in|"
    r"add you|email you|call you|take notes|record)"
    r"|^(?:would|is|will) it (?:be )?(?:ok|okay|alright|all right|fine|possible) (?:if i|for me to)\b"
)
# Invitations to name things: "Is there anyone…", "Are there any books…", "Do you have any advice…"
_INVITATION = re.compile(
    r"^(?:is there|are there|was there|were there)\b(?! (?:a lot|lots|much|many|enough|too|ever|really|always))"
    r"|^(?:do|did|would|could|can|might|may) you (?:have|know|remember|recall|happen to (?:know|have)) "
    r"(?:any|anyone|anybody|someone|somebody|some|of|people|a few|what|how|who|whom|where|why|when|which|whether|if)\b"
    r"|^(?:do|would|could|can) you (?:think of|recommend|suggest|name) "
    r"|^(?:do|would) you mind (?:sharing|telling|describing|explaining|walking)"
    r"|^(?:do|did) you have (?:a|an) (?:sense|idea|feel|view|opinion|perspective|take|example|story|"
    r"favou?rite|recommendation|suggestion)\b"
)
# "Do you like it, and why?" — the wh-tail opens the question up.
_OPEN_TAIL = re.compile(
    r"(?:[,;:-]|\band\b|\bor\b)\s*(?:and |if so,? |if not,? |or |but )*"
    r"(?:why|how|what|which|where|when|who|in what way|tell me)\b"
)
# "Is it more X or Y?" — a choice, not a yes/no.
_CHOICE = re.compile(r"\bor\b(?! not\b| no\b| so\b| two\b| anything\b| something\b)")
# Leading words and phrases before the real question: "As a manager, do you…".
_LEAD_IN = re.compile(r"^(?:[^,?]{1,40}), (?=" + _AUX + r" )")

# Asking for a job, an opening or a referral for a role.
_JOB = _any(
    [
        "hires",
        "hiring",
        "recruits",
        "recruiting",
        "job",
        "jobs",
        "position",
        "positions",
        "role",
        "roles",
        "opening",
        "openings",
        "vacancy",
        "vacancies",
        "internship",
        "internships",
        "opportunity",
        "opportunities",
        "offer",
        "spot",
        "place",
        "contract",
        "gig",
        "interview",
    ]
)
_MY_PAPERS = (
    r"my (?:resume|cv|c\.v\.|application|portfolio|details|name|profile|information|info|candidacy|"
    r"(?:demo |show)?reel|showreel|work samples?|writing samples?|samples?|clips|clippings|"
    r"cover letter|linkedin(?: profile)?|website|deck|case studies|transcript|references)"
)
_HANDS_ON = _any(
    [
        "pass",
        "passing",
        "forward",
        "forwarding",
        "share",
        "sharing",
        "send",
        "sending",
        "give",
        "hand",
        "submit",
        "circulate",
        "put",
        "get",
        "bring",
        "flag",
        "mention",
    ]
)
_ASKS_FOR_JOB = [
    re.compile(
        r"\b(?:are|is) (?:you|(?:your|the) (?:[\w-]+ ){0,2}(?:team|company|firm|group|department|"
        r"agency|org(?:anization)?|unit|office|studio|lab|practice|clinic)|your (?:manager|boss)|they|"
        r"you guys|anyone there)"
        r" (?:currently |still |actively |now )?(?:hiring|recruiting|taking on|adding|bringing on|"
        r"looking for (?:any |new |more |a |an |another |junior |senior |entry-level )?"
        r"(?:people|someone|anyone|candidates|staff|interns|hires|help|talent|\w+(?:ers|ors|ists|ysts|ants|ians|ees)))\b"
    ),
    re.compile(
        r"\b(?:any|what|which) (?:current |new |upcoming |available )?(?:job |open )?(?:openings|"
        r"vacanc(?:y|ies)|open (?:roles|positions|jobs))\b"
        r"(?! (?:in|across|within) (?:this|the|that|your) (?:field|industry|sector|area|profession))"
    ),
    re.compile(
        r"\b(?:any|what|which) (?:current |new |upcoming |available )?(?:jobs?|positions?|roles?|"
        r"internships?|opportunit(?:y|ies))(?: that)? (?:are |is )?(?:open|available|going|coming up|"
        r"for me|i could|i can|i might|right now|currently|at the moment|on offer)\b"
    ),
    re.compile(
        r"\b(?:have|has|are there|is there|know of) (?:any|an|a) (?:job |open )?(?:jobs?|positions?|"
        r"roles?|internships?|spots?)(?: open| available| going)? (?:on|in|at|with) (?:your|the) "
        r"(?:team|company|firm|group|department|agency|office|studio|lab|organi[sz]ation)\b"
    ),
    re.compile(
        r"\b(?:have|has) (?:any|an|a) (?:job )?(?:opening|vacancy|position|role|spot)s? (?:open|for me)\b"
    ),
    re.compile(
        r"\b(?:refer(?:ring)?|recommend(?:ing)?|nominat(?:e|ing)|vouch(?:ing)? for|put(?:ting)? forward|"
        r"endors(?:e|ing)|sponsor(?:ing)?|shortlist(?:ing)?) me\b"
        r"(?! (?:to (?:some|a few|any|other|people|someone|anyone)|some\b|a few\b|any\b|books?\b|resources?\b))"
    ),
    re.compile(r"\bput (?:me|my name) forward\b|\bput my name (?:in|down|forward)\b"),
    re.compile(rf"\b{_HANDS_ON} (?:along |on |in |forward |over )?{_MY_PAPERS}\b(?! for feedback)"),
    re.compile(
        rf"\b{_MY_PAPERS} (?:along |on )?(?:to|with) (?:the|your|a|whoever|someone)\b(?!.*\bfeedback\b)"
    ),
    re.compile(r"\bput in a (?:good |kind )?word\b|\bgood word for me\b"),
    re.compile(
        r"\b(?:if|when|once|whenever) (?:a|an|any|the|your) (?:next )?(?:[\w-]+ ){0,3}"
        r"(?:role|job|position|opening|vacancy|spot|internship)s? "
        r"(?:comes? up|opens?(?: up)?|becomes? available|is posted|gets posted|is advertised)\b"
    ),
    re.compile(
        r"\b(?:i|me) (?:could|can|might|may) (?:interview|work|apply|join|intern|start) "
        r"(?:with|for|at|on) (?:you|your|the team|the company)\b"
    ),
    re.compile(
        r"\b(?:you are|you're|your (?:team|company|firm|group|department) is|the (?:team|company|firm) "
        r"is|they are|they're) (?:currently |still |actively |now )?(?:hiring|recruiting)\b"
    ),
    re.compile(
        r"\b(?:consider|hire|employ|take on|bring on) (?:someone|somebody|people|a candidate|candidates) "
        r"(?:like me|with my|from my)\b"
    ),
    re.compile(
        r"\b(?:use|mention|drop|give|list) your name\b.*\b(?:apply|applying|application|cover letter|"
        r"recruiters?|hiring|the job|the role|the position)\b"
    ),
    re.compile(r"\b(?:hire|employ|interview|take on|bring on|onboard) me\b"),
    re.compile(r"\bconsider (?:me|my application|hiring me)\b"),
    re.compile(r"\bkeep me (?:in mind|posted|updated|informed|on file|in the loop)\b"),
    re.compile(r"\blet me know (?:if|when|about|of|whenever)\b.*\b" + _JOB + r"\b"),
    re.compile(r"\bget me (?:a |an |in |into |hired|through|a foot|my foot|an? interview|a job)"),
    re.compile(
        r"\b(?:help|assist) me (?:to )?(?:get|find|land|secure|obtain|apply for) (?:a |an )?"
        rf"(?:{_JOB})\b"
    ),
    re.compile(
        r"\b(?:get|find|land|secure|obtain) (?:a |an )?(?:job|position|role|internship|offer|"
        rf"interview)s? (?:at|with|in|on) (?:{_THE_ORG}|your (?:team|group)|you|here)\b"
    ),
    re.compile(
        r"\b(?:work|working) (?:for|with) you\b(?! (?:day|every|closely|most))"
        r"|\bjoin your (?:team|company|firm|group)\b"
    ),
    re.compile(
        r"\bintroduce me to (?:the |your |a )?(?:hiring manager|recruiter|recruiting|talent|hr\b|"
        r"human resources|people team|person who hires|manager who is hiring|team lead about)"
    ),
    re.compile(
        r"\bintroduc\w* me to .*\b(?:who|that) (?:runs|handles|does|leads|owns|manages|is in charge of|"
        r"oversees) (?:the )?(?:hiring|recruiting|recruitment|interviews)\b"
    ),
    re.compile(
        rf"\b(?:{_JOB}) (?:that |which )?(?:i|me) (?:could|can|might|should|would) apply\b"
        r"|\bso (?:that )?i (?:can|could) apply\b|\bi could apply (?:for|to)\b"
    ),
    re.compile(
        r"\bjob for me\b|\brole for me\b|\bposition for me\b|\bplace for me\b|\bspot for me\b"
    ),
    re.compile(r"\bgive me (?:a|an) (?:chance|shot|job|interview|opportunity|trial)\b"),
    # Asked as a step towards one: "let me shadow you with a view to a job", "think of me for".
    re.compile(
        r"\bwith a view to (?:a |an |being |getting |me )?(?:job|role|position|hired|hiring|"
        r"employment|working (?:there|with you|for you|on your team))\b"
        r"|\b(?:think of|remember) me (?:for|if|when)\b"
    ),
]

# Asking who else to talk to.
_PERSON = r"\b(?:who|whom|anyone|anybody|someone|somebody|people|person|others|colleagues?|contacts?|names?|peers|friends)\b"
_CONTACT = (
    r"\b(?:else|talk|talking|speak|speaking|reach|contact|meet|chat|introduc\w*|learn from(?! each other)|"
    r"connect|conversation|get in touch|put me in touch|call|email|network with|mention your name|"
    r"coffee|interview next|ask next|go to next|point me|get to know)\b"
)


# ----------------------------------------------------------------------------- categories

# (pattern, weight) per category; the highest total wins.
_CATEGORY_RULES: dict[str, list[tuple[str, float]]] = {
    "role": [
        (r"\btypical (?:day|week|month|workday)\b", 3),
        (r"\bday[- ]to[- ]day\b|\bday in the life\b|\bdaily\b", 2.5),
        (r"\bresponsib(?:le|ility|ilities)\b|\baccountab\w*|\bin charge of\b", 2.5),
        (
            r"\b(?:normal|average|usual|good|regular|ordinary|busy) (?:[\w-]+ )?(?:day|week|project|workday)\b",
            2.5,
        ),
        (
            r"\bspend (?:most of |much of |the bulk of )?(?:your|the|a|their|his|her) (?:time|day|week|days)\b",
            2.5,
        ),
        (r"\bspends? (?:most|much|the bulk) of (?:the|a|their|your) (?:day|week|time)\b", 2.5),
        (r"\bwhat does (?:a|an) (?:[\w-]+ ){1,6}(?:do|spend|actually do|build|deliver)\b", 2.5),
        (
            r"\b(?:working on|work on) (?:these days|right now|at the moment|lately|currently)\b",
            2.5,
        ),
        (r"\bwhat are you working on\b", 2.5),
        (
            r"\bwalk me through (?:a|an|your|one|the) (?:recent |typical |current |last )?(?:project|day|week)\b",
            2.5,
        ),
        (
            r"\b(?:project|projects|problems|tasks|work) (?:land|lands|come|comes) (?:on|across) your desk\b",
            2.5,
        ),
        (r"\bsplit your time\b|\bspend your time\b", 2.5),
        (
            r"\bsuccess (?:is )?measured\b|\bmeasure success\b|\bkpis?\b|\bquota\b|\bsales cycle\b",
            2,
        ),
        (r"\bwork (?:with )?most closely\b|\bwho do you work with\b", 2),
        (r"\bwhat does your (?:job|role|work|position) (?:involve|entail|look like)\b", 2.5),
        (r"\byour role involve\b|\brole entail\b", 2.5),
        (r"\bhands-on work\b", 1.5),
        (r"\b(?:a|your|the) (?:[\w-]+ )?shifts?\b|\bactually involve\b|\binvolve\b", 1.5),
        (
            r"\bparts? of your (?:work|job|role|week|day)\b|\btakes? (?:up )?(?:more |most |the most )?time\b",
            2,
        ),
        (
            r"\b(?:your work|the job|your job|the work|the role|your role) (?:is )?more \w+(?: \w+)? "
            r"(?:or|than)\b",
            2.5,
        ),
        (r"\bwhat (?:problems|kinds? of (?:problems|projects|work|clients))\b", 1.5),
        (r"\bclients? do you (?:personally )?work with\b", 2),
        (r"\bdecisions are you responsible\b|\bwhat do you do\b", 2),
        (r"\bwhat (?:are|were) (?:your|the) (?:main|key|core|biggest) (?:duties|tasks)\b", 2.5),
        (r"\bduties\b|\btasks?\b", 1),
        (r"\b(?:your|the) (?:job|role|work|position)\b", 0.3),
        # What the work consists of, put in other words.
        (r"\bwhat (?:does|do|did|will) [\w' -]{1,40} (?:involve|entail|consist of|include)\b", 2.5),
        (
            r"\bwhat does (?:your|a|an|the) (?:[\w-]+ )?(?:week|day|month|monday|morning|calendar|"
            r"schedule|shift|quarter)\b(?! (?:was|were))",
            2.5,
        ),
        (
            r"\b(?:normal|average|usual|regular|busy|quiet|typical) (?:[\w-]+ )?(?:shift|season|"
            r"month|quarter|meeting|visit|engagement)\b|\btypical\b",
            1.5,
        ),
        (r"\bactually do\b|\bdo all day\b|\ball day\b|\bon the hook for\b", 2.5),
        (r"\bwhat (?:did|do) you do (?:yesterday|today|last week|this morning|this week)\b", 2.5),
        (r"\bdeliverables?\b|\bstakeholders?\b|\binternal (?:customers|clients)\b", 2),
        (
            r"\bhow much of (?:the|your|a) (?:job|role|work|day|week|time|month)\b"
            r"|\b(?:time|day|week) (?:is )?(?:divided|split)\b|\bsplit between\b|\bdivide your time\b",
            2.5,
        ),
        (
            r"\b(?:teams?|people|departments|groups) do you (?:work|collaborate|deal) with\b"
            r"|\bwork with (?:most|most often|day to day|every day)\b",
            2,
        ),
        (
            r"\bwhat (?:problems|questions|issues|requests) do you (?:solve|handle|tackle|deal with|get)\b",
            2.5,
        ),
        (r"\breports? to\b|\bdirect reports\b|\bmanage (?:a team|people|anyone)\b", 2),
        (r"\bjuggle\b|\bat (?:once|a time)\b|\bmeetings\b", 1.5),
        # How a piece of work moves along: "How does a course go from notes to a module?"
        (
            r"\bhow (?:does|do) (?:a|an|the|your) (?:[\w-]+ ){0,2}(?:go|get|move|travel|make it) "
            r"from\b",
            3,
        ),
        (
            r"\blooks? like (?:on|in|during) (?:a|an|the|your) (?:[\w-]+ )?(?:monday|tuesday|"
            r"wednesday|thursday|friday|day|week|morning|afternoon|shift|month)\b"
            r"|\b(?:inbox|to-do list|todo list|diary|plate)\b",
            2.5,
        ),
        # What occupies the week, put in other words: "What fills your week?"
        (
            r"\b(?:fills?|filled|occup(?:y|ies|ied)|eats? up|dominates?) (?:up )?(?:most of )?"
            r"(?:your|a|the|their) (?:days?|weeks?|time|calendar|schedule|diary)\b",
            2.5,
        ),
        (
            r"\bhow many (?:projects|clients|accounts|cases|patients|students|tickets|products) "
            r"(?:do|does) (?:you|a|an)\b",
            2.5,
        ),
        (r"\bsuccess (?:look|looks|mean|means) like\b|\bwhat does success\b", 2.5),
        (
            r"\b(?:focused|focusing) on (?:right now|now|these days|this (?:year|quarter|month))\b",
            2.5,
        ),
        (r"\bwhat happens (?:in|on|during) (?:a|an|the)\b", 2),
        (
            r"\bwhat (?:[\w-]+ ){0,2}do you (?:prepare|write|produce|create|build|make|design|draft|"
            r"manage|run|handle|review|deliver|ship|present|own|oversee)\b",
            2.5,
        ),
    ],
    "path": [
        (
            r"\bhow (?:did|do) you (?:first )?(?:get|got|end up|wind up|land|break|start|begin|come|become|make|decide|"
            r"go|move|transition|switch|pivot|shift|jump|leap|cross|change careers|find your way|arrive)\b",
            2.5,
        ),
        (
            r"\b(?:get|got|getting) (?:into|to where|started in|your start|here)\b|\bbreak into\b",
            1.5,
        ),
        (r"\byour (?:start|beginnings?)\b|\bhow you got\b|\bgot to where\b", 2.5),
        # "What made you pick speech therapy?", "How you decided to become teacher?"
        (
            r"\bwhat (?:made|led|drew|brought|pushed|convinced) you (?:to )?(?:pick|choose|chose|"
            r"decide|go|move|switch|leave|become|take|want)\b"
            r"|\bhow you (?:decided|became|moved|switched|went|ended up|started|made the)\b",
            2.5,
        ),
        (
            r"\bcareer (?:path|journey|story|trajectory|history|route)\b|\b(?:the|your) (?:path|route|journey) (?:from|to|into|you took|that led)\b",
            3,
        ),
        (r"\bpath from\b|\broute you took\b|\bpath that led\b", 2),
        (r"\b(?:path|route|road) (?:did you|you) (?:take|took|follow|followed)\b", 3),
        (r"\bbec(?:a|o)me your (?:job|career|work|profession|living|calling)\b", 3),
        # Something that moved the person along: "What led you into…", "How did X lead you to…".
        (
            r"\b(?:lead|leads|led|bring|brings|brought|draw|draws|drew|take|took|get|got|push|pushed|"
            r"steer|steered|pull|pulled|point|pointed) you (?:(?:in)?to|towards?)\b",
            3,
        ),
        # A past move between two places: "How did you go from nursing to sales?"
        (
            r"\b(?:did you|have you|you)\b.*\b(?:move|moved|moving|go|went|switch|switched|shift|"
            r"shifted|transition\w*|get|got|jump\w*|pivot\w*|leave|left|come|came)\b.*\bfrom\b",
            2.5,
        ),
        (r"\byour first (?:[\w-]+ ){0,3}(?:job|role|position|gig|break)\b", 2.5),
        (
            r"\bdid you (?:[\w-]+ ){0,2}(?:this|the|your|that) (?:field|career|profession|path|"
            r"industry|line of work|specialty|speciality)\b",
            2.5,
        ),
        (
            r"\b(?:always|ever) (?:plan|planned|know|knew|want|wanted|intend|intended|expect|"
            r"expected) to\b",
            2.5,
        ),
        (r"\b(?:did|have) you\b.*\b(?:career|profession|line of work)\b", 1.5),
        (r"\bfirst (?:job|role|position|career|gig)\b", 2),
        (
            r"\b(?:led|drew|brought|attracted|pushed|made) you (?:to|into|leave|choose|decide|join|move|switch)\b",
            3,
        ),
        (r"\bwhat made you (?:leave|decide|choose|join|switch|move|want)\b", 3),
        # Leaving the old work behind: "What got you out of teaching?", "What made you trade
        # the kitchen for inspections?", "your first step out of retail".
        (
            r"\b(?:get|got|take|took|lead|led|bring|brought|pull|pulled|drive|drove|draw|drew|push|"
            r"pushed) you (?:out of|away from)\b"
            r"|\bmade you (?:trade|swap|exchange|give up|quit|walk away|step away|step out)\b"
            r"|\b(?:trade|traded|swap|swapped|exchange|exchanged) (?:the |your |a |an )?"
            r"(?:[\w-]+ ){1,3}for\b"
            r"|\b(?:was|were) your (?:first|very first) (?:step|move|break)s?\b"
            r"|\b(?:step|stepped|move|moved) (?:out of|away from)\b",
            3,
        ),
        # One career turning into the next: "How did a photography career turn into strategy?"
        (
            r"\b(?:career|background|job|work|degree|training|experience|hobby|interest|passion) "
            r"(?:turn|turned|evolve|evolved|grow|grew|develop|developed|lead|led) (?:in)?to\b",
            3,
        ),
        # How common a move is: "Is it common for nurses to move into informatics?"
        (
            r"\b(?:common|usual|typical|normal|rare|unusual|possible) for (?:[\w-]+ ){1,3}to "
            r"(?:move|switch|come|get|go|transition|break|end up|make the (?:move|switch|jump))\b",
            3,
        ),
        # How people usually come into the work: "How do people usually get into safety work?"
        (
            r"\bhow do (?:most )?(?:people|folks|others|they|practitioners) (?:usually |typically |"
            r"normally |generally |tend to |often )?(?:get|break|move|come|end up|find their way|"
            r"transition|switch|make it|arrive) (?:in)?to\b",
            3,
        ),
        (r"\bwhy did you (?:choose|decide|leave|join|switch|move|go)\b", 3),
        (r"\b(?:before|prior to) (?:joining|this role|your current|you joined|coming)\b", 2),
        (r"\bbackground in\b|\bbackground before\b", 1.5),
        (r"\b(?:make|made|making) the (?:jump|move|switch|leap|transition|change)\b", 2),
        (r"\bturning points?\b|\bshaped your career\b|\bdirection of your career\b", 3),
        (r"\bcome about\b|\bcame about\b", 2),
        (r"\bhow did you (?:know|decide)\b", 1.5),
        (r"\bdecide (?:between|to)\b", 1.5),
        (r"\bstaying in\b|\bleaving (?:academia|the classroom|teaching|practice)\b", 1),
        (r"\bwhat did (?:the|your) (?:path|journey|route|career)\b", 2.5),
        (r"\bsteps took you\b|\bfrom your first\b", 2.5),
        (r"\bgo from \w+", 2),
        (r"\bhelp(?:ed)? when you (?:moved|switched|started|changed)\b", 2),
        (r"\bin-house\b|\bafter (?:years in|your degree|school|college|university)\b", 1),
        (r"\bearlier (?:experience|career|roles?)\b", 2),
        (r"\bline of work\b", 1),
        (r"\byour (?:[\w-]+ )?background\b|\balways want(?:ed)? to\b|\bhow you got started\b", 2),
        (r"\bhow did (?:[\w-]+ ){1,3}(?:prepare|help|ready) you\b", 2.5),
        # What came before this job, and what moved them along.
        (
            r"\bbefore (?:this|that|you (?:became|started|moved|got|went|were)|becoming|"
            r"going into|moving into)\b|\b(?:came|come) before\b",
            2.5,
        ),
        (
            r"\b(?:previous|former|prior|earlier|old|last) (?:career|job|role|jobs|roles|life|field|"
            r"profession|line of work)\b|\bearlier in your career\b",
            3,
        ),
        (
            r"\b(?:convinced|inspired|prompted|motivated|persuaded|influenced|encouraged|pushed) "
            r"(?:you|your (?:decision|move|switch|choice))\b|\bdecision to (?:go|move|leave|join|"
            r"switch|become|pursue|study|retrain|change|stay)\b",
            2.5,
        ),
        (
            r"\b(?:knew|know|realis\w*|realiz\w*|decided|discover\w*) (?:that )?(?:this|it|that) "
            r"(?:was|would be|is)\b|\bwhen did you (?:realis|realiz|know|decide|discover)\w*",
            2.5,
        ),
        (r"\bwhy did you (?:pick|change|quit|retrain|pursue|stay|go into|end up)\b", 3),
        (r"\bpursu(?:e|ed|ing)\b|\bretrain\w*", 1.5),
        (
            r"\b(?:always|ever) (?:pictured|imagined|dreamed|dreamt|thought|seen) (?:of )?yourself\b",
            2.5,
        ),
        (
            r"\bstory of how\b|\byour story\b|\bhow you (?:became|got|ended|came|moved|made|went)\b"
            r"|\bhow one (?:job|role) led\b",
            2.5,
        ),
        (
            r"\b(?:key |main |big )?steps (?:between|you took|that got|that led|along the way)\b",
            2.5,
        ),
        (r"\bhow long did it take (?:you )?to (?:become|get|reach|make|land|move|break)\b", 2.5),
        (r"\bkept you (?:in|at|going)\b|\bmade you stay\b", 2),
        (
            r"\b(?:lead|led|leads|brought|got|get|took|bring) (?:you )?(?:here|to where you are)\b"
            r"|\b(?:lead|led|leads) (?:you )?(?:to|into) (?:this|your|the next|where)\b",
            3,
        ),
        (r"\byour very first\b|\bvery first (?:job|role|position)\b", 2.5),
        (
            r"\b(?:your|that) (?:switch|move|change|jump|leap|transition|pivot) (?:from|to|into|out of)\b"
            r"|\bthe (?:switch|move|change|jump|leap|transition|pivot) from\b"
            r"|\b(?:changing|changed|switching|switched) (?:careers|fields)\b",
            1.5,
        ),
        (r"\byears ago\b|\bin your (?:twenties|thirties|forties|teens)\b", 2),
        (
            r"\b(?:right |straight |just )?after (?:university|college|school|graduating|graduation|"
            r"uni|the army|the military|your degree|your phd|your studies)\b"
            r"|\bwhen you graduated\b",
            2,
        ),
        (r"\b(?:experiences?|what) (?:best |most )?prepared you\b", 2.5),
        (r"\bwhen you were (?:getting started|starting out|new|just starting)\b", 2),
        (r"\b(?:brought|took|led|moved|drew|pulled|got) you (?:away )?from\b", 3),
        (r"\b(?:got|get|made|make) you interested\b|\bfirst (?:got|became) interested\b", 3),
    ],
    "skills": [
        (r"\bskills?\b|\bskillset\b|\bskill set\b", 3),
        (r"\btraining\b|\beducation\b|\beducational\b", 2.5),
        (r"\bcertificat\w*|\bcredentials?\b|\bqualifications?\b|\blicen[cs]e\b", 2.5),
        (
            r"\b(?:degree|degrees|masters?|master's|phd|mba|mph|bachelor's|diploma|bootcamps?|boot camps?|courses?|coursework)\b",
            2.5,
        ),
        (r"\b(?:study|studied|studying|major|majored)\b", 2),
        (r"\blearn(?:ed|t)?\b|\bstill learning\b|\blearning (?:curve|on the job)\b", 1.5),
        (r"\b(?:tools?|software|languages?|engines?|platforms?|stack|frameworks?|methods?)\b", 1.5),
        # "Which tools does your team use daily?" asks what to learn, not about the day.
        (
            r"\b(?:tools?|software|languages?|engines?|platforms?|stack|frameworks?|methods?)\b"
            r"(?: [\w-]+){0,4} use\b",
            1.5,
        ),
        (
            r"\bknow how to\b|\bto code\b|\bcoding\b|\bprogramming\b|\bpython\b|\bsql\b|\bexcel\b",
            1.5,
        ),
        (r"\btechnical\b|\bregulations\b", 1),
        (
            r"\b(?:does|do|did) (?:someone|somebody|one|a person|people|you|i)\b(?: [\w-]+){0,4} need\b"
            r"|\bneeds? to know\b",
            2.5,
        ),
        # A prerequisite: "Did you need the CFP before your first planning job?"
        (
            r"\bneed(?:ed)? (?:the |a |an |your |any )?[\w-]+ (?:before|to (?:start|apply|get in))\b",
            1,
        ),
        (r"\bteach (?:yourself|myself)\b|\btaught (?:yourself|myself)\b|\bself-taught\b", 3),
        (
            r"\b(?:recommend|suggest) (?:that )?i (?:study|learn|train|take a course|get certified)\b",
            4,
        ),
        (r"\bpostdocs?\b|\bdoctorates?\b|\bapprenticeships?\b|\bdiplomas?\b", 2.5),
        (
            r"\bexams?\b|\bexaminations?\b|\b(?:pass|passed|sit|sat) (?:the |an? )?[\w-]+ tests?\b",
            2.5,
        ),
        (r"\b(?:need|needed|had|have|has) to (?:learn|know|master|study)\b", 2.5),
        (
            r"\b(?:back to|go to|went to|grad|graduate|night|law|medical) school\b|\bschool for\b",
            2.5,
        ),
        (r"\bget comfortable with\b|\bmaster\b|\bproficien\w*", 1.5),
        (
            r"\bpick(?:ed)? up\b|\bup to speed\b|\bupskill\w*|\bskill up\b|\bget familiar with\b",
            2.5,
        ),
        (r"\bknowledge\b|\bexpertise\b|\bcompetenc\w*", 1.5),
        (r"\btransfer(?:able)?\b|\bcarried over\b|\bcarry over\b", 1.5),
        (
            r"\buseful in (?:industry|the job|practice)\b|\bhow much (?:has it|does it|did it) matter",
            1,
        ),
        # What it takes, put in other words.
        (r"\b(?:good|great|better|best|excel|well) at\b|\bgood [\w-]+ from (?:a )?great\b", 2.5),
        (r"\babilit(?:y|ies)\b|\bstrengths?\b|\btraits?\b|\baptitudes?\b|\bcapabilit\w*", 2.5),
        (
            r"\b(?:does|did|will) it take to\b|\btakes? to (?:succeed|do well|be good|thrive|make it|"
            r"excel|get good|be effective)\b",
            2.5,
        ),
        (
            r"\b(?:should|must|ought to) (?:i|someone|somebody|one|people|you|a newcomer|"
            r"a beginner) (?:\w+ ){0,2}(?:learn|study|master|know)\b",
            3,
        ),
        (
            r"\bbrush up\b|\bbone up\b|\bread up on\b|\blevel up\b|\bget better at\b"
            r"|\bstay sharp\b|\bsharpen\b",
            2.5,
        ),
        (
            r"\bmust-haves?\b|\bnice-to-haves?\b|\bnon-negotiable\b|\bprerequisites?\b"
            r"|\brequirements?\b|\brequired\b",
            2,
        ),
        (r"\bfluen\w*|\bliterac\w*|\bliterate\b", 2),
        (
            r"\b(?:math|maths|statistics|stats|spreadsheets?|negotiation|public speaking|writing|"
            r"programs|apps)\b",
            1.5,
        ),
        (
            r"\b(?:the|this|your) (?:role|job|work|position) (?:need|needs|require|requires|demand|"
            r"demands)\b|\b(?:does|do) (?:the|this|your) (?:role|job|work|position) (?:need|require|"
            r"demand)\b",
            2.5,
        ),
        (r"\bhow (?:important|essential|useful|necessary|helpful) (?:is|are|was|were)\b", 1.5),
        (r"\bstruggle to learn\b|\bhard to learn\b|\blearned in\b|\bthings? you learned\b", 2),
    ],
    "culture": [
        (
            r"\bhow (?:do|does|did) (?:the |your |a |an )?[\w&' -]{1,30} work (?:with|together|alongside)\b",
            2.5,
        ),
        (r"\b(?:how much|what) say\b|\bsay in\b|\ba voice in\b", 2.5),
        (r"\bcultures?\b", 3.5),
        (r"\bwork-life balance\b|\bwork life balance\b|\bbalance\b", 2.5),
        (r"\bwhat is it like (?:to work|working) (?:there|here|at|for|with|on)\b", 2.5),
        (r"\bmanagement style\b|\bleadership style\b|\bworking style\b", 3),
        (r"\bdecisions? (?:are |is |get )?made\b|\bmake decisions\b", 2),
        (r"\bdisagree\w*|\bconflict\b", 2),
        (r"\bfeedback\b|\brecognition\b", 1.5),
        (r"\bthrives?\b|\bfits? in\b|\bfitting in\b", 2),
        (r"\bvalues?\b(?! (?:most )?in (?:a|an) (?:new|junior|good|great|strong))", 1.5),
        (
            r"\bwhat does (?:your|the|their) (?:\w+ )?(?:organi[sz]ation|company|team|firm|employer) value\b",
            2.5,
        ),
        (r"\bremote\b|\bhybrid\b|\boffice\b", 1),
        (r"\bcollaborat\w*|\bteamwork\b|\benvironment\b|\batmosphere\b|\bvibe\b", 1.5),
        (r"\bwork together\b|\bget along\b|\bwork with each other\b|\bautonomy\b", 2),
        (
            r"\b(?:let|lets|allow|allows|allowed|trust|trusts|trusted|free) (?:you|people|staff|"
            r"employees|juniors|the team)\b",
            2.5,
        ),
        (
            r"\b(?:divide|divides|split|splits|share|shares|divvy up|carve up) (?:up )?(?:the )?"
            r"(?:work|workload|load|responsibilities)\b|\bdivision of labou?r\b|\bwho does what\b",
            3,
        ),
        (r"\bwhat is the (?:atmosphere|vibe|environment|culture|feel|mood|energy) like\b", 3),
        (
            r"\bshare knowledge\b|\bknowledge sharing\b|\b(?:team|teams|company) (?:is |are )?(?:organi[sz]ed|structured)\b",
            2.5,
        ),
        (r"\bpace\b|\bfast-paced\b|\bcompetitive\b|\bcrunch\b|\bhours\b|\bovertime\b", 1.5),
        (r"\bwelcomed?\b|\bonboard\w*|\bmentor\w*", 1),
        (r"\bsupport(?:ed|ive)\b", 2),
        (r"\bevenings\b|\bweekends\b|\bnights\b|\bon call\b", 1.5),
        (
            r"\bpromot\w*|\bprogression\b|\badvancement\b|\binternal (?:mobility|moves)\b"
            r"|\bfrom within\b",
            2,
        ),
        (
            r"\bpeople (?:stay|leave)\b|\bturnover\b|\bretention\b|\bdivers\w*|\binclusi\w*|\bpolitics\b",
            2,
        ),
        (r"\bmorale\b|\btrust\b|\bmanager\w*", 0.5),
    ],
    "industry": [
        (r"\bindustry\b|\bindustries\b|\bsector\b|\bmarket\b", 1.5),
        (r"\btrends?\b|\bfuture\b|\bhead(?:ing|ed)\b|\bgoing\b(?! to (?:be|get|do|make|help))", 2),
        (
            r"\bevolv\w*|\breshap\w*|\bshifting\b|\b(?:big|biggest|major) shifts?\b|\bdriving\b|\bmisconceptions?\b",
            1.5,
        ),
        (
            r"\baffect(?:s|ed|ing)?\b|\bimpact(?:s|ed|ing)?\b|\bthe move to\b|\bslowdown\b|\bboom\b",
            1.5,
        ),
        (
            r"\bnext (?:few|five|ten|two|three|\d+) years\b|\bdecade\b|\bin (?:five|ten|\d+) years\b",
            2.5,
        ),
        (r"\bchang(?:e|es|ed|ing)\b", 1.5),
        (
            r"\bchallenges facing\b|\bfacing (?:the|your|this)\b|\bstruggling\b|\bthreats?\b|\bdisrupt\w*",
            2.5,
        ),
        (
            r"\bgrowing\b|\bshrinking\b|\bgrowth\b|\bdecline\w*|\bsurvive\b|\bobsolete\b|\breplace\b",
            2,
        ),
        (r"\bregulation\b|\beconomy\b|\bfunding\b|\binvest\w*|\bcompetitors?\b|\brecession\b", 1.5),
        (r"\bai\b|\bautomation\b|\bartificial intelligence\b|\btechnology\b", 1.5),
        (r"\bthese days\b|\bnowadays\b", 1),
        (r"\bdebates?\b|\bcontrovers\w*|\bhot topics?\b|\bbig questions\b", 2.5),
        (r"\bdevelopments?\b|\bopportunities\b|\bwatching\b|\bhorizon\b|\bmisunderstand\w*", 1.5),
        (r"\bwhere do you see\b|\bwhere is (?:the|this) field\b", 2),
        (
            r"\bwhat is changing\b|\bwhat has changed\b|\bhow (?:is|are|has|have) .+ chang(?:ing|ed)\b",
            1.5,
        ),
        (r"\bbiggest challenges\b", 1.5),
        (r"\bpressures?\b|\bheadwinds\b|\btailwinds\b|\bforces\b", 2),
        (
            r"\b(?:more|fewer|less) (?:[\w-]+ ){1,4}than (?:\w+ ){0,2}(?:years? ago|before|it used to|"
            r"they used to|in the past|a decade ago)\b",
            3.5,
        ),
    ],
    "experience": [
        (r"\b(?:enjoy|enjoys|enjoyed|enjoyable|love|loved|loves|liked)\b", 2),
        (
            r"\b(?:you|i|people|they|we|folks) (?:\w+ )?likes?\b"
            r"|\blikes? (?:most|least|best|about|working|being|doing|it\b)",
            2,
        ),
        (r"\bdislike\w*|\bhate\b|\bleast\b|\bworst\b|\bdownsides?\b|\bdrawbacks?\b", 2.5),
        (r"\bfavou?rite\b|\bbest part\b|\bhardest\b|\btoughest\b|\bmost challenging\b", 2.5),
        (r"\brewarding\b|\bsatisf\w*|\bfulfill\w*|\bmeaningful\b", 2.5),
        (
            r"\bfrustrat\w*|\bstress\w*|\bburn\w*|\btiring\b|\bexhaust\w*|\bdifficult\b|\bchallenging\b",
            2,
        ),
        (r"\bsurpris\w*|\b(?:not|never|did not|do not) expect\w*|\bunexpected\b|\bexpected\b", 2.5),
        (r"\bproud\w*|\bhappy\b|\bhappily\b|\bmiss\b", 2),
        (r"\bregret\w*", 2.5),
        (
            r"\benergi[sz](?:e|es|ed|ing)\b|\bgives? you (?:\w+ ){0,2}energy\b|\bexcites? you\b|\blight(?:s)? you up\b|\bkeeps? you up at night\b",
            2.5,
        ),
        (r"\b(?:choose|pick|do|make) (?:[\w-]+ ){0,3}again\b|\bdo it over\b", 2.5),
        (
            r"\bcaught you off guard\b|\bby surprise\b|\beye-opening\b|\bshock\w*|\bsee coming\b",
            2.5,
        ),
        (
            r"\b(?:was|is|were) (?:it|the [\w-]+(?: [\w-]+)?) (?:\w+ )?(?:hard|easy|tough|difficult|"
            r"scary|worth it)\b",
            2,
        ),
        (
            r"\bdrain\w*|\bwears? you\b|\bgrind\b|\bglamorous\b|\bfun\b|\bboring\b|\btedious\b|\bexciting\b",
            2,
        ),
        (r"\bwhat do you find most\b", 1.5),
        (r"\bthe (?:most|least) [\w-]+ (?:part|thing|aspect)s?\b", 2.5),
        (r"\bwhat (?:does|do|did) .+ (?:feel|felt) like\b|\bhow does it feel\b", 2.5),
        (
            r"\bmotivat\w*|\bkeeps you\b|\bgive away\b|\bchange about (?:the|your) (?:job|work|role)\b",
            2,
        ),
        (r"\bbest (?:event|project|moment|day)\b|\bmost memorable\b|\bworked on\b", 1.5),
        (
            r"\b(?:best|worst|favou?rite|proudest|most memorable) [\w-]+ (?:that )?you(?: have|'ve)? "
            r"(?:worked|done|had|led|run|built|made|seen)\b",
            2,
        ),
        (r"\bhard (?:days?|parts?)\b|\bparts? of the job\b", 1.5),
        (r"\b(?:thought|think) about leaving\b|\bdo it (?:all )?(?:over )?again\b|\bworth it\b", 2),
    ],
    "advice": [
        (r"\badvice\b|\badvise\b|\btips?\b|\bsuggestions?\b", 3),
        (r"\bfeedback on my\b|\b(?:look|looking) at my\b|\bwhat you think of my\b", 3),
        (r"\bif you were\b(?! (?:hiring|interviewing|recruiting))", 3.5),
        (r"\bin my (?:shoes|position|place|situation)\b|\bwere you me\b|\bif you were me\b", 3.5),
        (
            r"\bwhat would you (?:do|tell|focus|put|change|suggest|say to|recommend|prioriti[sz]e|try|"
            r"learn first|build|work on|read first)\b",
            2,
        ),
        (r"\bjob hunt\w*|\bjob search\w*|\bin my first\b", 1.5),
        (
            r"\b(?:would you|you would) (?:tell|say to|advise|suggest to) (?:a|an|someone|somebody|your|"
            r"my|people|anyone)\b|\byounger self\b",
            2.5,
        ),
        (
            r"\bwish (?:you|someone|i) (?:had )?(?:known|been told|told)\b|\bwish you had known\b|\bhad told you\b"
            r"|\bwish (?:[\w-]+ ){0,3}(?:knew|understood|realis\w*|realiz\w*)\b",
            3,
        ),
        (r"\bmistakes?\b|\bpitfalls?\b|\bavoid\b", 2),
        (
            r"\bprepare\b|\bpreparing\b",
            1,
        ),
        (
            r"\b(?:i|me|myself|someone|somebody) (?:\w+ )?prepar\w*|\bfirst steps?\b"
            r"|\bwhere (?:should|do) i (?:start|begin)\b",
            2,
        ),
        (r"\bwhat (?:should|could|can) i (?:do|focus|build|try|work on|take on)\b", 2.5),
        (
            r"\bhow (?:can|should|could|do) i (?:get|gain|tell|prepare|build|start|test|make|know|position)\b",
            2.5,
        ),
        (
            r"\bprojects? (?:should|could|can) i\b|\bprojects? to (?:try|build|do)\b|\bbuild (?:a|my) portfolio\b",
            2.5,
        ),
        (
            r"\bprojects? (?:that )?i (?:could|can|should|might) (?:do|build|try|take on|start)\b"
            r"|\b(?:small|side|personal|home|practice|starter) (?:[\w-]+ )?projects?\b|\bto try (?:[\w-]+ )?(?:work|it out)\b",
            2.5,
        ),
        (r"\bbest way (?:for me )?to\b", 2.5),
        (
            r"\btoo late for me\b|\bgiven my\b|\bmy (?:background|experience|situation)\b|\buse my\b",
            2,
        ),
        (r"\bwould you recommend i\b|\byou recommend (?:that )?i\b", 2.5),
        (r"\bdo differently\b|\bstarting over\b|\bstarting out today\b", 2),
        (
            r"\bsomeone (?:like me|trying|coming|switching|who wants|finishing|starting|moving)\b|\bfor someone\b",
            1.5,
        ),
        (r"\bhands-on (?:\w+ )?experience\b|\bget (?:relevant |some |more )?experience\b", 1.5),
        (r"\bsuits me\b|\bright for me\b|\bfit for me\b|\btest whether\b", 2),
        # Asking what to do next, in other words.
        (r"\bguidance\b|\bpointers\b|\bcounsel\b|\bwords of wisdom\b", 3),
        (r"\bmy next (?:step|move)s?\b|\bnext steps? (?:for me|should i|would you)\b", 3),
        (
            r"\bwhere (?:should|would|could|do) (?:i|you|someone) (?:put|focus|spend|start|begin|look|"
            r"invest|go)\b",
            2.5,
        ),
        (
            r"\bwarn\w*|\bwatch out\b|\bbe careful\b|\blook out for\b|\bsteer (?:me )?"
            r"(?:clear|away)\b|\bsteer (?:me|someone)\b|\bget (?:it |things )?wrong\b|\bgets wrong\b",
            2.5,
        ),
        (
            r"\b(?:move|get|step) closer to\b|\bready for (?:a|this|that|the) (?:[\w-]+ )?(?:role|job|"
            r"career|field|position|work)\b|\b(?:be|get|feel) ready\b",
            2.5,
        ),
        (
            r"\b(?:make|making) (?:myself|me) (?:a )?(?:stronger|better|more)\b|\b(?:stronger|more "
            r"competitive) (?:candidate|applicant)\b|\bmy (?:chances|odds|best shot)\b|\bbest shot\b",
            3,
        ),
        (r"\bin my (?:spot|place|circumstances)\b", 3),
        (r"\btoo (?:late|old|young) (?:for me |for someone |at \w+ )?to\b|\bat my age\b", 3),
        (
            r"\b(?:best|smartest|fastest|quickest|easiest|most effective|right|good) way "
            r"(?:for (?:me|someone) )?to\b",
            2.5,
        ),
        (r"\b(?:do|done|did|doing) (?:anything |things |it )?differently\b", 2),
        (
            r"\bhow (?:should|would|could|can|do|might) (?:i|someone|somebody|one|a person|people) "
            r"(?:like me |in my \w+ )?\w+",
            2,
        ),
        (r"\b(?:should|could|can|might) i\b|\bi (?:should|could|ought to)\b", 1),
        (r"\bif i (?:want|wanted|were|was|decide|am)\b|\bfor me to\b", 2),
        (
            r"\bas (?:a|an) (?:career changer|newcomer|beginner|outsider|graduate|new grad|junior)\b"
            r"|\bcareer changers?\b",
            1.5,
        ),
        (
            r"\bpresent (?:myself|themselves|yourself|my)\b|\bpitch (?:myself|my)\b|\bframe my\b",
            2.5,
        ),
        (r"\btest the waters\b|\bdip (?:my|a) toe\b|\btry (?:it|this|the work) out\b", 2.5),
        (r"\b(?:thing|things) i (?:could|should|can|might) do\b", 2.5),
        (r"\bwould you (?:advise|encourage|recommend) (?:me|someone|that i)\b", 3),
        (r"\b(?:should i|i should) prioriti[sz]e\b", 2),
        (r"\blike mine\b|\b(?:someone|people) like me\b|\bhow would you approach\b", 2.5),
    ],
    "hiring": [
        (r"\blook(?:ing)? for (?:in|when)\b", 3.5),
        (r"\blook for\b", 2.5),
        (
            r"\binterview (?:them|candidates|people|applicants|someone|somebody)\b"
            r"|\bwhen you (?:interview|hire|screen|recruit)\b",
            3,
        ),
        (r"\bcandidates?\b|\bapplicants?\b|\bnew hires?\b", 2.5),
        (r"\bhir(?:e|es|ed|ing)\b|\brecruit\w*", 2),
        (r"\bapplications?\b|\bresume\b|\bcv\b|\bcover letters?\b", 2),
        (
            r"\bstand out\b|\bstands out\b|\bget noticed\b|\bnoticed by\b|\bscreen for\b|\bred flags?\b",
            2,
        ),
        (r"\binterview(?:s|ing)? process\b|\bjob interviews?\b|\bhiring process\b", 2.5),
        (r"\bemployers? (?:expect|want|look|value|need)\b", 2),
        (r"\bemployers?\b|\bentry points?\b|\bentry-level\b|\bjunior (?:roles|positions)\b", 1.5),
        (r"\bvalue most in (?:a|an) (?:new|junior|good|great|strong)\b", 3),
        (r"\bportfolio\b", 1),
        (r"\bqualities\b", 1.5),
        (r"\bseparates the\b|\bstrongest\b", 1),
        (r"\bcareer changers?\b", 1),
    ],
    "resources": [
        (
            r"\bbooks?\b|\bblogs?\b|\bpodcasts?\b|\bnewsletters?\b|\bjournals?\b|\bpublications?\b|\bmagazines?\b",
            3,
        ),
        (r"\bread\b|\breading\b|\blisten to\b|\bwatch\b|\bfollow\b", 1.5),
        (
            r"\bassociations?\b|\bsociet(?:y|ies)\b|\bconferences?\b|\bmeetups?\b|\bcommunit(?:y|ies)\b",
            3,
        ),
        (
            r"\bgroups\b|\bslack\b|\bdiscord\b|\bforums?\b|\byoutube\b|\bchannels?\b|\bwebsites?\b"
            r"|\bsubreddits?\b",
            2,
        ),
        (r"\btrade shows?\b", 2.5),
        (
            r"\b(?:join|joining) (?:a |any |an )?(?:[\w-]+ )?group\b"
            r"|\b(?:which|what|any) (?:[\w-]+ )?group\b",
            2,
        ),
        (r"\bevents?\b|\bwebinars?\b|\bworkshops?\b", 1.5),
        (r"\b(?:which|what|any) (?:[\w-]+ )?(?:events|webinars|workshops)\b", 1),
        (
            r"\battend\b|\bjoin\b|\bjoining\b|\bgather\b|\bhang out\b|\bkeep up\b|\bstay current\b",
            1.5,
        ),
        (r"\bresources?\b", 2.5),
        (r"\brecommend (?:that )?i (?:read|listen|follow|join|attend|watch|subscribe)\b", 4),
        (r"\bshare their work\b|\blearn from each other\b|\blearn from\?", 1.5),
    ],
    "referrals": [],
}
_COMPILED_RULES: dict[str, list[tuple[re.Pattern[str], float]]] = {
    category: [(re.compile(pattern), weight) for pattern, weight in rules]
    for category, rules in _CATEGORY_RULES.items()
}
# When two categories score the same, the earlier one wins.
_TIE_ORDER = (
    "referrals",
    "hiring",
    "advice",
    "resources",
    "path",
    "skills",
    "culture",
    "industry",
    "experience",
    "role",
)


# Asking to be introduced or put in touch is a referral whoever it names.
_INTRODUCE = re.compile(
    r"\bintroduc\w* me (?:to|with)\b|\bput me in touch\b|\bconnect me (?:with|to)\b"
    r"|\bpoint me (?:to|towards|toward) (?:someone|anyone|people|a few|other)\b"
)


def _is_referral(plain: str) -> bool:
    return bool(
        _INTRODUCE.search(plain) or (re.search(_PERSON, plain) and re.search(_CONTACT, plain))
    )


@functools.lru_cache(maxsize=4096)
def _scores(plain: str) -> Mapping[str, float]:
    """Each category's score for one question; cached (read-only) as the list check asks again."""
    return MappingProxyType(
        {
            category: sum(weight for pattern, weight in rules if pattern.search(plain))
            for category, rules in _COMPILED_RULES.items()
        }
    )


def _categorize_plain(plain: str) -> str:
    if _is_referral(plain):
        return "referrals"
    scores = _scores(plain)
    best = max(scores.values())
    if best <= 0:
        return "role"
    return next(category for category in _TIE_ORDER if scores[category] == best)


# A question also covers an essential category that scores nearly as high as its own, and high
# enough to mean it: "If you were starting out, which skills would you learn first?" is advice
# and skills both.
_ALSO_COVERS_AT_LEAST = 2.5
_ALSO_COVERS_WITHIN = 1.0


def _also_covers(question: CoachedQuestion) -> set[str]:
    """The essential categories besides its own that a question asks about as well."""
    if question.findings and set(question.findings) & {GOOGLEABLE, ASKS_FOR_JOB}:
        return set()
    if question.category == "referrals":
        return set()
    scores = _scores(_plain(question.text))
    top = max(scores.values())
    return {
        category
        for category in ESSENTIAL_CATEGORIES
        if scores[category] >= _ALSO_COVERS_AT_LEAST
        and scores[category] >= top - _ALSO_COVERS_WITHIN
    }


def _covered(questions: Sequence[CoachedQuestion]) -> set[str]:
    """The categories a list of questions asks about, counting a question's near ties."""
    covered = {q.category for q in questions}
    for question in questions:
        covered |= _also_covers(question)
    return covered


def categorize(text: str) -> str:
    """The category of one question (one of `CATEGORIES`), by keyword and pattern rules."""
    return coach_question(text).category


# ----------------------------------------------------------------------------- per question


# Capitalised words that name a field, a department or a role rather than an organization.
_NOT_ORGS = frozenset(
    [
        "I",
        "HR",
        "IT",
        "PM",
        "PMs",
        "UX",
        "UI",
        "QA",
        "PR",
        "BD",
        "R&D",
        "CEO",
        "CTO",
        "CFO",
        "COO",
        "VP",
        "SVP",
        "AI",
        "ML",
        "SQL",
        "MBA",
        "PhD",
        "MPH",
        "MD",
        "RN",
        "CPA",
        "SHRM",
        "PMP",
        "LinkedIn",
        "Python",
        "Excel",
        "English",
        "French",
        "Spanish",
        "Monday",
        "Friday",
        "January",
        "December",
    ]
)
_PROPER_NAME = re.compile(r"(?<=\w )(?:[A-Z][\w&.'’-]*)(?: (?:[A-Z][\w&.'’-]*|&|of|and))*")


def _with_org(text: str) -> str:
    """The plain text with a named organization ("Acme", "Northwind Health") as "the company"."""

    def name(match: re.Match[str]) -> str:
        words = match.group(0).split()
        return match.group(0) if all(w in _NOT_ORGS for w in words) else "the company"

    return _plain(_PROPER_NAME.sub(name, text))


# A published fact about an organization: asked about the organization itself, not the person.
_ORG_FACT = re.compile(
    r"\b(?:founded|founders?|co-?founders?|established|headquarter\w*|head office|hq|been around|existed|"
    r"in business|publicly traded|ipo|went public|go public|revenue|turnover|profits|valuation|"
    r"market cap\w*|share price|stock price|competitors?|rivals?|competition|investors|owners?|owned by|"
    r"ceo|president|chair\w*|employees|employ|headcount|(?:annual|yearly|operating) budget|offices|branches|locations|countries|subsidiar\w*|"
    r"parent company|acquisitions?|acquired|mission statement|slogan|located|based)\b"
)
_ORG_SUBJECT = re.compile(
    rf"\b{_THE_ORG}\b|\b{_THE_NAMED_ORG}\b|\b(?:the|your) (?:\w+ )?(?:chain|institute|network|brand|label|fund|publisher|"
    r"hospital|clinic|council|ministry|museum|foundation|consultancy|retailer|manufacturer)\b"
)
# Asked about the person or their view, an organization's facts are fair game.
_ABOUT_THE_PERSON = re.compile(
    r"\byou\b(?! have\b)(?! guys\b)|\bwhy\b|\bhow (?:has|have|did|does|do|will|would) .+ "
    r"(?:affect|change|shape|influence)|\bmy\b|\bi\b"
)


# What the organization publishes about itself, asked of the organization as the subject: what
# it makes or offers, how many of anything it has, where it is, its record.
_ORG_RECORD = [
    # "What apps does the company make?", "Which platforms do the studio's games ship on?",
    # "What benefits does the firm offer employees?"
    re.compile(
        r"^(?:what|which) (?:kinds? of |sorts? of |types? of )?(?:[\w-]+ ){1,2}(?:does|do|did|has|"
        rf"have) (?:{_ORG_SUBJECT.pattern})(?:'s? [\w-]+)? (?:make|sell|build|offer|produce|publish|"
        r"release|ship|cover|represent|support|serve|run|operate|manufacture|develop|stock|carry|"
        r"own|invest in|fund|work with|use|have)\b"
    ),
    # "How many attorneys work at the firm?", "How many pupils the school has?"; not the hours
    # or interview rounds it asks of people, which only someone inside knows.
    re.compile(
        r"^how many (?!(?:[\w-]+ )?(?:hours|days|weeks|months|years|times|rounds|interviews|stages|"
        r"steps|meetings|applicants|applications|candidates|people apply)\b)"
        r"|^how much (?:money|revenue|funding|capital|profit|investment|debt|cash)\b"
    ),
    # "Where is the hospital trust's main site?" (not where it is heading)
    re.compile(
        r"^where (?:is|are)\b.*\b(?:sites?|campus\w*|offices?|headquarters|hq|plants?|factor(?:y|ies)|"
        r"warehouses?|depots?|stores?|branch\w*|studios?|labs?|located|based)\W*$"
    ),
    # "What's the biggest project the company has completed?"
    re.compile(
        r"\bthe (?:biggest|largest|best-known|most famous|most popular|first|latest|newest) "
        rf"[\w-]+ (?:{_ORG_SUBJECT.pattern}) (?:has|have|did|ever)\b"
    ),
]
# Whoever asks for what the organization publishes, politely, is still asking for it: "Would you
# mind sharing how many volunteers the charity has?"
_POLITE_WRAPPER = re.compile(
    r"^(?:(?:would|could|can|will) you (?:please )?(?:mind )?(?:tell(?:ing)? me|shar(?:e|ing)|"
    r"explain(?:ing)?|let me know)|(?:i would|i am|i was) (?:love|like|keen|curious|wondering)"
    r"(?: to (?:know|hear|learn))?|please (?:tell me|share))(?: a (?:little|bit))?(?: about)?"
    r"(?: with me)?,? "
)
# Marks a question as asked of the person, whatever else it names: "how do you decide", "in
# your experience", "your team's work".
_OF_THE_PERSON = re.compile(
    r"\byou\b(?! have\b)(?! guys\b)|\bmy\b|\bi\b|\bme\b|\bwhy\b|\bin your (?:experience|view|opinion)\b"
    r"|\byour (?:own |team'?s?|work|role|job|day|week|career|group|unit|department)\b"
    r"|\b(?:affect|change|shape|influence)[ds]?\b"
)


def _is_org_fact(plain: str) -> bool:
    return bool(
        _ORG_SUBJECT.search(plain)
        and (_ORG_FACT.search(plain) or any(p.search(plain) for p in _ORG_RECORD))
        and not _ABOUT_THE_PERSON.search(plain)
        and not _OF_THE_PERSON.search(plain)
        and len(plain.split()) <= 14
    )


# Asked for the person's own view, even a published fact is theirs to tell: "Which clients does
# the agency work with most, in your experience?"
_THEIR_VIEW = re.compile(
    r"\b(?:in|from) your (?:own )?(?:experience|view|opinion|perspective|side)\b|\bfor you\b"
    r"|\b(?:do|would) you (?:think|say|feel)\b|\bto you\b"
)


# Googleable, though not about the organization: what a role is, published pay, published
# requirements. Asked about the person ("for you", "did you") they are not.
_NOT_A_DEFINITION = (
    r"(?!.*\b(?:typical|normal|ordinary|average|usual|good|great|day|days|week|weeks|month|"
    r"like|career|path)\b)"
)
_DEFINITIONS = [
    # "What does a product designer do?" (not "...do all day", "...do for growers")
    re.compile(
        r"^what (?:exactly )?(?:does|do) (?:a|an) " + _NOT_A_DEFINITION + r"(?:[\w-]+ ){1,4}"
        r"(?:actually |really |exactly )?do\??$"
    ),
    # "What is a paralegal?", "What is UX research?", "What does ESG stand for?"
    re.compile(
        r"^what (?:exactly )?(?:is|are) (?:an? )?"
        + _NOT_A_DEFINITION
        + r"[\w-]+(?: [\w-]+){0,2}\??$"
    ),
    re.compile(r"^what (?:does|do) [\w-]+(?: [\w-]+){0,2} (?:stand for|mean)\??$"),
]
# Published pay: "the starting salary for a new teacher in this district". An employer's (or a
# sector's) pay is filed with the organization's facts, under industry.
_PUBLISHED_PAY = re.compile(
    r"\b(?:starting|average|median|typical|base|entry-level|entry level) (?:salary|salaries|"
    r"pay|wage)\b|\b(?:salary|pay|wage) (?:scales?|bands?|grades?|ranges?|tables?)\b"
)
_PUBLISHED = [
    # The question names the public page it could be read on: "What skills are listed in the
    # job posting?", "according to the careers page".
    re.compile(
        r"\b(?:listed|posted|advertised|stated|written|mentioned|shown) (?:in|on) (?:the|your|their|"
        r"its) (?:[\w-]+ )?(?:posting|ad|advert|advertisement|listing|description|careers? page|"
        r"website|site|annual report)\b|\baccording to (?:the|your|their|its) (?:[\w-]+ )?"
        r"(?:website|site|careers? page|annual report|posting|listing)\b"
    ),
    # Published requirements: "What are the requirements to get teacher certification?"
    re.compile(
        r"^what (?:are|is) (?:the )?(?:(?:entry|minimum|basic|official|formal|legal|licensing|"
        r"application|state|academic) )?requirements? (?:for|to)\b"
    ),
]
_DEFINITION_OPENER = re.compile(
    r"^what (?:exactly )?(?:is|are) (?:the|your|their|its|this|that|it|there|so|more|most|"
    r"some|one|something|next|different|harder|hardest|best|worst)\b"
)


def _is_looked_up(plain: str) -> bool:
    if _OF_THE_PERSON.search(plain):
        return False
    if any(pattern.search(plain) for pattern in _PUBLISHED):
        return True
    return not _DEFINITION_OPENER.search(plain) and any(
        pattern.search(plain) for pattern in _DEFINITIONS
    )


def _googleable(text: str) -> str | None:
    """None if the person is needed to answer; else the question's category: "industry" for the
    organization's published facts, "" (categorize by the rules) for other things a search
    answers."""
    plains = {_plain(text), _with_org(text)}
    if any(_THEIR_VIEW.search(plain) for plain in plains):
        return None
    plains |= {_POLITE_WRAPPER.sub("", plain) for plain in plains}
    if any(
        _is_org_fact(plain) or any(pattern.search(plain) for pattern in _GOOGLEABLE)
        for plain in plains
    ):
        return "industry"
    if any(_PUBLISHED_PAY.search(p) and not _OF_THE_PERSON.search(p) for p in plains):
        return "industry"
    if any(_is_looked_up(plain) for plain in plains):
        return ""
    return None


def _is_googleable(text: str) -> bool:
    return _googleable(text) is not None


def _asks_for_job(plain: str) -> bool:
    return any(pattern.search(plain) for pattern in _ASKS_FOR_JOB)


def _main_clause(plain: str) -> str:
    """The question without openers ("So,", "Honestly,") or a short lead-in ("As a manager,")."""
    plain = re.sub(_OPENER, "", plain)
    return _LEAD_IN.sub("", plain, count=1)


def _is_closed(plain: str) -> bool:
    clause = _main_clause(plain)
    if not _YES_NO_START.match(clause):
        return False
    if _POLITE_REQUEST.match(clause) or _PERMISSION.match(clause) or _INVITATION.match(clause):
        return False
    # Only look for a wh-tail or a choice after the first few words.
    rest = clause.split(" ", 2)[-1]
    if _OPEN_TAIL.search(rest):
        return False
    return not (_CHOICE.search(rest) and not re.search(r"\bany\b", rest))


@dataclass(frozen=True)
class CoachedQuestion:
    """One question as coached: its text (numbering removed), category and codes."""

    text: str
    category: str
    findings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "category": self.category, "findings": list(self.findings)}


@functools.lru_cache(maxsize=4096)
def coach_question(line: str) -> CoachedQuestion:
    """Coach one question on its own (no duplicate check: that needs the list).

    Pure and immutable, so cached: the interview page coaches the same bank questions on
    every visit."""
    text = clean_question(line)
    plain = _plain(text)
    codes: list[str] = []
    googleable = _googleable(text)
    if googleable is not None:
        codes.append(GOOGLEABLE)
        category = googleable or _categorize_plain(plain)
    elif _asks_for_job(plain):
        codes.append(ASKS_FOR_JOB)
        category = "hiring"
    else:
        category = _categorize_plain(plain)
        if _is_closed(plain):
            codes.append(CLOSED)
    return CoachedQuestion(text, category, tuple(codes))


# ----------------------------------------------------------------------------- duplicates

_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"\b(?:like|enjoy|love)(?: the)? least\b|\bleast (?:favou?rite|enjoyable)\b"),
        " dislike ",
    ),
    (
        re.compile(r"\b(?:like|enjoy|love)(?: the)? (?:most|best)\b|\bfavou?rite\b|\bbest part\b"),
        " like most ",
    ),
    (
        re.compile(
            r"\bworst part\b|\bhardest(?: part)?\b|\bmost (?:challenging|difficult)\b|"
            r"\btoughest(?: part)?\b|\b(?:biggest|greatest|main|hardest) challenges?\b"
        ),
        " hardest ",
    ),
    # Being surprised, whichever way it is put.
    (
        re.compile(
            r"\b(?:caught|catch|catches|took|take|takes|taken) you (?:off guard|by surprise|aback)\b|"
            r"\bby surprise\b|\b(?:did|do|had|have) not (?:expect|anticipate|see coming)\w*|"
            r"\bunexpected(?:ly)?\b|\bsurpris\w*"
        ),
        " surprise ",
    ),
    # Early days: "when you started", "at first", "in your first months".
    (
        re.compile(
            r"\bwhen you (?:first )?(?:started|began|joined|arrived|were new|were starting)\b|"
            r"\bat first\b|\bearly on\b|\bin the beginning\b|"
            r"\b(?:in )?your first (?:few )?(?:days|weeks|months|year)\b"
        ),
        " early ",
    ),
    # What moved the person into the work.
    (
        re.compile(
            r"\b(?:drew|draws|drawn|attracted|led|leads|brought|pulled) you (?:to|in)?to\b|"
            r"\bmade you (?:choose|pick|want to (?:go into|work in|do|become|join))\b|"
            r"\bwhy did you (?:choose|pick|go into|decide on)\b"
        ),
        " drew_you ",
    ),
    (
        re.compile(
            r"\b(?:end|ended|wind|wound) up (?:in|at|as|doing)\b|"
            r"\b(?:get|got|break|broke|move|moved|transition|transitioned|switch|switched|"
            r"pivot|pivoted|come|came) into\b|"
            r"\bget started in\b|\bgot started in\b|\bget your start in\b|\bfind your way into\b|\bfound your way into\b"
        ),
        " get_into ",
    ),
    (
        re.compile(r"\bline of work\b|\bthis field\b|\bthe field\b|\bindustry\b|\bprofession\b"),
        " field ",
    ),
    (
        re.compile(
            r"\bday[- ]to[- ]day\b|\btypical (?:day|week)\b|\bnormal (?:day|week)\b|\baverage (?:day|week)\b"
        ),
        " typical_day ",
    ),
    (
        re.compile(
            r"\bwho else\b|\banyone else\b|\bsomeone else\b|\banybody else\b|\bother people\b|\bothers\b"
        ),
        " person else ",
    ),
    (
        re.compile(
            r"\bstarting out\b|\bjust starting\b|\bnew to\b|\bbeginning\b|\bstarting\b|\bbeginners?\b|"
            r"\bnewcomers?\b|\bnovices?\b|\bsomeone new\b|\bnew people\b|\bjuniors?\b"
        ),
        " start ",
    ),
    (re.compile(r"\bwhat is it like\b|\bwhat does it look like\b|\blook like\b"), " like_what "),
]
_SYNONYMS = {
    "enjoy": "like",
    "enjoyed": "like",
    "love": "like",
    "loved": "like",
    "liked": "like",
    "likes": "like",
    "satisfying": "like",
    "rewarding": "like",
    "fulfilling": "like",
    "enjoyable": "like",
    "find": "find",
    "delivering": "deliver",
    "projects": "project",
    "work": "job",
    "role": "job",
    "position": "job",
    "career": "job",
    "jobs": "job",
    "roles": "job",
    "talk": "talk",
    "speak": "talk",
    "chat": "talk",
    "meet": "talk",
    "contact": "talk",
    "reach": "talk",
    "connect": "talk",
    "anyone": "person",
    "anybody": "person",
    "someone": "person",
    "somebody": "person",
    "who": "person",
    "whom": "person",
    "people": "person",
    # "The key skills" are "the skills that matter most".
    "main": "matter",
    "key": "matter",
    "primary": "matter",
    "core": "matter",
    "biggest": "matter",
    "duties": "responsibilities",
    "tasks": "responsibilities",
    "advise": "advice",
    "tips": "advice",
    "tip": "advice",
    "suggestions": "advice",
    "recommend": "advice",
    "recommendation": "advice",
    "recommendations": "advice",
    "suggest": "advice",
    "suggestion": "advice",
    "prepare": "help",
    "prepared": "help",
    "helped": "help",
    "helps": "help",
    "important": "matter",
    "rely": "use",
    "relied": "use",
    "weekly": "week",
    "daily": "day",
    "monthly": "month",
    "essential": "matter",
    "crucial": "matter",
    "critical": "matter",
    "valuable": "matter",
    "matters": "matter",
    "mattered": "matter",
    "land": "get",
    "landed": "get",
    "secure": "get",
    "secured": "get",
    "skill": "skills",
    "abilities": "skills",
    "company": "org",
    "organization": "org",
    "organisation": "org",
    "firm": "org",
    "employer": "org",
    "challenges": "challenge",
    "challenging": "challenge",
    "difficult": "challenge",
    "hard": "challenge",
    "gain": "get",
    "getting": "get",
    "got": "get",
    "obtain": "get",
    "trends": "trend",
    "changes": "change",
    "changing": "change",
    "changed": "change",
    "surprised": "surprise",
    "surprising": "surprise",
    "surprises": "surprise",
}
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "so",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "about",
        "as",
        "into",
        "onto",
        "over",
        "than",
        "then",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "i",
        "me",
        "my",
        "you",
        "your",
        "yours",
        "we",
        "our",
        "us",
        "they",
        "them",
        "their",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "which",
        "how",
        "why",
        "when",
        "where",
        "whose",
        "just",
        "really",
        "actually",
        "exactly",
        "very",
        "much",
        "many",
        "some",
        "any",
        "also",
        "still",
        "ever",
        "even",
        "please",
        "think",
        "thought",
        "say",
        "said",
        "tell",
        "describe",
        "give",
        "share",
        "would",
        "like_what",
        "out",
        "up",
        "get",
        "kind",
        "sort",
        "type",
        "way",
        "thing",
        "things",
        "one",
        "ones",
        "lot",
        "lots",
        "being",
        "now",
        "today",
        "currently",
        "right",
        "time",
        "someone",
        "find",
        "org",
        "every",
        "each",
    ]
)
# A question that differs from another in one of these words is not its duplicate.
_CONTRAST = [
    frozenset({"most", "least", "dislike", "hardest"}),
    frozenset({"like", "dislike"}),
    frozenset({"best", "worst"}),
    frozenset({"before", "after"}),
    frozenset({"first", "last", "next"}),
    frozenset({"start", "end"}),
    frozenset({"more", "less"}),
]


def _stem(word: str) -> str:
    for suffix in ("ments", "ment", "ings", "ing", "ers", "er", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


_ME = "_me"


def _content(plain: str) -> frozenset[str]:
    """The words that carry a question's meaning, with synonyms and word forms folded."""
    text = plain
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    words = re.findall(r"[a-z_][a-z0-9_'-]*", text)
    out = set()
    for word in words:
        word = _SYNONYMS.get(word, word)
        if word in _STOPWORDS:
            continue
        out.add(_stem(word))
    if re.search(r"\bi\b", plain) or _IN_MY_PLACE.search(plain):
        out.add(_ME)
    return frozenset(out)


# "What would you learn first?" asks what the user should do, as "What should I learn first?"
# does; "What did you learn?" asks about the person.
_IN_MY_PLACE = re.compile(
    r"\b(?:what|which) (?:[\w-]+ ){0,3}would you (?:learn|study|focus on|pick|choose|start with|"
    r"prioriti[sz]e|practi[sc]e|read|take)\b"
)


def _contrasts(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether the two differ in a word that changes the meaning (most/least, like/dislike…)."""
    return any((group & a) and (group & b) and (group & a) != (group & b) for group in _CONTRAST)


# Words that name what every question in an informational interview is about anyway (their
# job, the field), intensifiers and time frames: they count for less than the words that say
# what is asked.
_LIGHT = frozenset(
    _stem(word) for word in ("job", "field", "most", "early", "background", "current")
)
_LIGHT_WEIGHT = 0.25


def _weight(words: frozenset[str]) -> float:
    return sum(_LIGHT_WEIGHT if word in _LIGHT else 1.0 for word in words)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """How much two questions' content words have in common, 0–1 (a weighted Jaccard)."""
    union = _weight(a | b)
    return _weight(a & b) / union if union else 0.0


def _near(a: frozenset[str], b: frozenset[str], *, same_category: bool) -> bool:
    if not a or not b:
        return False
    if _contrasts(a, b):
        return False
    # "What should I learn?" is not "What did you learn?": whose view is asked matters.
    if (_ME in a) != (_ME in b):
        return False
    a, b = a - {_ME}, b - {_ME}
    if not a or not b:
        return False
    overlap = _overlap(a, b)
    # Two questions on the same subject need less in common than two that the rules file apart.
    return overlap >= (0.5 if same_category else 0.75)


# A yes/no question and its open twin ask the same thing of the same verb: "Do you miss the
# line?" and "What do you miss most about the fire service?". Verbs too light to carry a
# question on their own don't count.
_YES_NO_VERB = re.compile(
    r"^(?:do|did|would|will|could|can) you (?:still |ever |really )?([a-z]+)\b"
)
_OPEN_VERB = re.compile(
    r"^(?:what|which|how|why|where|when)\b(?: [\w-]+){0,3} (?:do|did|would|will|could|can) you "
    r"(?:still |ever |really )?([a-z]+)\b"
)
_SECOND_QUESTION = re.compile(r"[,;]? (?:and|or|but) (?:how|what|why|which|where|when|who)\b")
_LIGHT_VERBS = frozenset(
    [
        "have",
        "think",
        "know",
        "need",
        "get",
        "do",
        "use",
        "see",
        "want",
        "find",
        "go",
        "make",
        "say",
        "mean",
        "feel",
        "take",
        "work",
        "spend",
        "look",
        "recommend",
        "suggest",
    ]
)


def _open_twin(earlier: CoachedQuestion, later: CoachedQuestion) -> bool:
    """Whether the later question is an open rewording of the earlier yes/no question."""
    if CLOSED not in earlier.findings or CLOSED in later.findings:
        return False
    if earlier.category != later.category:
        return False
    closed = _YES_NO_VERB.match(_main_clause(_plain(earlier.text)))
    later_plain = _main_clause(_plain(later.text))
    opened = _OPEN_VERB.match(later_plain)
    # "What did you study, and how much has it mattered?" asks more than "Did you study it?"
    if not closed or not opened or _SECOND_QUESTION.search(later_plain):
        return False
    verb = _stem(closed.group(1))
    return verb == _stem(opened.group(1)) and verb not in _LIGHT_VERBS


def _duplicates(questions: Sequence[CoachedQuestion]) -> dict[int, int]:
    """Which questions repeat an earlier one: later index -> earlier index (the one kept)."""
    plains = [_plain(q.text) for q in questions]
    contents = [_content(plain) for plain in plains]
    asks = [
        q.category == "referrals" and not _PERMISSION.match(plain)
        for q, plain in zip(questions, plains, strict=True)
    ]
    googleable = [GOOGLEABLE in q.findings for q in questions]
    repeated: dict[int, int] = {}
    for later in range(len(questions)):
        for earlier in range(later):
            if earlier in repeated:
                continue
            # One "who else should I talk to?" is enough; a second is the same ask again.
            same_ask = asks[later] and asks[earlier]
            # Two facts about the same organization share its name, not their question.
            same_category = questions[later].category == questions[earlier].category and not (
                googleable[later] and googleable[earlier]
            )
            if (
                same_ask
                or _open_twin(questions[earlier], questions[later])
                or _near(contents[earlier], contents[later], same_category=same_category)
            ):
                repeated[later] = earlier
                break
    return repeated


# ----------------------------------------------------------------------------- the report

# Why each per-question code matters; {which} names the questions, {verb} agrees with it.
_WHY: dict[str, str] = {
    GOOGLEABLE: (
        "{which} {can} be answered from the organization's website or a quick search (what it "
        "does, where it is, how big it is, who founded or leads it). Look that up beforehand and "
        "spend the meeting on what only this person can tell you, such as how it shows up in "
        "their work."
    ),
    CLOSED: (
        "{which} {can} be answered with a yes or a no. An open question teaches more: "
        "\u201cDo you like your job?\u201d becomes \u201cWhat do you like most about your job?\u201d, "
        "\u201cIs it stressful?\u201d becomes \u201cWhat makes it stressful, and how do you handle it?\u201d"
    ),
    ASKS_FOR_JOB: (
        "{which} {asks} for a job, an opening or a referral for a role. An informational "
        "interview is for learning, and asking for a job there tends to close the door. Ask what "
        "they look for in candidates instead; if you later apply to a posting there, tell them then."
    ),
    DUPLICATE: (
        "{which} in other words; keep the wording you like better and use the time for "
        "something new."
    ),
}


def _why(code: str, indexes: Sequence[int]) -> str:
    one = len(indexes) == 1
    return _WHY[code].format(
        which=_numbers(indexes),
        can="can",
        asks="asks" if one else "ask",
    )


def _join(items: Sequence[str], last: str = "and") -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _numbers(indexes: Sequence[int]) -> str:
    names = [str(i + 1) for i in indexes]
    if len(names) == 1:
        return f"Question {names[0]}"
    return "Questions " + ", ".join(names[:-1]) + " and " + names[-1]


def _category_names(categories: Sequence[str]) -> str:
    labels = {
        "role": "the role",
        "path": "their path",
        "skills": "the skills it takes",
        "advice": "their advice for you",
    }
    return _join([labels.get(c, c) for c in categories], "or")


_EXAMPLES = {
    "role": "What does a typical day look like for you?",
    "path": "How did you get into this field?",
    "skills": "What skills matter most in your role?",
    "advice": "If you were in my position, what would you do next?",
}


@dataclass(frozen=True)
class QuestionsReport:
    """What the coach found in a list of questions."""

    questions: tuple[CoachedQuestion, ...]
    findings: tuple[Finding, ...]
    minutes: int | None = None
    categories_missing: tuple[str, ...] = field(default=())

    @property
    def codes(self) -> set[str]:
        """Every code found, per question and per list."""
        return {f.code for f in self.findings}

    def as_json(self) -> dict[str, Any]:
        return {
            "questions": [q.as_json() for q in self.questions],
            "findings": [f.as_json() for f in self.findings],
        }

    def as_text(self) -> str:
        if not self.questions:
            return "No questions to coach: write one question per line."
        lines = []
        length = f" for {self.minutes} minutes" if self.minutes else ""
        count = len(self.questions)
        lines.append(f"[bold]{count} question{'s' if count != 1 else ''}{length}[/bold]")
        for number, question in enumerate(self.questions, 1):
            codes = "".join(f" [yellow]{code}[/yellow]" for code in question.findings)
            lines.append(
                f"{number:>3}. {escape(question.text)} [dim]({question.category})[/dim]{codes}"
            )
        lines.append("")
        if not self.findings:
            lines.append("[green]Nothing to change: open, researched and well rounded.[/green]")
        for finding in self.findings:
            lines.append(f"[yellow]{finding.code}[/yellow]: {escape(finding.message)}")
        return "\n".join(lines)


def coach_questions(lines: list[str], *, minutes: int | None = None) -> QuestionsReport:
    """Coach a list of interview questions, one per line; blank lines are skipped."""
    coached = [coach_question(line) for line in lines if line.strip()]
    repeated = _duplicates(coached)
    coached = [
        CoachedQuestion(q.text, q.category, (*q.findings, DUPLICATE)) if i in repeated else q
        for i, q in enumerate(coached)
    ]
    findings: list[Finding] = []
    for code in QUESTION_CODES:
        which = [i for i, q in enumerate(coached) if code in q.findings]
        if code == DUPLICATE and which:
            pairs = [f"question {i + 1} repeats question {repeated[i] + 1}" for i in which]
            said = _join(pairs)
            findings.append(Finding(code, _WHY[code].format(which=said[0].upper() + said[1:])))
        elif which:
            findings.append(Finding(code, _why(code, which)))
    missing: tuple[str, ...] = ()
    if coached:
        asks = [q for q in coached if q.category == "referrals"]
        if not asks:
            findings.append(
                Finding(
                    NO_REFERRAL,
                    "No question asks who else you could talk to. End with one, such as "
                    "\u201cWho else do you think I should talk to?\u201d: each name they give is "
                    "your next conversation, and the request can mention them.",
                )
            )
        # More than minutes/3 questions is too many (for whole numbers: more than fit_to_time).
        if minutes is not None and minutes > 0 and len(coached) > fit_to_time(minutes):
            low, high = fit_range(minutes)
            fits = f"{low}\u2013{high} fit" if low != high else f"only {high} fits"
            findings.append(
                Finding(
                    TOO_MANY,
                    f"{len(coached)} questions are more than {minutes} minutes allow: at about "
                    f"one question per 3\u20134 minutes, {fits}. Put the ones that matter most "
                    "first, keep the rest in reserve, and save time for who else to talk to.",
                )
            )
        present = _covered(coached)
        missing = tuple(c for c in ESSENTIAL_CATEGORIES if c not in present)
        if missing:
            examples = " ".join(f"\u201c{_EXAMPLES[c]}\u201d" for c in missing)
            findings.append(
                Finding(
                    MISSING_CATEGORY,
                    f"Nothing here asks about {_category_names(missing)}. A well-rounded list "
                    "covers the role (a typical day), their path (how they got here), the skills "
                    f"it takes and their advice for you. For instance: {examples}",
                )
            )
    return QuestionsReport(tuple(coached), tuple(findings), minutes, missing)
