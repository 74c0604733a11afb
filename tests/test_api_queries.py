"""Every question of questions.md, as one GraphQL query on the fixture graph, with its sources."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
import strawberry

from api.arguments import typed_arguments
from api.schema import build_schema
from api.selection import select
from api.settings import Settings
from bench.generate import generate
from bench.workload import workload
from graph.errors import QueryError
from graph.memory import MemoryStore
from graph.store import GraphView
from queries import NAMED
from queries.common import fact_order
from queries.regions import coexisting
from tests.api_helpers import CountingView, data, execute
from tests.fixtures_graph import fixture_store

SRC = "sources { locator quote document { id symbol title } }"
FACT = f"type source {{ id }} target {{ id }} since until {SRC}"


@pytest.fixture(scope="module")
def schema() -> strawberry.Schema:
    return build_schema(Settings())


@pytest.fixture(scope="module")
def view() -> Iterator[GraphView]:
    store = fixture_store()
    yield store.view()
    store.close()


def test_q1_bound_by_the_cma_action_plan_includes_mnla_with_5w(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        f'{{ boundBy(commitment: "commitment:cma-action-plan-2017-03") {{ at bound {{ actor {{ id }}'
        f" via {{ id }} since chain {{ {FACT} }} }} }} }}"
    )
    answer = data(schema, q, view)["boundBy"]
    assert answer["at"] == "2017-03"
    bound = {b["actor"]["id"]: b for b in answer["bound"]}
    assert set(bound) == {"coalition:cma", "group:mnla"}
    mnla = bound["group:mnla"]
    assert mnla["via"]["id"] == "coalition:cma"
    assert [f["type"] for f in mnla["chain"]] == ["BINDS", "MEMBER_OF"]
    locators = {s["locator"] for f in mnla["chain"] for s in f["sources"]}
    assert "5 (w)" in locators
    assert any("binding upon all members of CMA" in s["quote"] for f in mnla["chain"] for s in f["sources"])
    assert mnla["chain"][0]["sources"][0]["document"]["symbol"] == "S/AC.51/2018/1/Rev.1"


def test_q2_coexisting_in_mali_with_relations(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        f'{{ coexisting(region: "region:mali", at: "2017") {{ present {{ actor {{ id }} }} relations'
        f" {{ a {{ id }} b {{ id }} relation chain {{ {FACT} }} }} }} }}"
    )
    answer = data(schema, q, view)["coexisting"]
    present = {p["actor"]["id"] for p in answer["present"]}
    assert {"group:mnla", "group:gatia", "coalition:cma", "coalition:platform"} <= present
    relations = {(r["a"]["id"], r["b"]["id"], r["relation"]) for r in answer["relations"]}
    assert ("coalition:cma", "coalition:platform", "in_conflict") in relations
    assert ("coalition:cma", "group:mnla", "member_of") in relations
    assert ("group:ansar-eddine", "group:aqim", "allied") in relations
    # MINUSMA's presence is undated in the paragraph that states it: the conclusions' date dates it
    q = '{ coexisting(region: "region:mali", at: "%s") { present { actor { id } datedBy } } }'
    later = data(schema, q % "2018", view)["coexisting"]["present"]
    assert [(p["actor"]["id"], p["datedBy"]) for p in later] == [("un:minusma", "document")]
    assert data(schema, q % "2019", view)["coexisting"]["present"] == []


def test_coexisting_pages_the_actors_present_with_a_cursor_of_their_own(
    schema: strawberry.Schema, view: GraphView
) -> None:
    q = """query ($after: String) { coexisting(region: "region:mali", at: "2017", first: 1, presentFirst: 2,
      presentAfter: $after) { presentCount presentPageInfo { hasNextPage endCursor } present { actor { id } }
      totalCount relations { relation } } }"""
    whole = data(schema, '{ coexisting(region: "region:mali", at: "2017") { present { actor { id } } } }', view)
    everyone = [p["actor"]["id"] for p in whole["coexisting"]["present"]]
    assert len(everyone) > 4, "the fixture's Mali has more actors present than two pages of 2"
    seen, after, pages = [], None, 0
    while True:
        answer = data(schema, q, view, after=after)["coexisting"]
        assert answer["presentCount"] == len(everyone)
        assert len(answer["present"]) <= 2 and len(answer["relations"]) == 1  # each list its own page
        seen += [p["actor"]["id"] for p in answer["present"]]
        pages += 1
        if not answer["presentPageInfo"]["hasNextPage"]:
            break
        after = answer["presentPageInfo"]["endCursor"]
    assert seen == everyone and pages == (len(everyone) + 1) // 2
    # the budget is charged for the page of actors, not for all of them
    tight = dataclasses.replace(Settings(), node_budget=len(everyone) - 1)
    one = '{ coexisting(region: "region:mali", at: "2017", first: 1, presentFirst: 1) { present { actor { id } } } }'
    assert execute(schema, one, view, tight).errors is None
    everything = '{ coexisting(region: "region:mali", at: "2017") { present { actor { id } } } }'
    refused = execute(schema, everything, view, tight).errors
    assert refused and "more than" in refused[0].message
    # a bad page of actors names its own argument
    bad = '{ coexisting(region: "region:mali", presentFirst: %s, presentAfter: %s) { presentCount } }'
    assert "presentFirst=0 is out of bounds" in execute(schema, bad % (0, "null"), view).errors[0].message
    assert "bad cursor presentAfter='x'" in execute(schema, bad % (1, '"x"'), view).errors[0].message


def test_q3_who_signed_an_action_plan(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        '{ signed(document: "doc:s-ac-51-2018-1-rev-1") { parties { party { id } hasSigned signed {'
        " commitment { id } how date } other { commitment { id } how date } } } }"
    )
    parties = {p["party"]["id"]: p for p in data(schema, q, view)["signed"]["parties"]}
    assert parties["group:mnla"]["hasSigned"]
    assert parties["coalition:cma"]["hasSigned"]
    assert parties["group:mnla"]["signed"][0]["how"] == "bound_as_member"
    for party in ("group:ansar-eddine", "group:mujao", "group:aqim", "group:gatia", "coalition:platform"):
        assert not parties[party]["hasSigned"], party
    platform = parties["coalition:platform"]["other"]
    assert ("commitment:platform-communique-2016-06", "signed", "2016-06") in {
        (x["commitment"]["id"], x["how"], x["date"]) for x in platform
    }


def test_q4_what_the_working_group_asked_of_mali(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        '{ statements(addressedTo: "state:mali") { statement { ... on Statement { locator verb } } '
        "document { id } addressees { target { id } sources { locator quote } } } }"
    )
    hits = data(schema, q, view)["statements"]
    locators = [h["statement"]["locator"] for h in hits]
    assert locators[0] == "5 (a)"
    assert locators[-1] == "7 (p)"
    assert all(h["document"]["id"] == "doc:s-ac-51-2018-1-rev-1" for h in hits)
    assert hits[0]["addressees"][0]["sources"][0]["quote"].startswith("Commending")


def test_q5_citations_both_ways(schema: strawberry.Schema, view: GraphView) -> None:
    cites = data(
        schema, f'{{ cites(document: "doc:s-ac-51-2018-1-rev-1") {{ cited {{ id }} fact {{ {SRC} }} }} }}', view
    )
    cited = {c["cited"]["id"] for c in cites["cites"]}
    assert {"res:1612-2005", "res:2225-2015", "doc:s-2018-136"} <= cited
    q = '{ citations(of: "res:1612-2005") { totalCount nodes { citing { id } fact { sources { locator } } } } }'
    back = data(schema, q, view)
    assert {c["citing"]["id"] for c in back["citations"]["nodes"]} == {
        "doc:s-ac-51-2018-1-rev-1",
        "statement:s-ac-51-2018-1-rev-1:5-y",
    }
    assert back["citations"]["totalCount"] == 2


def test_q6_members_at_a_date(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        f'{{ members(coalition: "coalition:cma", at: "2018-06") {{ members {{ actor {{ id }} since datedBy fact {{'
        f" {SRC} }} }} changes {{ change date }} }} }}"
    )
    answer = data(schema, q, view)["members"]
    assert [(m["actor"]["id"], m["since"], m["datedBy"]) for m in answer["members"]] == [
        ("group:mnla", "2018-05-04", "document")
    ]
    assert answer["members"][0]["fact"]["sources"][0]["locator"] == "5 (w)"
    earlier = data(schema, '{ members(coalition: "coalition:cma", at: "2012") { members { actor { id } } } }', view)
    assert earlier["members"]["members"] == []  # not before a source states it


def test_q7_path_between_two_groups(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        '{ path(from: "group:mnla", to: "group:gatia", maxHops: 4, types: ["MEMBER_OF", '
        '"IN_CONFLICT_WITH"]) { paths { length facts { type source { id } target { id } } } } }'
    )
    paths = data(schema, q, view)["path"]["paths"]
    assert len(paths) == 1
    assert paths[0]["length"] == 3
    assert [f["type"] for f in paths[0]["facts"]] == ["MEMBER_OF", "IN_CONFLICT_WITH", "MEMBER_OF"]


def test_q8_neighbourhood_ready_to_draw(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        '{ neighborhood(id: "coalition:cma", depth: 1) { truncated nodes { id kind } edges { source'
        " target type sources { locator } } } }"
    )
    sub = data(schema, q, view)["neighborhood"]
    ids = {n["id"] for n in sub["nodes"]}
    assert {"coalition:cma", "group:mnla", "commitment:cma-action-plan-2017-03"} <= ids
    assert all(e["source"] in ids and e["target"] in ids for e in sub["edges"])


def test_q9_un_entities_asked_to_act(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        '{ statements(addresseeKinds: ["UNEntity", "Organization"]) { statement { ... on Statement '
        "{ locator verb } } issuers { id } addressees { target { id } } mentions { target { id } } "
        "} }"
    )
    hits = data(schema, q, view)["statements"]
    assert [h["statement"]["locator"] for h in hits] == ["8 (a)", "8 (b)"]
    assert hits[0]["issuers"] == [{"id": "un:wg-caac"}]
    assert {m["target"]["id"] for m in hits[1]["mentions"]} == {"un:minusma", "un:unicef"}


def test_q10_commitments_of_mali(schema: strawberry.Schema, view: GraphView) -> None:
    q = f'{{ commitments(actor: "state:mali") {{ links {{ commitment {{ id }} how date chain {{ {SRC} }} }} }} }}'
    links = {(x["commitment"]["id"], x["how"], x["date"]) for x in data(schema, q, view)["commitments"]["links"]}
    assert ("commitment:mali-national-child-protection-policy-2014-07", "adopted", "2014-07") in links
    assert ("commitment:safe-schools-declaration", "endorsed", None) in links


def test_q11_figures(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        '{ figures(scope: "region:mali", measure: "released") { figure { ... on Figure { value unit'
        " period } } reportedIn { target { id } sources { locator quote } } } }"
    )
    hits = data(schema, q, view)["figures"]
    assert hits[0]["figure"]["value"] == 72
    assert hits[0]["reportedIn"][0]["sources"][0]["locator"] == "5 (f)"


def test_q12_participants_of_the_webinar(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        '{ participants(event: "event:webinar-preventing-recruitment-2021-04-29") { participants { '
        "actor { id } role representing { target { id } sources { quote } } } } }"
    )
    people = {p["actor"]["id"]: p for p in data(schema, q, view)["participants"]["participants"]}
    assert people["person:attaye-ag-mohamed"]["representing"][0]["target"]["id"] == "coalition:cma"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cma", "coalition:cma"),
        ("Coordination of Azawad Movements", "coalition:cma"),
        ("Mouvement national pour la liberation de l'Azawad", "group:mnla"),
        ("MLNA", "group:mnla"),
        ("Ansar Edine", "group:ansar-eddine"),
        ("plateforme", "coalition:platform"),
        ("Azawad", "coalition:cma"),
    ],
)
def test_q13_search_any_name(schema: strawberry.Schema, view: GraphView, text: str, expected: str) -> None:
    found = data(schema, "query($t: String!) { search(text: $t) { id name } }", view, t=text)["search"]
    assert found[0]["id"] == expected


def test_q15_document_facts_by_paragraph(schema: strawberry.Schema, view: GraphView) -> None:
    q = (
        '{ documentFacts(document: "doc:s-ac-51-2018-1-rev-1") { paragraphs { locator facts { type '
        "source { id } target { id } } } } }"
    )
    paragraphs = {p["locator"]: p for p in data(schema, q, view)["documentFacts"]["paragraphs"]}
    w = {(f["source"]["id"], f["type"], f["target"]["id"]) for f in paragraphs["5 (w)"]["facts"]}
    assert ("coalition:cma", "SIGNED", "commitment:cma-action-plan-2017-03") in w
    assert ("group:mnla", "MEMBER_OF", "coalition:cma") in w


def test_search_text_over_paragraphs(schema: strawberry.Schema, view: GraphView) -> None:
    q = '{ searchText(text: "child detainees") { paragraph { id } document { id } locator text highlights phrase } }'
    hits = data(schema, q, view)["searchText"]
    assert hits[0]["document"]["id"] == "doc:s-ac-51-2018-1-rev-1" and hits[0]["locator"] == "5 (f)"
    assert [hits[0]["text"][a:b] for a, b in hits[0]["highlights"]] == ["child", "detainees"]


def test_relationship_ids_are_unique_and_the_same_in_every_answer(schema: strawberry.Schema, view: GraphView) -> None:
    q = '{ node(id: "region:mali") { relationships(first: 100) { nodes { id key type } } } }'
    found = data(schema, q, view)["node"]["relationships"]["nodes"]
    keys = [r["key"] for r in found]
    ids = [r["id"] for r in found]
    assert len(set(keys)) < len(keys)  # a key names a fact between two nodes only
    assert len(set(ids)) == len(ids)
    drawn = data(schema, '{ neighborhood(id: "region:mali") { edges { id } } }', view)["neighborhood"]
    assert {e["id"] for e in drawn["edges"]} >= set(ids)


def test_node_by_global_id_and_type_per_kind(schema: strawberry.Schema, view: GraphView) -> None:
    q = '{ node(id: "coalition:cma") { __typename id ... on Coalition { members { other { id } } } } }'
    node = data(schema, q, view)["node"]
    assert node["__typename"] == "Coalition"
    assert node["members"][0]["other"]["id"] == "group:mnla"


def test_actors_paged_and_filtered(schema: strawberry.Schema, view: GraphView) -> None:
    q = "{ actors(first: 2, listed: true) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }"
    first = data(schema, q, view)["actors"]
    assert first["totalCount"] == 4
    assert first["pageInfo"]["hasNextPage"]
    after = first["pageInfo"]["endCursor"]
    rest = data(schema, f'{{ actors(first: 2, listed: true, after: "{after}") {{ nodes {{ id }} }} }}', view)
    ids = [n["id"] for n in first["nodes"] + rest["actors"]["nodes"]]
    assert sorted(ids) == ["group:ansar-eddine", "group:aqim", "group:mnla", "group:mujao"]
    coalition = data(schema, '{ actors(coalition: "coalition:platform") { nodes { id } } }', view)
    assert coalition["actors"]["nodes"] == [{"id": "group:gatia"}]


def test_coexisting_pages_a_hub_regions_pairs_in_answer_order_and_exports_refuse_them() -> None:
    synthetic = MemoryStore(None)
    with synthetic.writer() as writer:
        writer.apply(generate(10_000, 1))
    view = synthetic.view()
    hub = next(c for c in workload(view) if c.name == "coexisting (hub)")
    region, at = hub.args
    relations = list(coexisting(view, region, at).relations)
    pairs = [r for r in relations if r.relation == "same_coalition"]
    assert len(pairs) > 200
    ranked = [(r.a.id, r.b.id, r.relation, tuple(fact_order(f) for f in r.chain)) for r in relations]
    assert ranked == sorted(ranked) and len(set(ranked)) == len(ranked)  # the answer's order, each once
    assert all(list(r.chain) == sorted(r.chain, key=fact_order) for r in relations)
    assert all(r.a.id < r.b.id for r in pairs)
    with pytest.raises(QueryError, match="pairs sharing a coalition"):  # what an export over HTTP asks
        coexisting(view, region, at, max_relations=len(pairs) - 1)
    assert coexisting(view, region, at, max_relations=len(pairs)).relations  # the bound is the count, not less
    small = dataclasses.replace(Settings(), node_budget=200)
    with pytest.raises(QueryError, match="pairs sharing a coalition"):  # an export over HTTP, before building them
        select(synthetic, {"query": "coexisting", "region": region, "at": at}, small)
    query = (
        f'query ($after: String) {{ coexisting(region: "{region}", at: "{at}", first: 60, after: $after) '
        "{ totalCount pageInfo { hasNextPage endCursor } relations { relation a { id } b { id } } } }"
    )
    seen: list[tuple[str, str, str]] = []
    after = None
    for _ in range(3):
        answered = execute(build_schema(small), query, view, small, after=after)
        assert answered.errors is None, answered.errors
        page = answered.data["coexisting"]
        assert page["totalCount"] == len(relations) and page["pageInfo"]["hasNextPage"]
        seen += [(r["a"]["id"], r["relation"], r["b"]["id"]) for r in page["relations"]]
        after = page["pageInfo"]["endCursor"]
    assert seen == [(r.a.id, r.relation, r.b.id) for r in relations[:180]]


def test_an_exports_arguments_are_typed_as_the_query_declares() -> None:
    members = NAMED["members"]
    assert typed_arguments(members, {"coalition": "coalition:cma", "undated": "false"}) == {
        "coalition": "coalition:cma",
        "undated": False,
    }
    assert typed_arguments(NAMED["path"], {"from": "a", "to": "b", "maxHops": "3", "types": "MEMBER_OF,SIGNED"}) == {
        "start": "a",
        "end": "b",
        "max_hops": 3,
        "types": ["MEMBER_OF", "SIGNED"],
    }
    with pytest.raises(QueryError, match="undated='maybe' is not true or false"):
        typed_arguments(members, {"coalition": "coalition:cma", "undated": "maybe"})


def test_a_hub_coalitions_members_answer_a_page_with_the_changes_of_its_members() -> None:
    synthetic = MemoryStore(None)
    with synthetic.writer() as writer:
        writer.apply(generate(100_000, 1))
    view = synthetic.view()
    coalition, at = next(c for c in workload(view) if c.name == "members (hub)").args
    q = (
        f'{{ members(coalition: "{coalition}", at: "{at}", first: 20) {{ totalCount members {{ actor {{ id }} }}'
        " changes { change fact { source { id } target { id } } } } }"
    )
    answer = data(build_schema(Settings()), q, view)["members"]  # before: every member's changes, whatever the page
    page = {m["actor"]["id"] for m in answer["members"]}
    assert len(answer["members"]) == 20 and answer["totalCount"] > 400
    for change in answer["changes"]:
        ends = {change["fact"]["source"]["id"], change["fact"]["target"]["id"]}
        assert ends & page or (change["change"] not in ("joined", "left") and coalition in ends)


def test_documents_of_sources_are_batched_on_a_server_and_read_directly_in_process(
    schema: strawberry.Schema, view: GraphView
) -> None:
    query = (
        '{ boundBy(commitment: "commitment:cma-action-plan-2017-03") { bound { chain '
        "{ sources { locator document { id symbol title } } } } } }"
    )
    remote = CountingView(view)  # not local: what a Bolt store's view is
    assert not remote.local and view.local
    assert data(schema, query, remote) == data(schema, query, view)
    symbols = {
        s["document"]["symbol"]
        for b in data(schema, query, view)["boundBy"]["bound"]
        for f in b["chain"]
        for s in f["sources"]
    }
    assert "S/AC.51/2018/1/Rev.1" in symbols
    without = CountingView(view)
    data(schema, query.replace("document { id symbol title }", ""), without)
    once = CountingView(view)
    data(schema, query, once)
    assert once.calls["nodes_by_id"] == without.calls["nodes_by_id"] + 1  # every document in one lookup
