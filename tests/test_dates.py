"""Partial dates: parsing, precision, interval semantics; comparisons and overlap under hypothesis."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.dates import PartialDate, Span, normalize_date
from graph.errors import DateError

P = PartialDate.parse


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


def test_precision_and_bounds() -> None:
    assert P("2017").precision == "year"
    assert P("2017-03").precision == "month"
    assert (P("2017-03").start, P("2017-03").end) == (dt.date(2017, 3, 1), dt.date(2017, 3, 31))
    assert P("2016-02").end == dt.date(2016, 2, 29)
    assert P("2017-03-15").start == P("2017-03-15").end == dt.date(2017, 3, 15)


def test_the_issue_examples() -> None:
    assert P("2017-03").overlaps(P("2017-03-15"))
    assert P("2017-03").overlaps(P("2017"))
    assert not P("2017-03").overlaps(P("2017-04-01"))
    assert P("2017").contains(P("2017-03"))
    assert not P("2017-03").contains(P("2017"))


@pytest.mark.parametrize("text", ["March 2017", "2017-3", "17", "2017/03", "", "2017-03-"])
def test_malformed_dates_are_refused_with_the_fix(text: str) -> None:
    with pytest.raises(DateError, match=r"malformed date .*write a partial ISO date"):
        P(text)


@pytest.mark.parametrize("text", ["2017-13", "2017-02-30", "2017-00"])
def test_impossible_dates_say_why(text: str) -> None:
    with pytest.raises(DateError, match=f"impossible date '{text}'"):
        P(text)


def test_normalize_keeps_canonical_text() -> None:
    assert normalize_date(2017) == "2017"
    assert normalize_date(dt.date(2017, 3, 5)) == "2017-03-05"
    assert normalize_date(" 2017-03 ") == "2017-03"
    assert normalize_date(None) is None


@given(partial_dates())
def test_round_trip(date: PartialDate) -> None:
    assert P(str(date)) == date
    assert date.start <= date.end


@given(partial_dates(), partial_dates())
def test_overlap_is_symmetric_and_matches_the_days(a: PartialDate, b: PartialDate) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    shared_days = max(a.start, b.start) <= min(a.end, b.end)
    assert a.overlaps(b) == shared_days


@given(partial_dates(), partial_dates())
def test_containment_implies_overlap_and_order_is_total(a: PartialDate, b: PartialDate) -> None:
    if a.contains(b):
        assert a.overlaps(b)
        assert a.start <= b.start
    assert (a < b) + (b < a) + (a == b) == 1 or (a.start, a.end) == (b.start, b.end)


@given(partial_dates())
def test_a_date_overlaps_its_coarser_forms(date: PartialDate) -> None:
    year = PartialDate(date.year)
    assert year.contains(date)
    if date.month is not None:
        assert PartialDate(date.year, date.month).overlaps(date)


@given(partial_dates(), partial_dates(), partial_dates())
def test_span_overlap(since: PartialDate, until: PartialDate, at: PartialDate) -> None:
    span = Span(since, until)
    if not span.is_valid():
        return
    expected = since.start <= at.end and at.start <= until.end
    assert span.overlaps(at) == expected
    assert Span(None, until).overlaps(at) == (at.start <= until.end)
    assert Span(since, None).overlaps(at) == (since.start <= at.end)
    assert Span().overlaps(at)
