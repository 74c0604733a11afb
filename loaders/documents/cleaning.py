"""Clean PDF-extraction damage from a document's text, keeping a map back to the original.

The damage handled: footnote URL lines and page headers or footers (dropped), blank lines (dropped),
the marks of Markdown emphasis a web page's rendering leaves (``_a phrase_``, ``**a phrase**``),
runs of spaces (one space), words split by a stray space ("resolut ions", "bi nding", "t ake",
"o f"), a stray space before a hyphen ("late -birth") or after an elided article ("l’ unification"),
and words hyphenated across a line end. ``CleanText.offsets[i]`` is the index in the original text
of clean character ``i``, so a span of the clean text can be quoted in the document's own words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

# Lines that are page furniture or footnote links rather than text.
_JUNK_LINE = re.compile(
    r"^\s*(?:https?://\S+|www\.\S+|\d{1,3}\s*/\s*\d{1,3}|\d{2}-\d{5}(?:\s+\d{1,3}\s*/\s*\d{1,3})?"
    r"|\d{1,3}\s*/\s*\d{1,3}\s+\d{2}-\d{5}|\d{2}-\d{5}\s*\(E\).*|Page \d+(?: of \d+)?|-\s*\d{1,3}\s*-)\s*$"
)
_RUNNING_HEADER = re.compile(r"[A-Z][\w.]*/[\w./-]*\d[\w./-]*(?: \(E\))?")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
# Two letter fragments separated by one space, the candidates for a split word.
_SPLIT = re.compile(r"(?<![A-Za-zÀ-ÿ'’-])([A-Za-zÀ-ÿ]+) (?=([a-zà-ÿ]+)(?![A-Za-zÀ-ÿ'’-]))")
# Short words that are words even though a document may use them once; fragments that are
# in this list (or used elsewhere in the document) are never glued to their neighbour.
COMMON_WORDS = frozenset(
    [
        "a",
        "i",
        "an",
        "as",
        "at",
        "be",
        "by",
        "do",
        "go",
        "he",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "of",
        "on",
        "or",
        "so",
        "to",
        "up",
        "us",
        "we",
        "am",
        "are",
        "was",
        "were",
        "has",
        "had",
        "have",
        "its",
        "the",
        "and",
        "for",
        "not",
        "but",
        "all",
        "any",
        "can",
        "may",
        "one",
        "two",
        "our",
        "out",
        "who",
        "how",
        "now",
        "new",
        "own",
        "per",
        "via",
        "yet",
        "than",
        "that",
        "this",
        "with",
        "from",
        "into",
        "onto",
        "upon",
        "such",
        "also",
        "more",
        "most",
        "made",
        "make",
        "take",
        "took",
        "used",
        "use",
        "well",
        "when",
        "where",
        "which",
        "while",
        "whom",
        "whose",
        "will",
        "would",
        "shall",
        "should",
        "could",
        "them",
        "they",
        "their",
        "there",
        "these",
        "those",
        "then",
        "thus",
        "each",
        "both",
        "only",
        "over",
        "under",
        "very",
        "same",
        "other",
        "some",
        "what",
        "just",
        "like",
        "off",
        "ago",
        "end",
        "see",
        "set",
        "saw",
        "met",
        "let",
        "lay",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "en",
        "et",
        "un",
        "une",
        "au",
        "aux",
        "ce",
        "ces",
        "il",
        "elle",
        "ils",
        "par",
        "pour",
        "sur",
        "dans",
        "est",
        "sont",
        "qui",
        "que",
        "ne",
        "pas",
        "se",
        "sa",
        "son",
        "ses",
        "leur",
        "leurs",
        "à",
        "où",
        "y",
        "ou",
        "mais",
        "plus",
        "avec",
        "sans",
    ]
)


_MARKS_ONLY = re.compile(r"[_*]+")


@dataclass(frozen=True)
class CleanText:
    """Clean text and, for each of its characters, the index of the original character."""

    text: str
    offsets: tuple[int, ...]
    original: str

    def quote(self, start: int, end: int) -> str:
        """The original words of clean span ``start:end``: artefact lines left out, spaces collapsed."""
        pieces: list[str] = []
        run_start = previous = -2
        for index in range(start, end):
            at = self.offsets[index]
            if at != previous + 1 and run_start >= 0 and _MARKS_ONLY.fullmatch(self.original[previous + 1 : at]):
                previous = at  # only emphasis marks were left out between them: quote them as written
                continue
            if at != previous + 1 and run_start >= 0:
                pieces.append(self.original[run_start : previous + 1])
                run_start = at
            elif run_start < 0:
                run_start = at
            previous = at
        if run_start >= 0:
            pieces.append(self.original[run_start : previous + 1])
        return " ".join(" ".join(pieces).split())

    @cached_property
    def _line_starts(self) -> list[int]:
        return [match.end() for match in re.finditer("\n", self.original)]

    def line_of(self, index: int) -> int:
        """The 1-based line of the original text where clean character ``index`` stands."""
        at = self.offsets[min(index, len(self.offsets) - 1)] if self.offsets else 0
        return bisect_right(self._line_starts, at) + 1


class _Builder:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []

    def add(self, text: str, start: int) -> None:
        self.chars.extend(text)
        self.offsets.extend(range(start, start + len(text)))


def _kept_lines(text: str) -> list[tuple[int, str]]:
    """Each line worth keeping, with its start offset: no blank, URL or page-furniture lines."""
    lines: list[tuple[int, str]] = []
    start = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and not _JUNK_LINE.match(body):
            lines.append((start, body))
        start += len(line)
    return _drop_repeated_headers(lines)


def _drop_repeated_headers(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    # A short symbol-like line seen three times or more (a running header "S/AC.51/2018/1") is furniture.
    counts = Counter(body.strip() for _, body in lines if _RUNNING_HEADER.fullmatch(body.strip()))
    return [(at, body) for at, body in lines if counts.get(body.strip(), 0) < 3]


def _squash_line(builder: _Builder, start: int, body: str) -> None:
    """Add one line with its spaces collapsed and its ends trimmed."""
    for index, match in enumerate(re.finditer(r"\S+", body)):
        if index:
            builder.add(" ", start + match.start() - 1)
        builder.add(match.group(), start + match.start())


def _join_lines(text: str) -> CleanText:
    builder = _Builder()
    for start, body in _kept_lines(text):
        if builder.chars:
            hyphenated = (
                len(builder.chars) > 1 and builder.chars[-1] == "-" and builder.chars[-2].isalpha()
            ) and body.lstrip()[:1].isalpha()
            if not hyphenated:
                builder.add("\n", start - 1)
        _squash_line(builder, start, body)
    return CleanText("".join(builder.chars), tuple(builder.offsets), text)


def _vocabulary(text: str) -> Counter[str]:
    return Counter(word.casefold() for word in _WORD.findall(text))


def _is_word(fragment: str, vocabulary: Counter[str]) -> bool:
    key = fragment.casefold()
    return key in COMMON_WORDS or (len(key) >= 3 and vocabulary[key] >= 2)


def _drops(text: str) -> set[int]:
    """Indexes of characters to drop: stray spaces inside words, before hyphens and after elisions."""
    vocabulary = _vocabulary(text)
    drops: set[int] = set()
    for match in _SPLIT.finditer(text):
        left, right = match.group(1), match.group(2)
        joined = (left + right).casefold()
        known = joined in COMMON_WORDS or vocabulary[joined] >= 1
        if known and not (_is_word(left, vocabulary) and _is_word(right, vocabulary)):
            drops.add(match.end() - 1)
    for match in re.finditer(r"[A-Za-zÀ-ÿ] (-)[a-zà-ÿ]", text):
        drops.add(match.start(1) - 1)
    for match in re.finditer(r"\b[LlDdNnSsQqJjCc]u?['’]( +)[A-Za-zÀ-ÿ]", text):
        drops.update(range(match.start(1), match.end(1)))
    drops |= _emphasis(text)
    return drops


_MARK = re.compile(r"\*\*|[_*]")


def _emphasis(text: str) -> set[int]:
    """Indexes of the marks of Markdown emphasis a web page's rendering left in ("L_’Unité pour la paix
    en Centrafrique_ (UPC)", "**Geneva**"): paired on one line, around a phrase, not inside a word
    joined by them (snake_case, a footnote star stays)."""
    drops: set[int] = set()
    for line in re.finditer(r"[^\n]+", text):
        body, base = line.group(), line.start()
        marks = [
            m
            for m in _MARK.finditer(body)
            if not (body[m.start() - 1 : m.start()].isalnum() and body[m.end() : m.end() + 1].isalnum())
        ]
        opened: dict[str, re.Match[str]] = {}
        for mark in marks:
            first = opened.pop(mark.group(), None)
            if first is None:
                opened[mark.group()] = mark
                continue
            inside = body[first.end() : mark.start()]
            if len(inside) >= 2 and not inside[0].isspace() and not inside[-1].isspace():
                drops.update(range(base + first.start(), base + first.end()))
                drops.update(range(base + mark.start(), base + mark.end()))
    return drops


def clean(text: str) -> CleanText:
    """``text`` without PDF-extraction damage, one paragraph line per original line, with offsets."""
    text = text.replace("\x00", "").replace("\ufeff", "").replace("\u00ad", "")
    joined = _join_lines(text)
    drops = _drops(joined.text)
    if not drops:
        return joined
    keep = [i for i in range(len(joined.text)) if i not in drops]
    return CleanText(
        "".join(joined.text[i] for i in keep),
        tuple(joined.offsets[i] for i in keep),
        text,
    )
