"""Long documents: every numbered paragraph keeps its own number, past 999 too, and reading one
grows with its length, not its square."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType

from graph.model import Source, merge_sources
from loaders.documents.cleaning import clean
from loaders.documents.structure import read_paragraphs


def test_paragraphs_after_999_are_their_own() -> None:
    text = "\n".join(f"{n}. The task force verified the recruitment of {n} children." for n in range(1, 1203))
    paragraphs, _ = read_paragraphs(clean(text))
    numbers = [p.number for p in paragraphs]
    assert numbers == [str(n) for n in range(1, 1203)]
    assert paragraphs[-1].end - paragraphs[-1].start < 80  # 1202 holds its own line, not 203 of them


def test_a_year_opening_a_line_is_not_a_paragraph_number() -> None:
    text = "1. The group signed an action plan in March\n2017. The plan covers recruitment.\n2. It was renewed."
    paragraphs, _ = read_paragraphs(clean(text))
    assert [p.number for p in paragraphs] == ["1", "2"]


def comparisons(work: Callable[[], object]) -> int:
    """How many times ``work`` compares two sources (``Source.__lt__`` calls, counted by a profile hook)."""
    code = Source.__lt__.__code__
    count = 0

    def hook(frame: FrameType, event: str, _arg: object) -> None:
        nonlocal count
        if event == "call" and frame.f_code is code:
            count += 1

    sys.setprofile(hook)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def test_adding_a_source_to_a_long_list_does_not_sort_it_again() -> None:
    """A fact cited by every paragraph is merged once per paragraph: each merge must cost about the
    logarithm of the sources so far, not a sort of all of them (2,000 paragraphs took 16 s)."""
    many = merge_sources(Source("doc:a", str(n)) for n in range(10_000))
    new = Source("doc:a", "5000 (b)")
    assert comparisons(lambda: merge_sources(many, [new])) < 100
    merged = merge_sources(many, [new, many[3]])
    assert list(merged) == sorted({*many, new}) and len(merged) == 10_001


def test_merging_sources_keeps_them_sorted_and_unique() -> None:
    a, b, c = Source("doc:a", "1"), Source("doc:a", "2"), Source("doc:b", "1")
    once = merge_sources([c, a, a])
    assert once == (a, c)
    assert merge_sources(merge_sources([a, c] * 10), [b, b]) == (a, b, c)
    assert merge_sources((c, a), [b]) == (a, b, c)  # a plain tuple may be in any order
