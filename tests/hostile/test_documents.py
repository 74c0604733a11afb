"""Long documents: every numbered paragraph keeps its own number, past 999 too."""

from __future__ import annotations

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
