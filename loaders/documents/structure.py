"""A document's structure read from its clean text: type, symbol, date, title, paragraphs, headings.

Paragraphs are numbered ("5."), lettered under a numbered one ("5 (w)"), or bullets ("• 3" in the
Chair's statements). A heading line between paragraphs that starts "To ..." sets the addressee of
the paragraphs after it until the next numbered paragraph; other headings ("Recommendations to the
Security Council") name the section. A numbered paragraph that ends with a colon introduces its
lettered paragraphs, and the words after "to" in it name their addressee when no heading does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.names import strip_accents
from loaders.documents.cleaning import CleanText
from loaders.documents.dates import DATE_WORDS, iso_date

DOC_TYPES = (
    "wg_conclusions",
    "chair_statement",
    "sg_report",
    "press_release",
    "event_report",
    "resolution",
    "document",
)

_NUMBERED = re.compile(r"^(\d{1,4})\.\s+(?=\S)")
_LETTERED = re.compile(r"^\(([a-z]{1,2})\)\s+")
_BULLET = re.compile(r"^(?:[•▪●◦·]\s*|[-–]\s+(?=[A-Z]))")
_TERMINAL = (".", ";", ":", "!", "?")
_SYMBOL = re.compile(r"\b(?:S/AC\.51/\d{4}/\d+(?:/Rev\.\d+)?|[AS]/(?:RES/)?\d{2,4}/\d{1,4}(?:/Rev\.\d+)?|SC/\d{4,5})\b")


def symbol_slug(text: str) -> str:
    """An id fragment that keeps every part of a symbol or file name ("A/64/742" is "a-64-742")."""
    return re.sub(r"[^0-9a-z]+", "-", strip_accents(text).casefold()).strip("-") or "unnamed"


@dataclass
class Paragraph:
    """One citable unit: its locator, its span in the clean text, and what frames it."""

    locator: str
    start: int
    end: int
    number: str = ""
    letter: str = ""
    heading: str = ""  # the "To ..." heading in force, if any
    section: str = ""  # the last other heading
    intro: str = ""  # the numbered paragraph's own text, for a lettered one


@dataclass
class Structure:
    """What ``read_structure`` found."""

    doc_type: str
    title: str
    symbol: str
    date: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, text


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _unit_start(line: str) -> re.Match[str] | None:
    return _NUMBERED.match(line) or _LETTERED.match(line) or _BULLET.match(line)


def _heading_blocks(text: str, lines: list[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Line index -> span of a heading block that starts there (lines between units, not prose)."""
    blocks: dict[int, tuple[int, int]] = {}
    index = 0
    while index < len(lines):
        start, end = lines[index]
        previous_ends = index == 0 or text[lines[index - 1][0] : lines[index - 1][1]].rstrip().endswith(_TERMINAL)
        line = text[start:end]
        if previous_ends and line[:1].isupper() and not _unit_start(line):
            last = index
            while last + 1 < len(lines) and not _unit_start(text[lines[last + 1][0] : lines[last + 1][1]]):
                if text[lines[last][0] : lines[last][1]].rstrip().endswith(_TERMINAL):
                    break
                last += 1
            block_text = text[start : lines[last][1]]
            follows_unit = last + 1 < len(lines) and _unit_start(text[lines[last + 1][0] : lines[last + 1][1]])
            ends_open = not block_text.rstrip().endswith((".", ";")) or block_text.startswith("To ")
            if follows_unit and ends_open and len(block_text) < 600:
                blocks[index] = (start, lines[last][1])
                index = last + 1
                continue
        index += 1
    return blocks


