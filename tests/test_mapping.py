"""The mapping loader on the action-plans example: a researcher's table read through its mapping file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.errors import LoadError
from graph.memory import MemoryStore
from loaders.base import LoadOptions
from loaders.mapping import MappingLoader
from loaders.native import NativeLoader
from loaders.registry import REFERENCE_DIR, load_paths, loader_for, reference_files

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "action-plans"


def test_a_mapping_file_beside_the_data_wins() -> None:
    assert isinstance(loader_for(EXAMPLE / "action-plans.csv"), MappingLoader)
    assert isinstance(loader_for(EXAMPLE / "action-plans.mapping.yaml"), MappingLoader)
    assert isinstance(loader_for(REFERENCE_DIR / "un.yaml"), NativeLoader)


def test_action_plans_signed_covering_and_cited() -> None:
    store = MemoryStore(None)
    load_paths(store, [*reference_files(), EXAMPLE])
    view = store.view()
    signed = {
        (e.source, e.properties["role"]): e
        for e in view.edges_of(["commitment:cma-action-plan-2017-03"], ["SIGNED"], "in")[
            "commitment:cma-action-plan-2017-03"
        ]
    }
    assert set(signed) == {
        ("coalition:cma", "party"),
        ("un:united-nations", "counterparty"),
        ("un:srsg-caac", "witness"),
    }
    party = signed[("coalition:cma", "party")]
    assert party.since == "2017-03"
    (source,) = party.sources
    assert (source.document, source.locator) == ("doc:mali-cma-signe-plan-d-action-osrsg-caac-2017-03-fr", "1")
    assert "a signé un plan d’action avec les Nations Unies" in source.quote
    covers = {
        e.target
        for e in view.edges_of(["commitment:fprc-action-plan-2019-07"], ["COVERS"], "out")[
            "commitment:fprc-action-plan-2019-07"
        ]
    }
    assert len(covers) == 6
    assert "violation:denial-of-humanitarian-access" in covers
    # "Mouvement Patriotique pour la Centrafrique (MPC)": the full name, with its acronym as an alias
    mpc = view.node("group:mpc")
    assert mpc is not None
    assert mpc.name == "Mouvement Patriotique pour la Centrafrique"
    assert "MPC" in mpc.aliases
    # the curated name wins over the table's spelling, which is kept as an alias
    cma = view.node("coalition:cma")
    assert cma is not None
    assert cma.name == "Coordination des mouvements de l'Azawad"
    assert view.node("doc:car-fprc-action-plan-signed-osrsg-caac-2019-07-05") is not None


@pytest.mark.shared
def test_a_table_party_and_a_ucdp_actor_meet_on_one_node(shared: Path) -> None:
    store = MemoryStore(None)
    load_paths(store, [EXAMPLE, shared / "data" / "ucdp" / "ucdp-actor-221.csv"])
    mpc = store.view().node("group:mpc")
    assert mpc is not None
    assert "ucdp:6354" in mpc.external_ids
    assert {s.document for s in mpc.sources} == {
        "doc:car-mpc-action-plan-signed-osrsg-caac-2018-06-14",
        "doc:ucdp-actor-22-1",
    }


def _copy_with(tmp_path: Path, replace: tuple[str, str]) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(EXAMPLE, folder)
    table = folder / "action-plans.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(*replace, 1), encoding="utf-8")
    return folder


def test_a_bad_row_is_reported_with_its_line_and_skipped_only_when_asked(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, (",ArmedGroup,2018-06-14,", ",Armed Group,2018-06-14,"))
    store = MemoryStore(None)
    with pytest.raises(LoadError) as caught:
        load_paths(store, [folder / "action-plans.csv"])
    assert "line 3" in str(caught.value)
    assert "'Armed Group' is not one of" in str(caught.value)
    assert store.view().stats().node_count == 0
    report = load_paths(store, [folder / "action-plans.csv"], LoadOptions(skip_bad_rows=True))
    assert any("skipped 1 malformed rows" in note for note in report.notes)
    assert store.view().node("commitment:mpc-action-plan-2018-06") is None
    assert store.view().node("commitment:fprc-action-plan-2019-07") is not None


def test_a_malformed_date_is_the_rows_fault(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, (",2019-07-05,United Nations,", ",5 July 2019,United Nations,"))
    with pytest.raises(LoadError, match=r"line 4.*malformed date"):
        load_paths(MemoryStore(None), [folder])


def test_a_mapping_naming_a_missing_column_is_reported_against_the_mapping(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    shutil.copytree(EXAMPLE, folder)
    mapping = folder / "action-plans.mapping.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace('"{signed}"', '"{signed_on}"', 1), "utf-8")
    with pytest.raises(LoadError, match=r"action-plans.mapping.yaml.*'signed_on'"):
        load_paths(MemoryStore(None), [folder / "action-plans.csv"])


def test_json_and_yaml_tables_read_like_csv(tmp_path: Path) -> None:
    rows = "\n".join(
        [
            "- {id: 'res:1612-2005', number: 1612, year: 2005, doc: 'res:1612-2005'}",
            "- {id: 'res:2427-2018', number: 2427, year: 2018, doc: 'res:2427-2018'}",
        ]
    )
    (tmp_path / "res.yaml").write_text(rows + "\n", encoding="utf-8")
    (tmp_path / "res.json").write_text(
        '[{"id": "res:1612-2005", "number": 1612, "year": 2005, "doc": "res:1612-2005"},'
        ' {"id": "res:2427-2018", "number": 2427, "year": 2018, "doc": "res:2427-2018"}]',
        encoding="utf-8",
    )
    mapping = (
        "nodes:\n  - {id: '{id}', kind: Resolution, name: 'resolution {number} ({year})', "
        "properties: {number: '{number}'}}\nsources: {document: '{doc}', locator: heading}\n"
    )
    (tmp_path / "res.mapping.yaml").write_text(mapping, encoding="utf-8")
    (tmp_path / "res.json.mapping.yaml").write_text(mapping, encoding="utf-8")
    for table in ("res.yaml", "res.json"):
        store = MemoryStore(None)
        load_paths(store, [tmp_path / table])
        node = store.view().node("res:2427-2018")
        assert node is not None
        assert node.name == "resolution 2427 (2018)"
