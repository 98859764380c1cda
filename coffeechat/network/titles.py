"""What a job title says about the work and its level: "Sr. PM, Payments" is product, senior.

Rules, not a model: every word that names a function carries a weight; a function named
by a phrase beats a bare role noun ("Data Engineer" is data, "Sales Engineer" is sales);
on equal weight the later word wins, since English puts the head noun last ("Product
Designer" designs) and "X of Y" names its field after the "of". Abbreviations are spelled
out first ("VP, Eng", "RN", "HRBP"), and common French, German, Spanish, Portuguese,
Italian and Dutch titles are known. The labelled set in tests/data/job_titles.json
measures it (`make bench`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from coffeechat.network.models import search_key

FUNCTIONS = {
    "product": "product",
    "engineering": "engineering",
    "data": "data",
    "design": "design",
    "research": "research",
    "marketing": "marketing and communications",
    "sales": "sales",
    "customer success": "customer success and support",
    "finance": "finance",
    "consulting": "consulting",
    "operations": "operations",
    "people": "people and HR",
    "legal": "legal",
    "health care": "health care",
    "education": "education",
    "executive": "leadership",
}

SENIORITY_LEVELS = (
    "intern",
    "junior",
    "mid-level",
    "senior",
    "manager",
    "director",
    "vice president",
    "C-level",
)

# Spelled out before matching. Keys are folded words.
ABBREVIATIONS: dict[str, str] = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "eng": "engineering",
    "engr": "engineer",
    "mgr": "manager",
    "mngr": "manager",
    "dir": "director",
    "vp": "vice president",
    "svp": "senior vice president",
    "evp": "executive vice president",
    "avp": "assistant vice president",
    "swe": "software engineer",
    "sde": "software development engineer",
    "pm": "product manager",
    "apm": "associate product manager",
    "gpm": "group product manager",
    "tpm": "technical program manager",
    "rn": "registered nurse",
    "np": "nurse practitioner",
    "lpn": "licensed practical nurse",
    "cna": "certified nursing assistant",
    "md": "physician",
    "do": "physician",
    "emt": "paramedic",
    "hr": "human resources",
    "hrbp": "human resources business partner",
    "ta": "talent acquisition",
    "csm": "customer success manager",
    "ae": "account executive",
    "sdr": "sales development representative",
    "bdr": "business development representative",
    "cpa": "certified public accountant",
    "ops": "operations",
    "bizops": "business operations",
    "biz": "business",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "nlp": "natural language processing",
    "bi": "business intelligence",
    "qa": "quality assurance",
    "sre": "site reliability engineer",
    "seo": "search engine optimization",
    "sem": "search engine marketing",
    "pr": "public relations",
    "fp": "financial planning",
    "ceo": "chief executive officer",
    "cto": "chief technology officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cmo": "chief marketing officer",
    "cpo": "chief product officer",
    "cro": "chief revenue officer",
    "cdo": "chief data officer",
    "chro": "chief human resources officer",
    "cio": "chief information officer",
    "ciso": "chief information security officer",
    "esq": "attorney",
    "ux": "user experience",
    "ui": "user interface",
    "cofounder": "co founder",
    "postdoc": "postdoctoral researcher",
    "phd": "doctoral researcher",
}

# (words, function, weight). A word ending in "*" matches any word it begins;
# "*x*" matches any word that contains x (German compounds: "Softwareentwickler").
RULES: list[tuple[str, str, int]] = [
    # engineering
    ("software", "engineering", 3),
    ("engineer", "engineering", 2),
    ("engineers", "engineering", 2),
    ("engineering", "engineering", 3),
    ("developer", "engineering", 3),
    ("development engineer", "engineering", 3),
    ("programmer", "engineering", 3),
    ("devops", "engineering", 3),
    ("devsecops", "engineering", 3),
    ("site reliability", "engineering", 3),
    ("backend", "engineering", 3),
    ("back end", "engineering", 3),
    ("frontend", "engineering", 3),
    ("front end", "engineering", 3),
    ("full stack", "engineering", 3),
    ("fullstack", "engineering", 3),
    ("ios", "engineering", 3),
    ("android", "engineering", 3),
    ("mobile", "engineering", 2),
    ("firmware", "engineering", 3),
    ("embedded", "engineering", 3),
    ("infrastructure", "engineering", 2),
    ("platform", "engineering", 1),
    ("cloud", "engineering", 2),
    ("security", "engineering", 2),
    ("quality assurance", "engineering", 3),
    ("tech lead", "engineering", 3),
    ("technical lead", "engineering", 3),
    ("architect", "engineering", 2),
    ("chief technology officer", "engineering", 6),
    ("chief information officer", "engineering", 6),
    ("chief information security officer", "engineering", 6),
    ("*entwickler*", "engineering", 3),
    ("ingenieur*", "engineering", 2),
    ("ingeniero*", "engineering", 2),
    ("ingegner*", "engineering", 2),
    ("engenheir*", "engineering", 2),
    ("logiciel", "engineering", 3),
    ("developpeur*", "engineering", 3),
    ("desarrollador*", "engineering", 3),
    ("desenvolvedor*", "engineering", 3),
    ("sviluppator*", "engineering", 3),
    ("ontwikkelaar", "engineering", 3),
    # product
    ("product", "product", 3),
    ("products", "product", 3),
    ("product owner", "product", 4),
    ("chief product officer", "product", 6),
    ("produktmanager*", "product", 4),
    ("produkt*", "product", 3),
    ("produit", "product", 3),
    ("producto", "product", 3),
    ("produto", "product", 3),
    # data
    ("data", "data", 3),
    ("analytics", "data", 3),
    ("machine learning", "data", 4),
    ("artificial intelligence", "data", 3),
    ("natural language processing", "data", 4),
    ("deep learning", "data", 4),
    ("computer vision", "data", 4),
    ("business intelligence", "data", 4),
    ("statistician", "data", 4),
    ("statistics", "data", 3),
    ("quantitative", "data", 3),
    ("quant", "data", 3),
    ("applied scientist", "data", 5),
    ("daten*", "data", 3),
    ("datos", "data", 3),
    ("dados", "data", 3),
    ("donnees", "data", 3),
    # design
    ("design", "design", 3),
    ("designer", "design", 3),
    ("designers", "design", 3),
    ("user experience", "design", 3),
    ("user interface", "design", 3),
    ("graphic", "design", 3),
    ("visual", "design", 2),
    ("illustrator", "design", 3),
    ("art director", "design", 4),
    ("creative director", "design", 4),
    ("motion", "design", 2),
    ("disenador*", "design", 3),
    ("ontwerper", "design", 3),
    ("grafik*", "design", 3),
    # research
    ("research", "research", 3),
    ("researcher", "research", 3),
    ("researchers", "research", 3),
    ("scientist", "research", 2),
    ("postdoctoral", "research", 4),
    ("doctoral", "research", 3),
    ("candidate", "research", 1),
    ("research fellow", "research", 4),
    ("principal investigator", "research", 5),
    ("lab", "research", 3),
    ("laboratory", "research", 3),
    ("chercheu*", "research", 3),
    ("forscher*", "research", 3),
    ("wissenschaft*", "research", 3),
    ("investigador*", "research", 3),
    ("pesquisador*", "research", 3),
    ("ricercator*", "research", 3),
    ("onderzoeker", "research", 3),
    # marketing and communications
    ("marketing", "marketing", 3),
    ("marketer", "marketing", 3),
    ("brand", "marketing", 3),
    ("search engine optimization", "marketing", 4),
    ("search engine marketing", "marketing", 4),
    ("growth", "marketing", 1),
    ("content", "marketing", 2),
    ("social media", "marketing", 4),
    ("communications", "marketing", 3),
    ("communication", "marketing", 3),
    ("public relations", "marketing", 4),
    ("copywriter", "marketing", 4),
    ("writer", "marketing", 2),
    ("community", "marketing", 2),
    ("demand generation", "marketing", 4),
    ("campaign*", "marketing", 3),
    ("advertising", "marketing", 3),
    ("chief marketing officer", "marketing", 6),
    ("mercadeo", "marketing", 3),
    ("komunikation", "marketing", 3),
    ("kommunikation", "marketing", 3),
    # sales
    ("sales", "sales", 3),
    ("account executive", "sales", 4),
    ("account manager", "sales", 4),
    ("account director", "sales", 4),
    ("key account", "sales", 4),
    ("business development", "sales", 4),
    ("sales development", "sales", 4),
    ("revenue", "sales", 3),
    ("chief revenue officer", "sales", 6),
    ("vertrieb*", "sales", 4),
    ("verkauf*", "sales", 4),
    ("ventas", "sales", 4),
    ("vendas", "sales", 4),
    ("vendite", "sales", 4),
    ("commercial", "sales", 3),
    ("commerciale", "sales", 3),
    ("real estate agent", "sales", 4),
    ("realtor", "sales", 4),
    ("salesperson", "sales", 4),
    # customer success and support
    ("customer success", "customer success", 5),
    ("customer support", "customer success", 5),
    ("customer service", "customer success", 5),
    ("customer experience", "customer success", 5),
    ("customer care", "customer success", 5),
    ("client services", "customer success", 5),
    ("support", "customer success", 3),
    ("help desk", "customer success", 4),
    # finance
    ("finance", "finance", 3),
    ("financial", "finance", 3),
    ("financier", "finance", 3),
    ("accountant", "finance", 4),
    ("accounting", "finance", 4),
    ("certified public accountant", "finance", 5),
    ("controller", "finance", 4),
    ("treasury", "finance", 4),
    ("tax", "finance", 4),
    ("audit*", "finance", 4),
    ("financial planning", "finance", 4),
    ("investment", "finance", 4),
    ("investor", "finance", 3),
    ("banker", "finance", 4),
    ("banking", "finance", 4),
    ("portfolio", "finance", 3),
    ("private equity", "finance", 5),
    ("venture capital", "finance", 5),
    ("equity research", "finance", 5),
    ("equity", "finance", 3),
    ("credit", "finance", 3),
    ("actuar*", "finance", 4),
    ("wealth", "finance", 4),
    ("bookkeep*", "finance", 4),
    ("chief financial officer", "finance", 6),
    ("comptab*", "finance", 4),
    ("contador*", "finance", 4),
    ("contabil*", "finance", 4),
    ("buchhalt*", "finance", 4),
    ("finanz*", "finance", 3),
    ("financ*", "finance", 3),
    # consulting
    ("consultant", "consulting", 4),
    ("consultants", "consulting", 4),
    ("consulting", "consulting", 4),
    ("consultor*", "consulting", 4),
    ("consulente", "consulting", 4),
    ("berater*", "consulting", 4),
    ("*beratung*", "consulting", 4),
    ("*berater*", "consulting", 4),
    ("advisory", "consulting", 4),
    ("strategy", "consulting", 2),
    ("engagement manager", "consulting", 4),
    # operations
    ("operations", "operations", 3),
    ("operation", "operations", 3),
    ("operating", "operations", 3),
    ("operaciones", "operations", 3),
    ("operacoes", "operations", 3),
    ("supply chain", "operations", 4),
    ("logistic*", "operations", 4),
    ("program", "operations", 2),
    ("programme", "operations", 2),
    ("project", "operations", 2),
    ("projet", "operations", 2),
    ("proyecto*", "operations", 2),
    ("projekt*", "operations", 2),
    ("procurement", "operations", 4),
    ("purchasing", "operations", 4),
    ("buyer", "operations", 3),
    ("office manager", "operations", 4),
    ("executive assistant", "operations", 4),
    ("administrative", "operations", 3),
    ("administrator", "operations", 2),
    ("warehouse", "operations", 4),
    ("scrum master", "operations", 4),
    ("business operations", "operations", 5),
    ("chief operating officer", "operations", 6),
    # people and HR
    ("human resources", "people", 5),
    ("human resource", "people", 5),
    ("recursos humanos", "people", 5),
    ("ressources humaines", "people", 5),
    ("recruit*", "people", 5),
    ("recrut*", "people", 5),
    ("reclut*", "people", 5),
    ("talent", "people", 4),
    ("talent acquisition", "people", 5),
    ("people", "people", 3),
    ("people operations", "people", 6),
    ("people partner", "people", 6),
    ("sourcer", "people", 4),
    ("compensation", "people", 4),
    ("learning and development", "people", 5),
    ("personal*", "people", 3),
    ("chief human resources officer", "people", 6),
    ("chief people officer", "people", 6),
    # legal
    ("legal", "legal", 4),
    ("attorney", "legal", 5),
    ("lawyer", "legal", 5),
    ("counsel", "legal", 5),
    ("paralegal", "legal", 5),
    ("compliance", "legal", 4),
    ("litigation", "legal", 5),
    ("solicitor", "legal", 5),
    ("barrister", "legal", 5),
    ("judicial", "legal", 5),
    ("judge", "legal", 5),
    ("patent", "legal", 4),
    ("avocat*", "legal", 5),
    ("abogad*", "legal", 5),
    ("avvocat*", "legal", 5),
    ("advogad*", "legal", 5),
    ("advocaat", "legal", 5),
    ("*anwalt*", "legal", 5),
    ("*anwaltin*", "legal", 5),
    ("juriste", "legal", 5),
    ("jurist", "legal", 5),
    # health care
    ("nurse", "health care", 5),
    ("nursing", "health care", 5),
    ("physician", "health care", 5),
    ("doctor", "health care", 4),
    ("surgeon", "health care", 5),
    ("therapist", "health care", 4),
    ("pharmac*", "health care", 5),
    ("dentist", "health care", 5),
    ("dental", "health care", 5),
    ("medical", "health care", 4),
    ("medicine", "health care", 4),
    ("clinical", "health care", 3),
    ("clinician", "health care", 5),
    ("psycholog*", "health care", 4),
    ("psychiatr*", "health care", 5),
    ("paramedic", "health care", 5),
    ("veterinar*", "health care", 5),
    ("dietitian", "health care", 5),
    ("nutritionist", "health care", 5),
    ("pediatric*", "health care", 5),
    ("paediatric*", "health care", 5),
    ("pathologist", "health care", 4),
    ("radiolog*", "health care", 5),
    ("midwife", "health care", 5),
    ("caregiver", "health care", 4),
    ("icu", "health care", 4),
    ("infirmi*", "health care", 5),
    ("infermier*", "health care", 5),
    ("krankenschwester", "health care", 5),
    ("krankenpfleg*", "health care", 5),
    ("pfleg*", "health care", 4),
    ("arzt", "health care", 5),
    ("arztin", "health care", 5),
    ("medico", "health care", 5),
    ("medica", "health care", 5),
    ("medecin", "health care", 5),
    ("enfermer*", "health care", 5),
    ("enfermeir*", "health care", 5),
    ("verpleegkundige", "health care", 5),
    ("huisarts", "health care", 5),
    # education
    ("teacher", "education", 5),
    ("teachers", "education", 5),
    ("teaching", "education", 5),
    ("professor", "education", 5),
    ("lecturer", "education", 5),
    ("instructor", "education", 4),
    ("tutor", "education", 5),
    ("school", "education", 4),
    ("elementary", "education", 4),
    ("faculty", "education", 4),
    ("dean", "education", 5),
    ("academic", "education", 4),
    ("curriculum", "education", 5),
    ("instructional", "education", 5),
    ("librarian", "education", 5),
    ("educator", "education", 5),
    ("education", "education", 4),
    ("lehrer*", "education", 5),
    ("enseignant*", "education", 5),
    ("professeur*", "education", 5),
    ("profesor*", "education", 5),
    ("professor*", "education", 5),
    ("docente", "education", 5),
    ("insegnante", "education", 5),
    ("maestr*", "education", 4),
    ("leraar", "education", 5),
    # leadership
    ("chief executive officer", "executive", 6),
    ("chief executive", "executive", 6),
    ("founder", "executive", 2),
    ("co founder", "executive", 2),
    ("president", "executive", 1),
    ("managing director", "executive", 3),
    ("general manager", "executive", 3),
    ("managing partner", "executive", 3),
    ("owner", "executive", 2),
    ("entrepreneur", "executive", 2),
    ("chairman", "executive", 2),
    ("chairwoman", "executive", 2),
    ("chair", "executive", 1),
    ("geschaftsfuhrer*", "executive", 4),
    ("directeur general", "executive", 4),
    ("director general", "executive", 4),
    ("president directeur general", "executive", 5),
]

# Words that say how senior, highest level first.
SENIORITY_RULES: list[tuple[str, int]] = [
    ("chief", 7),
    ("founder", 7),
    ("co founder", 7),
    ("owner", 7),
    ("president", 7),
    ("managing director", 7),
    ("general manager", 7),
    ("managing partner", 7),
    ("geschaftsfuhrer*", 7),
    ("directeur general", 7),
    ("vice president", 6),
    # Roles called "manager" that manage no one: the level comes from the other words.
    ("product manager", 2),
    ("project manager", 2),
    ("program manager", 2),
    ("account manager", 2),
    ("office manager", 2),
    ("community manager", 2),
    ("success manager", 2),
    ("partner", 6),
    ("director", 5),
    ("directeur", 5),
    ("directora", 5),
    ("director*", 5),
    ("head", 5),
    ("dean", 5),
    ("manager", 4),
    ("managerin", 4),
    ("gerente", 4),
    ("responsable", 4),
    ("leiter*", 4),
    ("chef", 4),
    ("principal", 3),
    ("staff", 3),
    ("senior", 3),
    ("lead", 3),
    ("iii", 3),
    ("junior", 1),
    ("associate", 1),
    ("assistant", 1),
    ("graduate", 1),
    ("entry", 1),
    ("apprentice", 0),
    ("intern", 0),
    ("internship", 0),
    ("trainee", 0),
    ("praktikant*", 0),
    ("stagiaire", 0),
    ("werkstudent*", 0),
]

WORD = re.compile(r"[a-z0-9]+")


def _pattern(words: str) -> tuple[str, ...]:
    return tuple(words.split())


def _matches_word(pattern: str, word: str) -> bool:
    if pattern.startswith("*") and pattern.endswith("*"):
        return pattern[1:-1] in word
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return pattern == word


_COMPILED = [(_pattern(words), function, weight) for words, function, weight in RULES]
_SENIORITY = [(_pattern(words), level) for words, level in SENIORITY_RULES]


def title_words(title: str) -> list[str]:
    """The folded words of a title with its abbreviations spelled out."""
    text = search_key(title).replace("&", " and ").replace("+", " ")
    out: list[str] = []
    for word in WORD.findall(text):
        out.extend(ABBREVIATIONS.get(word, word).split())
    return out


def _find(pattern: tuple[str, ...], words: list[str]) -> int:
    """The position of the last word of the pattern's last occurrence, or -1."""
    size = len(pattern)
    for start in range(len(words) - size, -1, -1):
        if all(_matches_word(p, words[start + k]) for k, p in enumerate(pattern)):
            return start + size - 1
    return -1