def read_paragraphs(clean: CleanText) -> tuple[list[Paragraph], list[tuple[int, int, str]]]:
    """The numbered, lettered and bulleted paragraphs of a clean text, and its headings."""
    text = clean.text
    lines = _lines(text)
    blocks = _heading_blocks(text, lines)
    paragraphs: list[Paragraph] = []
    headings: list[tuple[int, int, str]] = []
    number = heading = section = intro = ""
    bullets = 0
    current: Paragraph | None = None
    index = 0
    while index < len(lines):
        start, end = lines[index]
        if index in blocks:
            block_start, block_end = blocks[index]
            words = " ".join(text[block_start:block_end].split())
            headings.append((block_start, block_end, words))
            if words.startswith("To ") or words.startswith("À "):
                heading = words
            else:
                section, heading = words, ""
            current = None
            while index < len(lines) and lines[index][1] <= block_end:
                index += 1
            continue
        line = text[start:end]
        numbered, lettered, bullet = _NUMBERED.match(line), _LETTERED.match(line), _BULLET.match(line)
        if numbered and len(numbered.group(1)) == 4 and not (number and int(numbered.group(1)) == int(number) + 1):
            numbered = None  # "2017. The ..." is a year; paragraph 1000 follows 999
        if numbered:
            number, heading, intro = numbered.group(1), "", ""
            current = Paragraph(number, start, end, number=number, section=section)
            paragraphs.append(current)
        elif lettered and number:
            if paragraphs and paragraphs[-1].number == number and not paragraphs[-1].letter:
                intro = " ".join(text[paragraphs[-1].start : paragraphs[-1].end].split())
            current = Paragraph(f"{number} ({lettered.group(1)})", start, end, number, lettered.group(1))
            current.heading, current.section, current.intro = heading, section, intro
            paragraphs.append(current)
        elif bullet:
            bullets += 1
            current = Paragraph(f"bullet {bullets}", start, end, heading=heading, section=section)
            paragraphs.append(current)
        elif current is not None:
            current.end = end
        index += 1
    if len(paragraphs) < 2:
        return _line_paragraphs(clean, lines), headings
    return _with_introduction(text, lines, paragraphs, headings), headings


def heading_locator(structure: Structure, end: int) -> str:
    """How a heading ending at ``end`` is cited: "heading before 5 (a)" (the paragraph it introduces)."""
    following = next((p.locator for p in structure.paragraphs if p.start >= end), "end")
    return f"heading before {following}"


def _with_introduction(
    text: str, lines: list[tuple[int, int]], paragraphs: list[Paragraph], headings: list[tuple[int, int, str]]
) -> list[Paragraph]:
    """The prose between the title line and the first paragraph or heading (a Chair's statement's
    "The Working Group ..., in connection with the examination of ...") as a paragraph "intro"."""
    if len(lines) < 2:
        return paragraphs
    first = text[lines[0][0] : lines[0][1]].strip()
    # the first line is the title, unless it is prose itself (a web page that starts with the statement)
    begin = lines[0][0] if len(first) > 200 and first.endswith((".", ":")) else lines[1][0]
    end = min([paragraphs[0].start, *(start for start, _, _ in headings)]) - 1
    if end - begin < 40 or not text[begin:end].strip():
        return paragraphs
    return [Paragraph("intro", begin, end), *paragraphs]


def _line_paragraphs(clean: CleanText, lines: list[tuple[int, int]]) -> list[Paragraph]:
    """Without numbered paragraphs (news, web pages): each block of lines that the original separates
    by a blank line is a paragraph "para N"; a line that is only a dash or a bullet sign marks the
    block after it as "bullet N" (the list renderings of conclusions on web pages)."""
    paragraphs: list[Paragraph] = []
    count = bullets = 0
    marked = False
    current: Paragraph | None = None
    last_line = -1
    for start, end in lines:
        body = clean.text[start:end].strip()
        if not body:
            continue
        first_line = clean.line_of(start)
        if body in _MARKS:
            marked, current, last_line = True, None, clean.line_of(end - 1)
            continue
        if current is not None and first_line == last_line + 1:
            current.end = end
        else:
            if marked:
                bullets += 1
            else:
                count += 1
            current = Paragraph(f"bullet {bullets}" if marked else f"para {count}", start, end)
            paragraphs.append(current)
            marked = False
        last_line = clean.line_of(end - 1)
    return paragraphs


_MARKS = {"-", "–", "—", "•", "*", "▪", "●"}


# Signs of each type, tried in order, each within the opening ``reach`` characters (the title and
# first paragraph): a sign deeper in the body ("the report of the Secretary-General") proves nothing.
_TYPE_SIGNS = (
    ("wg_conclusions", re.compile(r"conclusions on children and armed conflict", re.IGNORECASE), 300),
    ("chair_statement", re.compile(r"statement by (?:the )?chair(?:man|person)? of", re.IGNORECASE), 600),
    ("chair_statement", re.compile(r"public statement by the chair", re.IGNORECASE), 600),
    # a dateline at the top ("New York, 14 June 2018 –") is a press release's, whatever report it is about
    ("press_release", re.compile(rf"^[A-Z][\w .'-]{{1,40}}, (?:le )?{DATE_WORDS} ?[–-]", re.MULTILINE), 400),
    (
        "press_release",
        re.compile(r"\b(?:statement attributable to|media advisory|press briefing)\b", re.IGNORECASE),
        300,
    ),
    ("sg_report", re.compile(r"Report of the Secretary-General"), 600),
    ("sg_report", re.compile(r"\bThe present report,? (?:is )?(?:submitted|prepared) pursuant to"), 1500),
    (
        "wg_conclusions",
        re.compile(
            r"At its (?:[\w-]+ )?(?:formal )?meeting,? (?:held )?on [^,]+, the (?:Security Council )?"
            r"Working Group on Children and Armed Conflict(?: of the Security Council)? examined"
        ),
        600,
    ),
    (
        "resolution",
        re.compile(
            r"adopted by the security council at its \d+|^resolution \d+|\bS/RES/\d+|"
            r"^(?:[^\n]*[»:] )?(?:United Nations )?security council resolution \d{3,4}\b",
            re.IGNORECASE | re.MULTILINE,
        ),
        300,
    ),
    ("event_report", re.compile(r"\b(?:webinar|side event|panel(?:l)?ists|co-organi[sz]ed)\b", re.IGNORECASE), 3000),
    ("press_release", re.compile(r"\bSC/\d{4,5}\b|press release|meetings coverage", re.IGNORECASE), 1000),
)


