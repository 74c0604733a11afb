"""Search by rapidfuzz's index: the same distance as the one search computed in Python, and the same
answers as comparing every name for texts whose first word search skips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import generate
from graph.memory import MemoryStore, MemoryView
from queries.search import bounded_distance, search

WORDS = st.text(alphabet="abcdeilmnorstuz -", min_size=0, max_size=14)


def _osa(a: str, b: str, bound: int) -> int:
    """The optimal string alignment distance as search computed it before rapidfuzz (the reference)."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > bound:
            return bound + 1
        previous2, previous = previous, current
    return previous[-1]


@settings(max_examples=3000, deadline=None)
@given(WORDS, WORDS, st.integers(min_value=1, max_value=2))
def test_rapidfuzz_counts_edits_as_search_did(a: str, b: str, bound: int) -> None:
    assert bounded_distance(a, b, bound) == min(_osa(a, b, bound), bound + 1)


def test_texts_whose_first_word_is_skipped_find_what_a_scan_finds() -> None:
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(generate(3_000, 2))
    view = store.view()
    scan = MemoryView(view._memory)
    scan.name_table = lambda: None  # type: ignore[method-assign]
    texts = ["of movements 3", "the armed movement 12", "de coordination", "of Coordination of Movements 1"]
    texts += ["and armed movement", "of movemnets 2", "les mouvement arme 7", "de la", "of the"]
    for text in texts:
        assert search(view, text, limit=25) == search(scan, text, limit=25), text
