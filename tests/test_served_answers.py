"""Answers an analyst checks on the graph ``make serve`` loads: right, dated, without duplicates."""

from __future__ import annotations

from collections import defaultdict

import pytest

from api.schema import build_schema
from api.settings import Settings
from graph.memory import MemoryStore
from graph.model import BETWEEN_ACTORS
from graph.resolve import duplicate_candidates
from graph.store import GraphView
from queries import REGISTRY
from tests.api_helpers import data


def test_path_follows_relations_between_actors_by_default(served: MemoryStore) -> None:
    view = served.view()
    answer = REGISTRY["path"](view, "group:mnla", "group:gatia")
    assert answer.paths
    walked = {f.edge.type for p in answer.paths for f in p}
    assert walked <= set(BETWEEN_ACTORS), walked
    asked = REGISTRY["path"](view, "group:mnla", "group:gatia", 4, ["ADDRESSED_TO"])
    assert asked.paths and {f.edge.type for p in asked.paths for f in p} == {"ADDRESSED_TO"}


def test_curated_facts_cite_the_paragraphs_the_document_loader_reads(served: MemoryStore) -> None:
    # one paragraph is one locator: a curated fact citing "1" where the loader reads "para 1" (or
    # "5 (o)-(y) heading" for "heading before 5 (o)") shows the paragraph twice in documentFacts
    view = served.view()
    records = [*view.nodes(), *view.edges()]
    paragraphed = {e.target for e in view.edges(["PART_OF"]) if e.source.startswith("statement:")}
    read: defaultdict[str, set[str]] = defaultdict(set)
    for record in records:
        for source in record.sources:
            if source.method != "curated" and source.document in paragraphed:
                read[source.document].add(source.locator)
    stray = {
        (source.document, source.locator)
        for record in records
        for source in record.sources
        if source.method == "curated" and read.get(source.document) and source.locator not in read[source.document]
    }
    assert not {s for s in stray if s[1] not in {"title", "heading", "text"}}, sorted(stray)
    facts = REGISTRY["documentFacts"](view, "doc:s-ac-51-2018-1-rev-1")
    headings = [p.locator for p in facts.paragraphs if "heading" in p.locator]
    assert headings == ["heading before 5 (o)"]


def test_timeline_gives_each_fact_once_per_date(served: MemoryStore) -> None:
    entries = REGISTRY["timeline"](served.view(), "coalition:cma")
    seen = [(e.date, e.fact.edge.id) for e in entries]
    assert len(seen) == len(set(seen))
    one_year = [e for e in entries if e.fact.edge.since and e.fact.edge.since == e.fact.edge.until]
    assert one_year and {e.marks for e in one_year} == {"start and end"}


def test_presence_at_a_date_is_dated_by_its_fact_or_its_document(served: MemoryStore) -> None:
    view = served.view()
    assert REGISTRY["coexisting"](view, "region:mali", "1960").present == ()  # the CMA was formed in 2014
    mali_2017 = REGISTRY["coexisting"](view, "region:mali", "2017")
    assert mali_2017.present and {p.dated_by for p in mali_2017.present} <= {"fact", "document"}
    for presence in mali_2017.present:
        edge = presence.fact.edge
        assert presence.dated_by != "fact" or (edge.since or "") <= "2017" <= (edge.until or "9999")
    assert {"state:mali", "group:isil", "coalition:jnim"} <= {p.actor.id for p in mali_2017.present}
    undated = REGISTRY["coexisting"](view, "region:mali", "1960", undated=True)
    assert undated.present and {p.dated_by for p in undated.present} == {"undated"}


def test_states_that_only_supported_a_side_are_not_present_unless_asked(served: MemoryStore) -> None:
    view = served.view()
    answer = REGISTRY["coexisting"](view, "region:mali")
    states = {p.actor.id for p in answer.present if p.actor.kind == "State"}
    assert states <= {"state:mali", "state:burkina-faso", "state:niger"}, states
    assert all(f.edge.properties.get("role") != "secondary" for r in answer.relations for f in r.chain)
    asked = REGISTRY["coexisting"](view, "region:mali", secondary=True)
    assert len({p.actor.id for p in asked.present if p.actor.kind == "State"}) > 20
    parties = REGISTRY["coexisting"](view, "region:mali", kinds=["ArmedGroup", "Coalition"])
    assert parties.present and {p.actor.kind for p in parties.present} == {"ArmedGroup", "Coalition"}


def test_no_member_before_a_source_says_its_coalition_has_it(served: MemoryStore) -> None:
    view = served.view()
    assert REGISTRY["members"](view, "coalition:cma", "2012").members == ()
    later = REGISTRY["members"](view, "coalition:cma", "2018-06").members
    assert [(m.actor.id, m.dated_by) for m in later] == [("group:mnla", "document")]


