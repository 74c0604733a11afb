"""Search on a Bolt server answers as the embedded store does, through the server's full-text index.

The server indexes our own terms (``graph.bolt.words``), so its tokeniser cannot lose a word search
matches: stop words ("of", "the", "for"), French articles, one- and two-letter texts, a word's
start, acronyms and misspellings all find the same nodes, in the same order, on both stores.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from graph.bolt import BoltOptions, Neo4jStore
from graph.bolt.words import index_words, length_terms, word_terms
from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from graph.name_table import SEARCHED, WORD_SCORE, name_rank
from graph.names import match_key
from queries import run
from tests.bolt_server import BoltTarget
from tests.test_store_contract import WG, apply, mali

pytestmark = pytest.mark.bolt

NAMES = [
    ("group:north", "ArmedGroup", "The Armed Movement of the North", ["TAMN"]),
    ("group:front", "ArmedGroup", "Front for the Liberation of the Centre", []),
    ("group:union", "ArmedGroup", "Union des forces de la résistance", ["UFR"]),
    ("group:a", "ArmedGroup", "A", ["A B"]),
    ("group:of", "ArmedGroup", "Of", []),
    ("coalition:for", "Coalition", "For the North", []),
]
TEXTS = [
    "the",  # a stop word of RediSearch and Lucene, and a word's start ("theatre" would match)
    "of",
    "of the north",  # every word skipped but the last
    "for the",  # skipped words only: every searchable name
    "for",
    "front for",
    "la",
    "des forces",
    "a",
    "a b",
    "ab",
    "uni",  # a word's start
    "amn",  # initials of significant words
    "Armed Movment of the Nort",  # misspelt twice
    "Azawad",
    "coordination mouvements azawad",
    "mnla",
    "liberation centre",
]


@pytest.fixture
def stores(bolt_target: BoltTarget, bolt_driver: Any) -> Iterator[tuple[MemoryStore, Neo4jStore]]:
    bolt = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    bolt.clear()
    memory = MemoryStore(None)
    changes = mali()
    for node_id, kind, name, aliases in NAMES:
        changes.node(node_id, kind, name, aliases=aliases, sources=[WG])
    for store in (memory, bolt):
        apply(store, changes)
    yield memory, bolt
    bolt.close()


@pytest.mark.parametrize("text", TEXTS)
def test_search_answers_as_the_embedded_store(stores: tuple[MemoryStore, Neo4jStore], text: str) -> None:
    memory, bolt = stores
    expected = run(memory.view(), "search", text)
    assert run(bolt.view(), "search", text) == expected
    assert run(bolt.view(), "search", text, kinds=["ArmedGroup"]) == run(memory.view(), "search", text, ["ArmedGroup"])


def test_word_search_asks_the_full_text_index(
    stores: tuple[MemoryStore, Neo4jStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, bolt = stores
    view = bolt.view()
    asked: list[str] = []
    query = view.query
    monkeypatch.setattr(view, "query", lambda cypher, **params: asked.append(cypher) or query(cypher, **params))
    hits = run(view, "search", "of the north")
    assert {hit.node.id for hit in hits} >= {"group:north", "coalition:for"}
    words_call = bolt.dialect.words_call()
    assert words_call is not None and any(cypher.startswith(words_call) for cypher in asked)


def test_terms_are_our_normalised_words() -> None:
    words = index_words({match_key("Union des forces de la résistance")}).split()
    assert {"union", "uni", "des", "de", "la", "resistance", "res", "resi", "ufr"} <= set(words)
    assert "n_33" in words  # the key's length, for misspellings
    assert word_terms("of the north") == ["of", "north"]
    assert length_terms("of the north") == ["n_10", "n_11", "n_12", "n_13", "n_14"]
    assert (word_terms("ab"), length_terms("ab")) == (["ab"], [])


def test_only_searchable_nodes_have_terms(stores: tuple[MemoryStore, Neo4jStore]) -> None:
    _, bolt = stores
    changes = ChangeSet()
    changes.node("statement:s-2018-136:1", "Statement", "Paragraph 1", text="The armed movement of the north")
    apply(bolt, changes)
    words = "MATCH (n:Node {id: $id}) RETURN n.words AS words"
    assert bolt.view().query(words, id="statement:s-2018-136:1") == [{"words": None}]
    assert "north" in bolt.view().query(words, id="group:north")[0]["words"].split()


def test_a_store_written_before_words_existed_is_searched_by_a_scan(stores: tuple[MemoryStore, Neo4jStore]) -> None:
    memory, bolt = stores
    bolt.run_write("MATCH (n:Node {id: 'group:north'}) REMOVE n.words")
    bolt.words_indexed = bolt.check_words()  # as on opening such a graph
    assert not bolt.words_indexed
    for text in ("of the north", "amn", "Armed Movment of the Nort"):
        assert run(bolt.view(), "search", text) == run(memory.view(), "search", text)


def crowded() -> ChangeSet:
    """Sixty coalitions and groups sharing the word "coordination", of every priority and length,
    some with a shorter alias that lacks the word, some with initials a text may be."""
    changes = mali()
    rng = random.Random(14)
    for i in range(60):
        kind, prefix = ("Coalition", "coalition") if i % 4 else ("ArmedGroup", "group")
        name = f"Coordination {rng.choice(['of ', 'des ', ''])}{rng.choice(['Movements', 'Rebels', 'Detachments'])}"
        name += " " + "x" * rng.randint(0, 40) + f" {i}"
        aliases = [f"C{i}"] if i % 3 == 0 else [f"Coordination {i}"] if i % 7 == 0 else []
        priority = rng.choice([0, 10, 50, 100, 150])
        changes.node(f"{prefix}:r{i}", kind, name, aliases=aliases, priority=priority, sources=[WG])
    changes.node("coalition:crd", "Coalition", "Comite Rebelle Democratique", sources=[WG])
    return changes


@pytest.fixture
def crowded_stores(bolt_target: BoltTarget, bolt_driver: Any) -> Iterator[tuple[MemoryStore, Neo4jStore]]:
    bolt = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    bolt.clear()
    memory = MemoryStore(None)
    for store in (memory, bolt):
        apply(store, crowded())
    yield memory, bolt
    bolt.close()


@pytest.mark.parametrize(
    "text", ["Coordination of", "coordination", "coord", "crd", "coordination rebels", "Cordination"]
)
def test_a_page_of_many_word_matches_is_the_embedded_stores(
    crowded_stores: tuple[MemoryStore, Neo4jStore], text: str
) -> None:
    """The server ranks the candidates and sends a page; curated names first, then shorter ones, then
    by id, as in memory, whatever the limit and kinds."""
    memory, bolt = crowded_stores
    for limit in (1, 2, 5, 10, 25):
        for kinds in (None, ["Coalition"], ["ArmedGroup"]):
            expected = run(memory.view(), "search", text, kinds, limit)
            assert run(bolt.view(), "search", text, kinds, limit) == expected, (limit, kinds)


def test_a_full_page_of_word_matches_reads_one_page(
    crowded_stores: tuple[MemoryStore, Neo4jStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, bolt = crowded_stores
    view = bolt.view()
    asked: list[tuple[int, int]] = []
    pages = view.word_candidates
    monkeypatch.setattr(view, "word_candidates", lambda *a: asked.append(a[2:]) or pages(*a))
    monkeypatch.setattr(view, "close_candidates", lambda *a: pytest.fail("the misspelt names were asked"))
    assert len(run(view, "search", "Coordination of")) == 10
    assert asked in ([(0, 11)], [(0, 11), (11, 22)])  # a page or two of the 60 names holding the word


def test_the_servers_bound_is_the_score_of_a_word_match(crowded_stores: tuple[MemoryStore, Neo4jStore]) -> None:
    """``parts.ranked_query`` writes ``name_rank`` out in Cypher: its bound for a node matched by its
    only name is that name's score, to within the slack."""
    _, bolt = crowded_stores
    ranked = bolt.view().word_candidates("coordination", SEARCHED, 0, 100)
    assert ranked is not None
    plain = [(bound, node) for bound, node in ranked if not node.aliases]
    assert len(plain) > 20
    for bound, node in plain:
        score = WORD_SCORE + name_rank(node.priority, len(match_key(node.name)))
        assert score <= bound < score + 1e-5, node.id