def detect_type(text: str) -> str:
    """The document type its opening words reveal (``document`` when none fits), first sign first."""
    for doc_type, pattern, reach in _TYPE_SIGNS:
        if pattern.search(text[:reach]):
            return doc_type
    return "document"


_SYMBOL_LINE = re.compile(
    rf"^(?:United Nations\s+)?(?P<symbol>{_SYMBOL.pattern}(?:\s*[–-]?\s*{_SYMBOL.pattern})?)(?:\s|$)"
)
_DATE_CHROME = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s*")


def read_structure(clean: CleanText, doc_type: str | None = None) -> Structure:
    """Type, title, symbol, date and paragraphs of a clean document."""
    text = clean.text
    paragraphs, headings = read_paragraphs(clean)
    top = [_DATE_CHROME.sub("", line).strip() for line in text.split("\n")[:8]]
    symbols = (_SYMBOL_LINE.match(line) for line in top)
    symbol = next((" ".join(m.group("symbol").split()) for m in symbols if m), "")
    title = next((line for line in top if _is_title(line)), "")
    title = re.split(r"\s+(?:Summary|Résumé)\b", title)[0]
    own = re.search(rf"\s*\((?P<symbol>{_SYMBOL.pattern})\)\s*$", title)
    if own and not symbol:  # "Conclusions on children and armed conflict in Mali (S/AC.51/2018/1/Rev.1)"
        symbol, title = own.group("symbol"), title[: own.start()]
    chrome = _DATE_CHROME.match(text)
    return Structure(
        doc_type=doc_type or detect_type(text),
        title=title[:200],
        symbol=symbol,
        date=chrome.group(1) if chrome else _own_date(text[:1500]),
        paragraphs=paragraphs,
        headings=headings,
    )


def _is_title(line: str) -> bool:
    """A title is a short line of words that starts with a capital and does not run on into a list
    (a first paragraph of prose, an operative paragraph or an addressee heading is not one)."""
    short = sum(ch.isalpha() for ch in line) >= 8 and len(line) <= 200
    return short and line[:1].isupper() and not line.endswith((";", ":")) and not _BOILERPLATE.match(line)


# Lines at the top of a UN document that are not its title.
_BOILERPLATE = re.compile(
    rf"(?:{_SYMBOL.pattern}|United Nations|Nations Unies|Security Council|General Assembly|Distr\.:.*|Original:.*"
    r"|\d{1,2} \w+ \d{4}|Agenda item.*|Informing humanitarians worldwide.*|top of page|In progress at UNHQ"
    # a UN document's header run together on one line, web page furniture, an addressee heading, a paragraph
    r"|(?:General Assembly|Security Council)\b.*\b(?:Distr|session|year)\b.*|.*\bClick here\b.*|Skip to .*"
    r"|Discover our .*|[-–•] .*"
    r"|Home\s*[»>].*|.* News Now|Menu|Search|Share|Print|To (?:all|the) .*|\d{1,3}\. .*)\s*$",
    re.IGNORECASE,
)

_DATELINES = (
    re.compile(rf"Distr\.: \w+\s+({DATE_WORDS})"),
    re.compile(rf"^[A-Z][A-Za-z ]+, (?:le )?({DATE_WORDS}) ?[–-]", re.MULTILINE),
)


def _own_date(head: str) -> str | None:
    """The document's own date from a "Distr.:" line or a press dateline, never from its prose."""
    for pattern in _DATELINES:
        match = pattern.search(head)
        if match:
            return iso_date(match.group(1))
    return None