def test_a_figure_has_the_place_its_sentence_or_document_states(served: MemoryStore) -> None:
    view = served.view()
    mali = {h.figure.id: h for h in REGISTRY["figures"](view, "region:mali")}
    assert "figure:s-ac-51-2018-1-rev-1:5-f:1" in mali  # the conclusions on Mali: 72 child detainees released
    for hit in mali.values():
        assert all(f.target.id == "region:mali" for f in hit.about)
    assert {h.figure.id for h in REGISTRY["figures"](view, "state:myanmar")} >= {"figure:s-2017-1099:para-1:1"}
    webinar = [f for f in view.nodes(["Figure"]) if f.id.startswith("figure:fightforhumanity")]
    assert webinar and not any(view.edges_of([f.id], ["ABOUT"], "out")[f.id] for f in webinar)  # global figures


def test_search_finds_what_the_documents_name(served: MemoryStore) -> None:
    view = served.view()
    assert [h.node.id for h in REGISTRY["search"](view, "HCUA")] == ["group:hcua"]
    assert REGISTRY["search"](view, "coordination mouvements azawad")[0].node.id == "coalition:cma"
    assert {"coalition:cma", "group:mnla"} <= {h.node.id for h in REGISTRY["search"](view, "Azawad")[:3]}
    # Boko Haram is the name S/2017/304 gives Jama'atu Ahlis Sunna Lidda'awati wal-Jihad (UCDP 1051)
    assert [h.node.id for h in REGISTRY["search"](view, "Boko Haram")][:1] == ["group:boko-haram"]
    # no node is called "Western education": the paragraphs that say it
    phrase = REGISTRY["search"](view, "Western education")
    assert phrase and {h.how for h in phrase} == {"text"} and {h.node.kind for h in phrase} == {"Statement"}


def test_search_text_gives_paragraph_document_locator_and_the_words(served: MemoryStore) -> None:
    hits = REGISTRY["searchText"](served.view(), "boko haram")
    assert len(hits) >= 3
    assert {h.document.id for h in hits if h.document} >= {"doc:sc-14382", "doc:s-2020-652"}
    for hit in hits:
        assert hit.phrase and hit.locator and hit.highlights
        assert {hit.text[a:b].lower() for a, b in hit.highlights} <= {"boko", "haram"}
    dates = [h.date for h in hits if h.date]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("field", "arguments", "items", "selection"),
    [
        ("timeline", 'actor: "coalition:cma"', "nodes", "date fact { id }"),
        ("citations", 'of: "res:1612-2005"', "nodes", "citing { id } fact { id }"),
        ("documentFacts", 'document: "doc:s-ac-51-2018-1-rev-1"', "paragraphs", "locator"),
        ("commitments", 'actor: "state:mali"', "links", "commitment { id } how chain { id }"),
        ("members", 'coalition: "coalition:ucdp-6436"', "members", "actor { id }"),
        ("coexisting", 'region: "region:mali", secondary: true', "relations", "a { id } b { id } relation"),
        ("boundBy", 'commitment: "commitment:cma-action-plan-2017-03"', "bound", "actor { id }"),
    ],
)
def test_named_queries_page_and_count(
    served: MemoryStore, field: str, arguments: str, items: str, selection: str
) -> None:
    schema, view = build_schema(Settings()), served.view()
    whole = data(schema, f"{{ {field}({arguments}) {{ totalCount {items} {{ {selection} }} }} }}", view)[field]
    seen, after = [], None
    while True:
        cursor = f', after: "{after}"' if after else ""
        q = f"{{ {field}({arguments}, first: 3{cursor}) {{ totalCount pageInfo {{ hasNextPage endCursor }} {items} {{ {selection} }} }} }}"
        page = data(schema, q, view)[field]
        assert page["totalCount"] == whole["totalCount"] and len(page[items]) <= 3
        seen += page[items]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert whole["totalCount"] == len(seen) > 0
    if whole["totalCount"] <= 100:
        assert seen == whole[items]


def test_resolve_proposes_the_splits_a_reader_would_flag(served: MemoryStore) -> None:
    view = served.view()
    assert [n.id for n in view.find("ISIS")] == ["group:isil"]  # UCDP's former name of IS is ISIL's alias
    found = {(c.a.id, c.b.id): c.evidence for c in duplicate_candidates(view)}
    assert found[("org:independent-diplomat", "org:international-diplomat")] == (
        "names differ in one word: 'International Diplomat' ~ 'Independent Diplomat'",
    )
    assert "members in common" in found[("coalition:platform", "coalition:ucdp-6349")][0]
    figures = found[("figure:s-ac-51-2018-1-rev-1:5-f:1", "figure:s-ac-51-2018-1-rev-1:7-j:1")]
    assert figures == ("the same figure '72 child detainees' in doc:s-ac-51-2018-1-rev-1, 5 (f) and 7 (j)",)
    assert len(found) < 40  # proposals a person can read, not every pair of similar names


