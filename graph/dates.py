"""Partial ISO dates ("2017", "2017-03", "2017-03-15") and the intervals they stand for.

A partial date is an interval: "2017-03" covers the whole of March 2017, so it overlaps
"2017-03-15" and "2017" and lies inside both "2017" and the open interval from "2016".
Relationships carry ``since``/``until`` as partial dates; ``Span`` is the interval between them,
open at either end when one is missing. Queries that take ``at`` keep facts whose span overlaps it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import sys
from dataclasses import dataclass
from functools import total_ordering

from graph.errors import DateError

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISIONS = ("year", "month", "day")


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; ``start``..``end`` is what it covers."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; anything else raises ``DateError``."""
        match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise DateError(f"malformed date {text!r}", 'write a partial ISO date: "2017", "2017-03" or "2017-03-15"')
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        try:
            dt.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError as exc:
            raise DateError(f"impossible date {text!r}: {exc}", "check the month and the day") from exc
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        return PRECISIONS[(self.month is not None) + (self.day is not None)]

    @property
    def start(self) -> dt.date:
        """The first day the date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """The last day the date covers."""
        if self.day is not None:
            return self.start
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def overlaps(self, other: PartialDate) -> bool:
        """True when the two dates share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: PartialDate) -> bool:
        """True when every day of ``other`` lies within this date."""
        return self.start <= other.start and other.end <= self.end

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


def parse_date(value: str | None) -> PartialDate | None:
    """``PartialDate.parse`` that lets ``None`` and the empty string through as ``None``."""
    if value is None or value == "":
        return None
    return PartialDate.parse(str(value))


def normalize_date(value: object) -> str | None:
    """A date value as its canonical partial ISO text (``2017-3`` is refused, not guessed)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return sys.intern(value.isoformat())
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise DateError(f"malformed date {value!r}", 'write a partial ISO date: "2017", "2017-03" or "2017-03-15"')
    return sys.intern(str(PartialDate.parse(value)))  # interned: many facts share a date


@dataclass(frozen=True)
class Span:
    """The interval from ``since`` to ``until``, each end open when missing."""

    since: PartialDate | None = None
    until: PartialDate | None = None

    @classmethod
    def of(cls, since: str | None, until: str | None) -> Span:
        """The span between two partial-date strings (``None`` for an open end)."""
        return cls(parse_date(since), parse_date(until))

    def is_valid(self) -> bool:
        """False when ``until`` ends before ``since`` starts."""
        return self.since is None or self.until is None or self.since.start <= self.until.end

    def overlaps(self, at: PartialDate | Span | None) -> bool:
        """True when this span shares a day with ``at`` (a date or another span); ``None`` matches all."""
        if at is None:
            return True
        if isinstance(at, PartialDate):
            at = Span(at, at)
        lo = self.since.start if self.since else dt.date.min
        hi = self.until.end if self.until else dt.date.max
        other_lo = at.since.start if at.since else dt.date.min
        other_hi = at.until.end if at.until else dt.date.max
        return lo <= other_hi and other_lo <= hi


Window = tuple[dt.date, dt.date]
"""The first and last day an interval covers (``date.min``/``date.max`` for an open end)."""


@functools.lru_cache(maxsize=1 << 16)
def fact_window(since: str | None, until: str | None) -> Window:
    """The days a fact dated ``since``..``until`` covers, cached: facts share few distinct dates.

    Queries filter thousands of facts by date; parsing each fact's dates again would cost more
    than the rest of the query. Malformed dates never reach a store (change sets check them).
    """
    span = Span.of(since, until)
    return (span.since.start if span.since else dt.date.min, span.until.end if span.until else dt.date.max)


def window_of(at: PartialDate | Span | None) -> Window | None:
    """The days ``at`` covers (``None`` when no date was asked)."""
    if at is None:
        return None
    if isinstance(at, PartialDate):
        return (at.start, at.end)
    return (at.since.start if at.since else dt.date.min, at.until.end if at.until else dt.date.max)


def in_window(since: str | None, until: str | None, window: Window | None) -> bool:
    """True when a fact dated ``since``..``until`` shares a day with ``window`` (``None`` matches all)."""
    if window is None:
        return True
    lo, hi = fact_window(since, until)
    return lo <= window[1] and window[0] <= hi
