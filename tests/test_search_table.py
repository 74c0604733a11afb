"""Search through the name table finds what comparing every name finds, on the real seed graph
(reference data, seeds and the UCDP actor file: multilingual names, acronyms, long UCDP names)
and on a synthetic one, for names, their words, acronyms and typos; and a write is searched at once."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from graph.changeset import ChangeSet
from graph.memory import MemoryStore, MemoryView
from graph.names import match_key
from loaders.registry import expand, load_paths, reference_files
from queries.search import search


def _scanning(view: MemoryView) -> MemoryView:
    """The same view without its name table: search compares every name, as on a store without one."""
    scan = MemoryView(view._memory)
    scan.name_table = lambda: None  # type: ignore[method-assign]
    return scan


def _texts(view: MemoryView, count: int, seed: int) -> list[str]:
    """Texts an analyst types: whole names, a word, two words, a prefix, an acronym, a typo."""
    rng = random.Random(seed)
    names = sorted({name for node in view.nodes() for name in node.names()})
    texts = []
    for name in rng.sample(names, min(count, len(names))):
        words = match_key(name).split()
        if not words:
            continue
        texts += [name, words[0], " ".join(words[:2]), words[-1][:4], "".join(w[0] for w in words)]
        key = match_key(name)
        if len(key) > 4:
            i = rng.randrange(len(key) - 1)
            texts += [key[:i] + key[i + 1] + key[i] + key[i + 2 :], key[:i] + key[i + 1 :], key[:i] + "x" + key[i:]]
    return texts


def _same_answers(view: MemoryView, texts: list[str]) -> int:
    scan = _scanning(view)
    found = 0
    for text in texts:
        if not match_key(text):
            continue
        with_table = search(view, text, limit=25)
        assert with_table == search(scan, text, limit=25), text
        found += bool(with_table)
    return found


@pytest.mark.shared
def test_the_table_finds_what_a_scan_finds_on_the_seed_graph(shared: Path) -> None:
    store = MemoryStore(None)
    paths = [shared / "seeds", shared / "data" / "ucdp" / "ucdp-actor-221.csv"]
    load_paths(store, reference_files() + expand(paths))
    view = store.view()
    texts = [*_texts(view, 150, 1), "cma", "MLNA", "Azawad", "plateforme", "Gatia", "Ansar", "mali", "sahel"]
    assert _same_answers(view, texts) > len(texts) // 2


def test_the_table_finds_what_a_scan_finds_on_a_synthetic_graph() -> None:
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(generate(5_000, 3))
    view = store.view()
    texts = [*_texts(view, 150, 2), "Coordination of", "CM1", "armed movement", "state 1", "reg"]
    assert _same_answers(view, texts) > len(texts) // 2


def test_a_page_read_from_the_best_names_is_the_page_of_a_scan() -> None:
    """Search reads a word's names best first and stops when no name left can enter its page: any
    limit and any kinds give the page that comparing every name gives."""
    view = _small().view()
    scan = _scanning(view)
    texts = ["Coordination of", "armed", "movement", "mouvement arme", "state", "report 1", "res", "action plan"]
    for text in texts:
        for limit in (1, 2, 3, 7, 10, 25):
            for kinds in (None, ["Coalition"], ["ArmedGroup", "State"], ["Commitment"]):
                assert search(view, text, kinds, limit) == search(scan, text, kinds, limit), (text, limit, kinds)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="acdeilmnorstuyz 1", min_size=1, max_size=16))
def test_any_text_finds_the_same_with_or_without_the_table(text: str) -> None:
    view = _small().view()
    if match_key(text):
        assert search(view, text) == search(_scanning(view), text)


@cache
def _small() -> MemoryStore:
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(generate(1_500, 5))
    return store


def test_a_node_written_after_a_search_is_found_by_the_next() -> None:
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(generate(1_000, 4))
    assert search(store.view(), "Mouvement zzyzx") == []
    changes = ChangeSet(label="one more group")
    changes.node("group:zzyzx", "ArmedGroup", "Mouvement Zzyzx", aliases=["MZZ"])
    with store.writer() as writer:
        writer.apply(changes)
    assert [h.node.id for h in search(store.view(), "Mouvement zzyzx")] == ["group:zzyzx"]  # exact
    assert [h.node.id for h in search(store.view(), "zzyzx")] == ["group:zzyzx"]  # a word
    assert [h.node.id for h in search(store.view(), "Mouvment Zzyzx")] == ["group:zzyzx"]  # a typo