def test_a_name_before_its_acronym_is_the_actors_and_an_acronym_is_the_countrys_actor(served: MemoryStore) -> None:
    # "L_’Unité pour la paix en Centrafrique_ (UPC) signed an Action Plan with the United Nations": a web
    # rendering's emphasis marks, a country's name inside the group's, and an acronym three UCDP actors share
    view = served.view()
    doc = "doc:car-upc-action-plan-signed-osrsg-caac-2019-09-03"
    signed = [e for e in view.edges(["SIGNED"]) if any(s.document == doc for s in e.sources)]
    assert {(e.source, e.properties.get("role")) for e in signed} == {
        ("group:upc-ucdp-5999", "party"),
        ("un:united-nations", "counterparty"),
    }
    quote = next(s.quote for e in signed for s in e.sources if e.source == "group:upc-ucdp-5999")
    assert "L_’Unité pour la paix en Centrafrique_ (UPC) signed an Action Plan with the United Nations" in quote


def cited_by(view: GraphView, document: str, types: list[str]) -> set[tuple[str, str, str]]:
    """The facts of these types that cite a document."""
    return {(e.source, e.type, e.target) for e in view.edges(types) if any(s.document == document for s in e.sources)}


def test_genre_grammar_read_from_real_documents(served: MemoryStore) -> None:
    view = served.view()
    # "At its fifty-fifth meeting, on 6 July 2015, the Security Council Working Group ..." (Chair statements)
    assert ("un:wg-caac", "ORGANIZED", "event:wg-caac-55th-meeting-2015-07-06") in cited_by(
        view, "doc:sc-12359", ["ORGANIZED"]
    )
    # "in Myanmar, including against children in Rakhine, Kachin and Shan States" (WG conclusions) and
    # "in several areas of the country, notably in Shan, Kachin and Rakhine States" (an SG report on Myanmar)
    for document in ("doc:myanmar-wg-conclusions-2019-s-2018-956", "doc:s-2017-1099"):
        parts = cited_by(view, document, ["PART_OF"])
        assert {(f"region:myanmar-{s}", "PART_OF", "region:myanmar") for s in ("rakhine", "kachin", "shan")} <= parts
    # the annual report named without its symbol: "the annexes to his annual reports on children and armed conflict"
    issued = ("un:secretary-general", "ISSUED", "doc:sg-annual-report-caac")
    assert issued in cited_by(view, "doc:sc-10319-resolution-1998-2011-adoption-press", ["ISSUED"])
    assert issued not in cited_by(view, "doc:fightforhumanity-annual-report-2023-post", ["ISSUED"])
    # a resolution named by its number and adoption: "Security Council resolution 1612, adopted on 26 July
    # 2005"; "the adoption of SC Resolution 1882 in 2009"; "Unanimously adopting resolution 1998 (2011) ..., the
    # Council"
    first = next(n.id for n in view.nodes(["Document"]) if n.id.startswith("doc:sc-8559"))
    assert ("un:security-council", "ADOPTED", "res:1612-2005") in cited_by(view, first, ["ADOPTED"])
    adopted = cited_by(view, "doc:sc-10319-resolution-1998-2011-adoption-press", ["ADOPTED"])
    assert ("un:security-council", "ADOPTED", "res:1998-2011") in adopted
    # "the fourth report of the Secretary-General on the same topic (S/2017/1099)", in conclusions on Myanmar
    about = cited_by(view, "doc:myanmar-wg-conclusions-2019-s-2018-956", ["ABOUT"])
    assert ("doc:s-2017-1099", "ABOUT", "state:myanmar") in about
    # "the United Nations country task force on monitoring and reporting in Nigeria" is the UN's
    nigeria = next(n.id for n in view.nodes(["Document"]) if n.id.startswith("doc:s-ac-51-2024-8"))
    assert ("un:ctfmr-nigeria", "PART_OF", "un:united-nations") in cited_by(view, nigeria, ["PART_OF"])
    # "... the Convention des Patriotes pour la Justice et la Paix in the Central African Republic and
    # Hizbul Islam in Somalia" (a press release); "the Karen National Liberation Army from Burma/Myanmar" is
    # not Jaish al-Tahrir, whose name translates as "Liberation Army"
    delisting = next(n.id for n in view.nodes(["Document"]) if n.id.startswith("doc:delisting-burundi-fnl"))
    assert ("group:hizbul-islam", "OPERATES_IN", "region:somalia") in cited_by(view, delisting, ["OPERATES_IN"])
    geneva = next(n.id for n in view.nodes(["Document"]) if n.id.startswith("doc:genevacall-child-protection"))
    assert not {f for f in cited_by(view, geneva, ["OPERATES_IN"]) if f[0] == "group:jaish-al-tahrir"}
