"""The cheap bound search uses before an edit distance never drops a name within the distance."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from queries.search import bounded_distance

WORDS = st.text(alphabet="abcdeilmnorstuz -", min_size=0, max_size=14)


@settings(max_examples=3000, deadline=None)
@given(WORDS, WORDS, st.integers(min_value=1, max_value=2))
def test_letters_one_side_lacks_bound_the_edit_distance(a: str, b: str, bound: int) -> None:
    if bounded_distance(a, b, bound) <= bound:
        assert abs(len(a) - len(b)) <= bound
        assert len(set(a) ^ set(b)) <= 2 * bound


def test_a_typo_still_matches_and_a_stranger_does_not() -> None:
    assert bounded_distance("gatia", "gaita", 1) == 1  # a swap of neighbours
    assert len(set("gatia") ^ set("gaita")) == 0
    assert len(set("coordination of") ^ set("armed movement 1")) > 4
