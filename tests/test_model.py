"""The registry, node and edge identity, and merges that do not depend on order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.changeset import ChangeSet
from graph.errors import ModelError, ValidationError
from graph.model import KINDS, RELATIONSHIPS, Edge, Node, Source, check_relationship


def test_the_model_vocabulary_is_registered() -> None:
    for kind in (
        "State",
        "StateForce",
        "ArmedGroup",
        "Coalition",
        "UNEntity",
        "Organization",
        "Person",
        "Document",
        "Resolution",
        "Commitment",
        "Region",
        "Event",
        "Violation",
        "Statement",
        "Figure",
    ):
        assert kind in KINDS
    for rel in (
        "MEMBER_OF",
        "PART_OF",
        "SPLINTER_OF",
        "RENAMED_TO",
        "ALLIED_WITH",
        "IN_CONFLICT_WITH",
        "OPERATES_IN",
        "SIGNED",
        "ENDORSED",
        "ADOPTED",
        "BINDS",
        "COVERS",
        "LISTED_FOR",
        "ISSUED",
        "ADDRESSED_TO",
        "MENTIONS",
        "CITES",
        "ABOUT",
        "EXAMINED",
        "PARTICIPATED_IN",
        "ORGANIZED",
        "SPONSORED",
        "AFFILIATED_WITH",
        "REPORTED_IN",
    ):
        assert rel in RELATIONSHIPS


def test_the_registry_knows_which_kinds_connect() -> None:
    assert check_relationship("BINDS", "Commitment", "Coalition")
    with pytest.raises(ModelError, match="COVERS may not go from Coalition to Violation"):
        check_relationship("COVERS", "Coalition", "Violation")
    with pytest.raises(ModelError, match="unknown relationship type 'LIKES'"):
        check_relationship("LIKES", "State", "State")


names = st.text(st.characters(codec="utf-8", categories=["L", "Zs"]), min_size=1, max_size=12)
nodes = st.builds(
    lambda name, aliases, ext, prop, prio, doc: Node(
        "group:x",
        "ArmedGroup",
        name,
        tuple(sorted(set(aliases) - {name})),
        tuple(sorted(set(ext))),
        {"category": prop} if prop else {},
        (Source(doc, "1"),),
        prio,
    ),
    names,
    st.lists(names, max_size=3),
    st.lists(st.sampled_from(["ucdp:1", "ucdp:2"]), max_size=2),
    st.one_of(st.none(), st.sampled_from(["a", "b"])),
    st.sampled_from([0, 10, 50, 100]),
    st.sampled_from(["doc:a", "doc:b"]),
)


@given(nodes, nodes)
def test_node_merge_is_commutative(a: Node, b: Node) -> None:
    assert a.merged(b) == b.merged(a)


@given(nodes, nodes, nodes)
def test_node_merge_is_associative_and_idempotent(a: Node, b: Node, c: Node) -> None:
    assert a.merged(b).merged(c) == a.merged(b.merged(c))
    ab = a.merged(b)
    assert ab.merged(a) == ab
    assert set(ab.names()) == set(a.names()) | set(b.names())


def test_the_higher_priority_names_the_node() -> None:
    curated = Node("state:mali", "State", "Mali", priority=100)
    dataset = Node("state:mali", "State", "Government of Mali", priority=50)
    assert curated.merged(dataset).name == dataset.merged(curated).name == "Mali"
    assert curated.merged(dataset).aliases == ("Government of Mali",)


def test_a_fact_is_identified_by_its_ends_type_time_and_properties() -> None:
    a = Edge("group:mnla", "coalition:cma", "MEMBER_OF", "2014", None, {}, (Source("doc:a"),))
    b = Edge("group:mnla", "coalition:cma", "MEMBER_OF", "2014", None, {"confidence": 0.5}, (Source("doc:b"),))
    c = Edge("group:mnla", "coalition:cma", "MEMBER_OF", "2015", None, {}, ())
    assert a.key == b.key != c.key
    assert a.merged(b).sources == (Source("doc:a"), Source("doc:b"))


def test_a_change_set_names_every_problem_and_where() -> None:
    changes = ChangeSet()
    changes.node("group:a", "ArmedGroup", "A", origin="file.txt, paragraph 5 (w)")
    changes.edge("group:a", "SIGNED", "group:a", origin="file.txt, paragraph 5 (w)")
    changes.edge("group:a", "MEMBER_OF", "coalition:none", since="2017-02-30", origin="file.txt, line 9")
    with pytest.raises(ValidationError) as info:
        changes.validate(lambda _: None)
    assert info.value.problems[0].startswith("file.txt, paragraph 5 (w): group:a -SIGNED-> group:a")
    assert any("line 9" in p and "impossible date" in p for p in info.value.problems)
    assert "and 1 more problems" in str(info.value)


def test_a_node_cannot_change_kind() -> None:
    changes = ChangeSet()
    changes.node("group:a", "ArmedGroup", "A")
    with pytest.raises(ModelError, match="is a ArmedGroup, not a Coalition"):
        changes.node("group:a", "Coalition", "A")


def test_records_go_in_sets_and_dicts_as_networkx_users_put_them() -> None:
    """A node hashes by its id and a fact by its ends and key, so equal records are one set member;
    the generated hash would hash the read-only properties, which cannot be hashed."""
    wg = Source("doc:wg-2018", "5 (w)", "MNLA, a member of the CMA", "test")
    group = Node("group:mnla", "ArmedGroup", "MNLA", properties={"founded": "2011"})
    fact = Edge("group:mnla", "coalition:cma", "MEMBER_OF", since="2014", sources=(wg,))
    same = Edge("group:mnla", "coalition:cma", "MEMBER_OF", since="2014", sources=(wg,))
    later = Edge("group:mnla", "coalition:cma", "MEMBER_OF", since="2015", sources=(wg,))
    assert len({group, Node("group:mnla", "ArmedGroup", "MNLA", properties={"founded": "2011"})}) == 1
    assert len({fact, same, later}) == 2
    assert {fact: "kept"}[same] == "kept"
    plain = Node("region:kidal", "Region", "Kidal")  # no properties: the shared empty mapping
    assert hash(plain) == hash(Node("region:kidal", "Region", "Kidal"))
