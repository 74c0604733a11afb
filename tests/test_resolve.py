"""One matcher for every source: names, acronyms, external ids, decisions, and order independence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.changeset import ChangeSet
from graph.errors import LoadError
from graph.memory import MemoryStore
from graph.model import Source
from graph.nodelink import to_document
from graph.resolve import Decisions, Matcher, apply_decisions, duplicate_candidates, split_acronym
from graph.store import GraphStore
from loaders.base import LoadOptions
from loaders.gazetteer import reference_gazetteer
from loaders.registry import load_paths, reference_files
from tests.conftest import run_cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "action-plans"
WG = Source("doc:s-ac-51-2018-1-rev-1", "5 (w)", "binding upon all members of CMA", "test")


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Coordination des mouvements de l’Azawad (CMA)", ("Coordination des mouvements de l’Azawad", "CMA")),
        ("Mouvement Patriotique pour la Centrafrique (MPC)", ("Mouvement Patriotique pour la Centrafrique", "MPC")),
        ("Government of Yemen (North Yemen)", None),
        ("Mali (2018)", None),
        ("Front Populaire pour la Renaissance de la Centrafrique (UPC)", None),
    ],
)
def test_an_acronym_is_read_only_from_name_acr(name: str, parts: tuple[str, str] | None) -> None:
    assert split_acronym(name) == parts


def test_the_matcher_keeps_its_view_and_pending_api() -> None:
    store = MemoryStore(None)
    stored = ChangeSet()
    stored.node("group:mnla", "ArmedGroup", "MNLA", aliases=["Mouvement national pour la libération de l'Azawad"])
    with store.writer() as writer:
        writer.apply(stored)
    pending = ChangeSet()
    pending.node("coalition:cma", "Coalition", "Coordination des mouvements de l'Azawad", aliases=["CMA"])
    matcher = Matcher(store.view(), pending)
    assert [n.id for n in matcher.candidates("cma")] == ["coalition:cma"]
    assert matcher.resolve("le Mouvement national pour la libération de l’Azawad") is not None
    assert matcher.resolve("CMA", ["ArmedGroup"]) is None
    assert [n.id for n in matcher.candidates("Coordination des Mouvements de l'Azawad (CMA)")] == ["coalition:cma"]


def test_identify_prefers_external_ids_and_never_takes_another_actors_node() -> None:
    matcher = Matcher(gazetteer=reference_gazetteer())
    cma = matcher.identify(["CMA"], external_ids=["ucdp:1158"], kinds=["Coalition", "ArmedGroup"])
    assert cma.node is not None
    assert cma.node.id == "coalition:cma"
    assert cma.evidence == "external id ucdp:1158"
    # a name the curated CMA carries does not make another UCDP actor the CMA
    other = matcher.identify(["CMA"], external_ids=["ucdp:99999"], kinds=["Coalition"])
    assert other.node is None
    # nothing fuzzy: a near spelling matches nothing
    assert matcher.identify(["Coordination des mouvements de l Azawat"], kinds=["Coalition"]).node is None


def test_two_candidates_are_ambiguous_not_merged() -> None:
    pending = ChangeSet()
    pending.node("group:upc-1", "ArmedGroup", "UPC")
    pending.node("group:upc-2", "ArmedGroup", "UPC")
    found = Matcher(pending=pending).identify(["UPC"], kinds=["ArmedGroup"])
    assert found.node is None
    assert {n.id for n in found.ambiguous} == {"group:upc-1", "group:upc-2"}


def test_a_same_decision_folds_two_ids_in_every_later_load() -> None:
    changes = ChangeSet()
    changes.node("group:ansar-dine", "ArmedGroup", "Ansar Dine", external_ids=["ucdp:1157"])
    changes.node("group:ansar-eddine", "ArmedGroup", "Ansar Eddine")
    changes.node("region:mali", "Region", "Mali")
    changes.edge("group:ansar-dine", "OPERATES_IN", "region:mali", sources=[WG])
    decided = apply_decisions(changes, Decisions.of(same=[["group:ansar-eddine", "group:ansar-dine"]]))
    assert set(decided.nodes) == {"group:ansar-eddine", "region:mali"}
    node = decided.nodes["group:ansar-eddine"]
    assert {"Ansar Dine", "Ansar Eddine"} <= set(node.names())
    assert node.external_ids == ("ucdp:1157",)
    assert [(e.source, e.target) for e in decided.edges.values()] == [("group:ansar-eddine", "region:mali")]


def _load(store: GraphStore, *runs: list[Path], options: LoadOptions | None = None) -> str:
    for paths in runs:
        load_paths(store, paths, options)
    view = store.view()
    edges = sorted(view.edges(), key=lambda e: (e.source, e.type, e.target, e.key))
    return json.dumps(to_document(view.nodes(), edges), sort_keys=True, ensure_ascii=False)


@pytest.mark.shared
def test_loading_in_any_order_gives_the_same_graph(shared: Path) -> None:
    ucdp = shared / "data" / "ucdp"
    first = _load(MemoryStore(None), [*reference_files(), ucdp], [EXAMPLE])
    second = _load(MemoryStore(None), [EXAMPLE], [*reference_files(), ucdp])
    third = _load(MemoryStore(None), [ucdp], [EXAMPLE], reference_files())
    assert first == second == third
    assert '"commitment:cma-action-plan-2017-03"' in first
    assert '"ucdp:1158"' in first


@pytest.mark.shared
def test_resolve_lists_candidates_and_applies_the_decisions_file(shared: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "g.json.gz"
    decisions = tmp_path / "decisions.yaml"
    env = {"CAACGRAPH_DECISIONS": str(decisions)}
    decisions.write_text("same: []\ndifferent: []\n", encoding="utf-8")
    loaded = run_cli("load", "--reference", str(shared / "data" / "ucdp"), str(EXAMPLE), store=store_path, env=env)
    assert loaded.returncode == 0, loaded.stderr
    listed = run_cli("resolve", "--json", "--limit", "1000", store=store_path, env=env)
    assert listed.returncode == 0, listed.stderr
    pairs = {(c["a"]["id"], c["b"]["id"]): c["evidence"] for c in json.loads(listed.stdout)}
    assert ("group:upc", "group:upc-ucdp-5999") in pairs
    assert any("'UPC'" in evidence for evidence in pairs[("group:upc", "group:upc-ucdp-5999")])
    assert not any("coalition:cma" in pair for pair in pairs)  # the MNLA and the CMA share no name
    # settle it: the table's UPC is UCDP's UPC of the Central African Republic
    decisions.write_text("same:\n  - [group:upc-ucdp-5999, group:upc]\n", encoding="utf-8")
    again = run_cli("resolve", "--json", "--limit", "1000", store=store_path, env=env)
    assert ("group:upc", "group:upc-ucdp-5999") not in {(c["a"]["id"], c["b"]["id"]) for c in json.loads(again.stdout)}
    fresh = tmp_path / "fresh.json.gz"
    reloaded = run_cli("load", "--reference", str(shared / "data" / "ucdp"), str(EXAMPLE), store=fresh, env=env)
    assert reloaded.returncode == 0, reloaded.stderr
    shown = run_cli("show", "group:upc-ucdp-5999", store=fresh, env=env)
    assert "commitment:upc-action-plan-2019-09" in shown.stdout
    assert "ucdp:5999" in shown.stdout
    assert run_cli("show", "group:upc", store=fresh, env=env).returncode == 2


def test_a_different_decision_removes_a_candidate() -> None:
    store = MemoryStore(None)
    changes = ChangeSet()
    changes.node("group:mpc", "ArmedGroup", "MPC", aliases=["Mouvement patriotique pour la Centrafrique"])
    changes.node("group:mpc-bahar", "ArmedGroup", "MPC (Bahar)", aliases=["Mouvement patriotique pour la Centrafrique"])
    with store.writer() as writer:
        writer.apply(changes)
    assert [(c.a.id, c.b.id) for c in duplicate_candidates(store.view())] == [("group:mpc", "group:mpc-bahar")]
    settled = Decisions.of(different=[["group:mpc", "group:mpc-bahar"]])
    assert list(duplicate_candidates(store.view(), settled)) == []


def test_a_malformed_decisions_file_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "decisions.yaml"
    path.write_text("same:\n  - [group:only-one]\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"same\[0\]"):
        Decisions.load(path)


@pytest.mark.shared
def test_resolve_lists_what_documents_minted_for_review(shared: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "g.json.gz"
    corpus = shared / "corpus"
    statement = corpus / "SC-12359_Afghanistan_WG-chair-public-statement_2015.excerpt.txt"
    loaded = run_cli("load", "--reference", str(statement), store=store_path)
    assert loaded.returncode == 0, loaded.stderr
    listed = run_cli("resolve", "--unreviewed", "--json", store=store_path)
    assert listed.returncode == 0, listed.stderr
    minted = {item["id"]: item for item in json.loads(listed.stdout)}
    # parties the addressee heading names, which no reference file knows, each with the words that named it
    haqqani = minted["group:haqqani-network"]
    assert haqqani["kind"] == "ArmedGroup"
    assert haqqani["sources"][0]["quote"] == "Haqqani Network"
    assert haqqani["sources"][0]["locator"].startswith("heading before")
    assert {"group:tora-bora-front", "group:latif-mansur-network"} <= set(minted)
    # known names are not minted (the Taliban is curated, UCDP 303)
    assert not {"state:afghanistan", "group:isil", "group:taliban"} & set(minted)
    text = run_cli("resolve", "--unreviewed", store=store_path)
    assert text.returncode == 0, text.stderr
    assert "group:tora-bora-front\tArmedGroup\tTora Bora Front" in text.stdout
