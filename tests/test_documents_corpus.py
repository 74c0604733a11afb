"""Every file of ../shared/corpus loads, through the real registry and the real command line."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from graph.memory import MemoryStore
from loaders.base import LoadContext
from loaders.documents import DocumentLoader
from loaders.registry import load_paths, reference_files
from tests.conftest import run_cli

pytestmark = pytest.mark.shared


def _corpus(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "corpus").iterdir() if p.suffix == ".txt")


def test_every_corpus_file_loads_and_says_what_it_yielded(shared: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loader = DocumentLoader()
    files = _corpus(shared)
    assert len(files) > 60
    for path in files:
        context = LoadContext()
        changes = loader.load(path, context)
        assert any(n.kind == "Document" for n in changes.nodes.values()), path.name
        for edge in changes.edges.values():
            assert edge.sources, f"{path.name}: {edge.source} -{edge.type}-> {edge.target} has no source"
            assert all(s.document and s.locator and s.method for s in edge.sources)
        kinds = Counter(n.kind for n in changes.nodes.values())
        types = Counter(e.type for e in changes.edges.values())
        with capsys.disabled():
            print(f"\n{path.name}: {dict(kinds)} {dict(types)}", end="")


def test_corpus_facts_in_french_and_in_news(shared: Path, store: MemoryStore) -> None:
    corpus = shared / "corpus"
    load_paths(
        store,
        [
            corpus / "Mali_CMA-signe-plan-d-action_OSRSG-CAAC_2017-03_FR.excerpt.txt",
            corpus / "Mali_WG-chair-public-statement_2023_S-2022-856.excerpt.txt",
            corpus / "CAR_FPRC-action-plan-signed_OSRSG-CAAC_2019-07-05.excerpt.txt",
        ],
    )
    view = store.view()
    signed = {(e.source, e.target, e.properties["role"]) for e in view.edges(["SIGNED"])}
    assert ("coalition:cma", "commitment:cma-action-plan-2017-03", "party") in signed
    assert ("un:united-nations", "commitment:cma-action-plan-2017-03", "counterparty") in signed
    assert ("group:fprc", "commitment:fprc-action-plan", "party") in signed
    # "The FPRC, ... party to the Political Agreement for Peace and Reconciliation in the Central African Republic"
    agreement = "commitment:political-agreement-for-peace-and-reconciliation-in-the-cent"
    assert ("group:fprc", agreement, "party") in signed
    members = {(e.source, e.target) for e in view.edges(["MEMBER_OF"])}
    # "the FPRC, part of the Former Séléka coalition": a coalition named by its word, minted for review
    assert members == {
        ("group:mnla", "coalition:cma"),
        ("group:ansar-eddine", "coalition:jnim"),
        ("group:fprc", "coalition:former-seleka"),
    }
    seleka = view.node("coalition:former-seleka")
    assert seleka is not None
    assert seleka.properties["reviewed"] is False
    fprc = view.node("group:fprc")
    assert fprc is not None
    assert fprc.name == "Front Populaire pour la Renaissance de la Centrafrique"
    assert fprc.properties["reviewed"] is False
    assert fprc.priority == 0
    listed = {e.target for e in view.edges(["LISTED_FOR"]) if e.source == "group:fprc"}
    assert listed == {
        "violation:recruitment-and-use",
        "violation:killing-and-maiming",
        "violation:sexual-violence",
        "violation:attacks-on-schools-and-hospitals",
    }, "abduction and denial of access are what the plan adds, not what FPRC is listed for"


def test_the_command_line_loads_documents_once(shared: Path, tmp_path: Path) -> None:
    store = tmp_path / "graph.json.gz"
    corpus = shared / "corpus"
    first = run_cli(
        "load",
        str(shared / "seeds"),
        str(corpus / "CAR_MPC-action-plan-signed_OSRSG-CAAC_2018-06-14.excerpt.txt"),
        store=store,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Statement: +" in first.stdout
    assert "unreviewed" in first.stdout
    assert "Mouvement Patriotique pour la Centrafrique" in first.stdout
    again = run_cli(
        "load",
        str(shared / "seeds"),
        str(corpus / "CAR_MPC-action-plan-signed_OSRSG-CAAC_2018-06-14.excerpt.txt"),
        store=store,
    )
    assert again.returncode == 0, again.stderr
    assert "nothing changed" in again.stdout


def test_the_type_can_be_forced_and_a_wrong_one_is_refused(shared: Path, tmp_path: Path) -> None:
    store = tmp_path / "graph.json.gz"
    # Not a page the curated reference data describes: there, the curated doc_type would win the merge.
    page = shared / "corpus" / "Myanmar_SRSG-visit-media-advisory_2018.excerpt.txt"
    forced = run_cli("load", "--type", "press_release", str(page), store=store)
    assert forced.returncode == 0, forced.stderr
    exported = json.loads(run_cli("export", "--format", "json", store=store).stdout)
    documents = [n for n in exported["nodes"] if n["kind"] == "Document" and n.get("file") == page.name]
    assert [d["doc_type"] for d in documents] == ["press_release"]
    wrong = run_cli("load", "--type", "memo", str(page), store=tmp_path / "other.json.gz")
    assert wrong.returncode == 2
    assert "unknown document type 'memo'" in wrong.stdout + wrong.stderr
    assert "wg_conclusions" in wrong.stdout + wrong.stderr


def test_what_make_serve_loads_loads_once(shared: Path) -> None:
    """The reference data, the seeds, the whole corpus and UCDP in one run, then again: nothing changes
    (names minted from one document's wording are not read into another's on the second pass)."""
    files = [*reference_files(), shared / "seeds", shared / "corpus", *sorted((shared / "data" / "ucdp").glob("*.csv"))]
    store = MemoryStore(None)
    assert load_paths(store, files).result.changed
    again = load_paths(store, files)
    assert not again.result.changed, again.result


def test_named_gatherings_and_who_held_them(shared: Path) -> None:
    """NGO news and press releases name their events: "Geneva Call held in Geneva its Third Meeting of
    Signatories ..."; "the report will be discussed in the Security Council Open Debate on ..."."""
    corpus = shared / "corpus"
    loader = DocumentLoader()
    news = loader.load(corpus / "GenevaCall_3rd-meeting-of-signatories_35-ANSAs_2014-11-26.excerpt.txt", LoadContext())
    meeting = "event:third-meeting-of-signatories-to-the-deeds-of-commitment"
    assert news.nodes[meeting].name == "Third Meeting of Signatories to the Deeds of Commitment"
    held = [e for e in news.edges.values() if e.type == "ORGANIZED" and e.target == meeting]
    assert [e.source for e in held] == ["org:geneva-call"]
    assert held[0].sources[0].quote.startswith("Geneva Call held in Geneva its Third Meeting")
    release = loader.load(
        corpus / "delisting_Burundi-FNL_A-64-742-S-2010-181_2010_OSRSG-press-release.excerpt.txt", LoadContext()
    )
    debate = "event:security-council-open-debate-on-children-and-armed-conflict"
    assert release.nodes[debate].properties["reviewed"] is False
    assert {e.source for e in release.edges.values() if e.type == "ORGANIZED" and e.target == debate} == {
        "un:security-council"
    }