@dataclass(frozen=True)
class Reading:
    """What a title says: its function (None when it names none) and seniority level."""

    function: str | None
    seniority: int  # an index into SENIORITY_LEVELS

    @property
    def function_label(self) -> str:
        return FUNCTIONS[self.function] if self.function else ""

    @property
    def seniority_label(self) -> str:
        return SENIORITY_LEVELS[self.seniority]


def function_scores(title: str) -> dict[str, tuple[int, int]]:
    """Per function named in the title: (total weight, position of its latest word)."""
    words = title_words(title)
    scores: dict[str, tuple[int, int]] = {}
    covered: set[int] = set()
    # Longer phrases first, so that "account executive" is not also read as "executive".
    for pattern, function, weight in sorted(_COMPILED, key=lambda rule: -len(rule[0])):
        end = _find(pattern, words)
        if end < 0:
            continue
        span = set(range(end - len(pattern) + 1, end + 1))
        if len(pattern) == 1 and span <= covered:
            continue
        covered |= span
        total, last = scores.get(function, (0, -1))
        scores[function] = (total + weight, max(last, end))
    return scores


@functools.lru_cache(maxsize=50_000)
def read_title(title: str) -> Reading:
    """The function and seniority of a job title ("VP, Eng" is engineering, vice president)."""
    scores = function_scores(title)
    function = max(scores, key=lambda f: scores[f]) if scores else None
    words = title_words(title)
    levels = set()
    covered: set[int] = set()
    for pattern, level in sorted(_SENIORITY, key=lambda rule: -len(rule[0])):
        end = _find(pattern, words)
        span = set(range(end - len(pattern) + 1, end + 1))
        if end >= 0 and not span <= covered:
            covered |= span
            levels.add(level)
    if 0 in levels:  # "Product Management Intern"
        return Reading(function, 0)
    highest = max(levels, default=2)
    if 1 in levels and highest <= 4:  # "Associate Product Manager" manages no one yet
        return Reading(function, 1)
    return Reading(function, highest)


def classify(title: str) -> str | None:
    """The function of a job title, or None when it names none."""
    return read_title(title).function
