"""The UCDP Actor Dataset loader on the real file in ../shared: every actor, lineage, coalitions, bad rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph.errors import LoadError
from graph.memory import MemoryStore
from graph.model import Edge
from graph.store import GraphView
from loaders.base import LoadOptions
from loaders.registry import load_paths, loader_for, reference_files
from loaders.tabular import BadRows
from loaders.ucdp_actor import UcdpActorLoader, read_table
from tests.conftest import run_cli

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def actor_csv(shared: Path) -> Path:
    return shared / "data" / "ucdp" / "ucdp-actor-221.csv"


@pytest.fixture(scope="module")
def loaded(shared: Path) -> GraphView:
    """Reference data and both UCDP files, loaded once for the module."""
    store = MemoryStore(None)
    load_paths(store, [*reference_files(), shared / "data" / "ucdp"])
    return store.view()


def _edges(view: GraphView, source: str, rel: str) -> list[Edge]:
    return list(view.edges_of([source], [rel], "out")[source])


def test_the_whole_actor_file_loads_one_node_per_actor(actor_csv: Path) -> None:
    bad = BadRows(actor_csv)
    table = read_table(actor_csv, bad)
    assert len(table.actors) == 1725
    assert bad.problems == []
    assert table.version == "22.1"
    store = MemoryStore(None)
    load_paths(store, [actor_csv])
    ucdp_ids = {x for node in store.view().nodes() for x in node.external_ids if x.startswith("ucdp:")}
    assert {f"ucdp:{i}" for i in table.actors} <= ucdp_ids
    assert isinstance(loader_for(actor_csv), UcdpActorLoader)


def test_a_quoted_field_over_two_lines_is_one_row(loaded: GraphView) -> None:
    afdl = loaded.find("ucdp:422")
    assert [n.name for n in afdl] == ["AFDL"]
    assert "Alliance of Democratic Forces for the Liberation of Congo- Kinshasa" in afdl[0].aliases
    assert afdl[0].sources[0].locator == "row 413"


def test_cma_is_one_node_by_french_name_acronym_and_ucdp_id(shared: Path, tmp_path: Path) -> None:
    store = tmp_path / "g.json.gz"
    result = run_cli("load", "--reference", str(shared / "data" / "ucdp"), store=store)
    assert result.returncode == 0, result.stderr
    found = set()
    for query in ("Coordination des Mouvements de l'Azawad", "CMA", "ucdp:1158"):
        result = run_cli("find", query, "--json", store=store)
        assert result.returncode == 0, result.stderr
        found.add(json.dumps(json.loads(result.stdout)))
    assert found == {
        json.dumps([{"id": "coalition:cma", "kind": "Coalition", "name": "Coordination des mouvements de l'Azawad"}])
    }


def test_gatia_is_a_member_of_the_coalitions_ucdp_records(loaded: GraphView) -> None:
    gatia = loaded.find("GATIA", ["ArmedGroup"])
    assert [n.id for n in gatia] == ["group:gatia"]
    memberships = {e.target: e for e in _edges(loaded, "group:gatia", "MEMBER_OF")}
    assert set(memberships) == {"coalition:ucdp-6349", "coalition:ucdp-6837"}
    platform_like = loaded.node("coalition:ucdp-6349")
    assert platform_like is not None
    assert platform_like.name == "CM-FPR, GATIA, MAA"
    methods = {s.method for s in memberships["coalition:ucdp-6837"].sources}
    assert methods == {"ucdp-actor:NSCoalition", "ucdp-actor:OSCoalition"}
    assert {s.locator for s in memberships["coalition:ucdp-6349"].sources} == {"row 1354"}
    assert "NSCoalitionID=6349, 6837" in memberships["coalition:ucdp-6349"].sources[0].quote


def test_mujao_alliance_and_aqim_splinter_lineage_cite_their_rows(loaded: GraphView) -> None:
    (alliance,) = _edges(loaded, "group:mujao", "ALLIED_WITH")
    assert alliance.target == "coalition:al-murabitun"
    assert [s.locator for s in alliance.sources] == ["row 1118"]
    assert "ActorIdAlliance=4376" in alliance.sources[0].quote
    (splinter,) = _edges(loaded, "group:mujao", "SPLINTER_OF")
    assert (splinter.target, splinter.sources[0].locator) == ("group:aqim", "row 1118")
    (aqim_from,) = _edges(loaded, "group:aqim", "SPLINTER_OF")
    assert (aqim_from.target, aqim_from.sources[0].locator) == ("group:gia", "row 531")
    (renamed,) = _edges(loaded, "group:gspc", "RENAMED_TO")
    assert renamed.target == "group:aqim"
    splinters = {e.source for e in loaded.edges_of(["group:aqim"], ["SPLINTER_OF"], "in")["group:aqim"]}
    assert {"group:mujao", "group:signed-in-blood-battalion"} <= splinters


def test_ucdp_rename_and_working_group_membership_both_stay(actor_csv: Path, tmp_path: Path) -> None:
    """UCDP: MNLA renamed CMA (row 1116). The Working Group: MNLA a member of CMA. Two nodes, both facts."""
    wg = tmp_path / "wg.yaml"
    wg.write_text(
        "priority: 100\nedges:\n  - {source: group:mnla, type: MEMBER_OF, target: coalition:cma, sources: "
        '[{document: doc:s-ac-51-2018-1-rev-1, locator: "5 (w)", quote: "binding upon all members of CMA, '
        'including the Mouvement national pour la libération de l’Azawad", method: curated}]}\n',
        encoding="utf-8",
    )
    store = MemoryStore(None)
    load_paths(store, [*reference_files(), actor_csv, wg])
    view = store.view()
    assert view.node("group:mnla") is not None
    assert view.node("coalition:cma") is not None
    facts = {(e.type, e.sources[0].document, e.sources[0].locator) for e in view.edges_of(["group:mnla"])["group:mnla"]}
    assert ("RENAMED_TO", "doc:ucdp-actor-22-1", "row 1116") in facts
    assert ("MEMBER_OF", "doc:s-ac-51-2018-1-rev-1", "5 (w)") in facts
    assert [n.id for n in view.find("MNLA")] == ["group:mnla"]
    assert "MNLA" not in view.node("coalition:cma").aliases  # type: ignore[union-attr]


def _broken_copy(actor_csv: Path, tmp_path: Path) -> Path:
    lines = actor_csv.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = "," + lines[1].split(",", 1)[1]  # line 2: no ActorId
    header = next(csv.reader([lines[0]]))
    fields = next(csv.reader([lines[2]]))  # line 3: ActorId 3, in a coalition with an id that is not one
    fields[header.index("NSCoalition")], fields[header.index("NSCoalitionID")] = "1", "x12"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(fields)
    lines[2] = buffer.getvalue()
    lines[3] = lines[3].replace('"11347, 14113', '"11347, "14113', 1)  # line 4: a broken quote
    path = tmp_path / "ucdp-actor-221.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_rows_fail_the_load_with_their_lines_and_leave_the_store(actor_csv: Path, tmp_path: Path) -> None:
    broken = _broken_copy(actor_csv, tmp_path)
    store = MemoryStore(tmp_path / "g.json.gz")
    load_paths(store, reference_files())
    before = store.view().stats()
    with pytest.raises(LoadError) as caught:
        load_paths(store, [broken])
    message = str(caught.value)
    assert "line 2: missing ActorId" in message
    assert "unknown coalition id" in message
    assert "line 3" in message
    assert "line 4: broken quote" in message
    assert "--skip-bad-rows" in message
    assert MemoryStore(tmp_path / "g.json.gz").view().stats() == before


def test_skip_bad_rows_loads_the_rest_and_says_how_many(actor_csv: Path, tmp_path: Path) -> None:
    broken = _broken_copy(actor_csv, tmp_path)
    store = MemoryStore(None)
    report = load_paths(store, [broken], LoadOptions(skip_bad_rows=True))
    assert any("skipped 3 malformed rows" in note for note in report.notes)
    ids = {x for n in store.view().nodes() for x in n.external_ids}
    assert "ucdp:1158" in ids
    assert "ucdp:3" not in ids


def test_skip_bad_rows_on_the_command_line(actor_csv: Path, tmp_path: Path) -> None:
    broken = _broken_copy(actor_csv, tmp_path)
    failed = run_cli("load", str(broken), store=tmp_path / "g.json.gz")
    assert failed.returncode == 2
    assert "line 2" in failed.stderr
    assert not (tmp_path / "g.json.gz").exists()
    skipped = run_cli("load", "--skip-bad-rows", str(broken), store=tmp_path / "g.json.gz")
    assert skipped.returncode == 0, skipped.stderr
    assert "skipped 3 malformed rows" in skipped.stdout


def test_loading_the_file_twice_changes_nothing(actor_csv: Path) -> None:
    store = MemoryStore(None)
    load_paths(store, [actor_csv])
    again = load_paths(store, [actor_csv])
    assert not again.result.changed


def test_a_military_faction_splinters_from_its_government(loaded: GraphView) -> None:
    (chavez,) = loaded.find("Military faction (forces of Hugo Chávez)")
    (splinter,) = _edges(loaded, chavez.id, "SPLINTER_OF")
    assert splinter.target == "state:venezuela"
    assert "ActorIdPrev=18" in splinter.sources[0].quote


def test_a_fact_the_graph_cannot_hold_is_named_in_the_notes(actor_csv: Path) -> None:
    report = load_paths(MemoryStore(None), [actor_csv])
    assert report.notes == ["ucdp-actor-221.csv: facts left out: 1 SPLINTER_OF of an actor to itself"]


def test_darul_islam_is_not_isil_a_translated_name_alone_merges_nothing(loaded: GraphView) -> None:
    # UCDP 217, Darul Islam (Indonesia, 1950s), translates as "Islamic State": one of ISIL's aliases
    isil = loaded.node("group:isil")
    assert isil is not None and isil.external_ids == ("ucdp:234",)
    assert "Darul Islam" not in isil.aliases
    darul = loaded.find("ucdp:217")
    assert [n.name for n in darul] == ["Darul Islam"]
    conflicts = loaded.edges_of(["group:isil"], ["IN_CONFLICT_WITH"], "in")["group:isil"]
    assert "state:iraq" in {e.source for e in conflicts}
    assert min(e.since or "9999" for e in conflicts) >= "2004"  # not Indonesia's war of 1953


def test_every_merge_is_listed_with_its_evidence_and_a_decision_splits_it(shared: Path, tmp_path: Path) -> None:
    store, decisions = tmp_path / "g.json.gz", tmp_path / "decisions.yaml"
    decisions.write_text("same: []\ndifferent: []\n", encoding="utf-8")
    env = {"CAACGRAPH_DECISIONS": str(decisions)}
    actor = str(shared / "data" / "ucdp" / "ucdp-actor-221.csv")
    assert run_cli("load", "--reference", actor, store=store, env=env).returncode == 0
    listed = run_cli("resolve", "--merged", "--json", store=store, env=env)
    merges = {m["id"]: m["evidence"] for m in json.loads(listed.stdout)}
    assert merges["group:gatia"] == ["ucdp:5880 is this node by name 'GATIA'"]
    assert merges["coalition:cma"] == ["ucdp:1158 is this node by external id ucdp:1158"]
    # an analyst who disagrees splits it, and the next load keeps the two apart
    decisions.write_text("different:\n  - [group:gatia, ucdp:5880]\n", encoding="utf-8")
    fresh = tmp_path / "fresh.json.gz"
    assert run_cli("load", "--reference", actor, store=fresh, env=env).returncode == 0
    found = json.loads(run_cli("find", "ucdp:5880", "--json", store=fresh, env=env).stdout)
    assert [n["id"] for n in found] != ["group:gatia"] and len(found) == 1
    again = json.loads(run_cli("resolve", "--merged", "--json", store=fresh, env=env).stdout)
    assert "group:gatia" not in {m["id"] for m in again}
