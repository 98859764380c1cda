"""Organization names as people type them, reduced to one comparable key."""

from __future__ import annotations

import re
import unicodedata

# Legal forms that say nothing about which employer it is ("Google LLC" is "Google").
LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
    "nv",
    "pty",
    "lp",
    "llp",
    "srl",
    "spa",
    "ab",
    "as",
    "oy",
    "kg",
    "kk",
}


def normalize_organization_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)
