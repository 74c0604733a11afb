"""One normalisation of names for matching, and readable slugs for ids.

``match_key`` is the only way two names are compared anywhere in caacgraph: it ignores case,
accents, punctuation and a leading article in English or French, so "Coordination des mouvements
de l’Azawad", "COORDINATION DES MOUVEMENTS DE L'AZAWAD" and "la Coordination des Mouvements de
l'Azawad" share one key. The original spelling is always kept beside it as a name or alias.
"""

from __future__ import annotations

import re
import unicodedata

# Leading articles dropped before matching: English, then French (elided forms included).
_ARTICLES = ("the", "a", "an", "le", "la", "les", "l", "un", "une", "des", "du")
_APOSTROPHES = "'’‘`´ʼ"
_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    """``text`` with every combining accent removed ("Réconciliation" -> "Reconciliation")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def match_key(name: str) -> str:
    """The key two names must share to match: lower case, no accents, punctuation or leading article."""
    text = strip_accents(name).casefold()
    for mark in _APOSTROPHES:
        text = text.replace(mark, " ")
    words = _NON_WORD.sub(" ", text).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def slugify(name: str, max_length: int = 60) -> str:
    """A readable id fragment: ``match_key`` with hyphens ("Ansar Eddine" -> "ansar-eddine")."""
    slug = match_key(name).replace(" ", "-")
    return slug[:max_length].rstrip("-") or "unnamed"


def make_id(prefix: str, name: str) -> str:
    """A stable readable id such as ``group:ansar-eddine`` from a prefix and a name."""
    return f"{prefix}:{slugify(name)}"
