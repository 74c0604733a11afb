"""Where clauses and sentences of a paragraph begin and end: what every rule cuts its quotes by."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

_CLAUSE_END = re.compile(r", and (?:[a-z]+ing|call(?:ed|s))\b| and called\b|;|\.(?=\d*(?:\s|$))")
_SENTENCE_END = re.compile(r"[.;]\d*\s")


def first_clause_end(text: str, limit: int = 240) -> int:
    """Length of the opening words: up to the first semicolon or colon, at most ``limit`` characters."""
    cut = min((i for i in (text.find(";"), text.find(":")) if i > 0), default=len(text))
    if cut > limit:
        cut = text.rfind(" ", 0, limit)
    return max(cut, 1)


def clause_span(text: str, at: int) -> tuple[int, int]:
    """The clause around ``at``: from the previous semicolon or sentence end to the next clause end."""
    begin = sentence_start(text, at)
    end_match = _CLAUSE_END.search(text, at)
    return begin, end_match.start() if end_match else len(text)


def sentence_start(text: str, at: int) -> int:
    """Where the sentence (or semicolon clause) holding ``at`` begins."""
    ends = _sentence_ends(text)
    found = bisect.bisect_right(ends, at)
    return ends[found - 1] if found else 0


@lru_cache(maxsize=16)
def _sentence_ends(text: str) -> list[int]:
    """Where each sentence of a paragraph ends, found once (the rules ask for many places in one paragraph)."""
    return [m.end() for m in _SENTENCE_END.finditer(text)]
