"""The UCDP/PRIO Armed Conflict Dataset loader: the pandas copy in ../shared and the original layout."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from graph.memory import MemoryStore
from graph.nodelink import to_document
from graph.store import GraphView
from loaders.base import LoadContext
from loaders.registry import load_paths, loader_for
from loaders.tabular import BadRows, read_csv_lines
from loaders.ucdp_acd import UcdpAcdLoader

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def ucdp(shared: Path) -> Path:
    return shared / "data" / "ucdp"


def _export(view: GraphView) -> str:
    edges = sorted(view.edges(), key=lambda e: (e.source, e.type, e.target, e.key))
    return json.dumps(to_document(view.nodes(), edges), sort_keys=True, ensure_ascii=False)


def test_every_conflict_year_row_is_read(ucdp: Path) -> None:
    path = ucdp / "ucdp-prio-acd-221.csv"
    bad = BadRows(path)
    columns, rows = read_csv_lines(path, bad, drop_index=True)
    assert len(list(rows)) == 2568
    assert bad.problems == []
    assert columns[0] == "conflict_id"
    assert isinstance(loader_for(path), UcdpAcdLoader)


def test_conflict_years_fold_into_spans_cited_to_their_rows(ucdp: Path) -> None:
    store = MemoryStore(None)
    load_paths(store, [ucdp / "ucdp-prio-acd-221.csv"])
    view = store.view()
    fights = [
        e
        for e in view.edges_of(["state:mali"], ["IN_CONFLICT_WITH"], "out")["state:mali"]
        if e.target == "coalition:cma" and e.properties["role"] == "primary"
    ]
    spans = sorted((e.since, e.until, tuple(s.locator for s in e.sources)) for e in fights)
    assert spans == [("2012", "2012", ("row 2171",)), ("2014", "2015", ("row 2172", "row 2173"))]
    assert {e.properties["location"] for e in fights} == {"Mali"}
    assert all(e.sources[0].document == "doc:ucdp-prio-acd-22-1" for e in fights)
    where = view.edges_of(["coalition:cma"], ["OPERATES_IN"], "out")["coalition:cma"]
    assert {(e.target, e.since, e.until) for e in where} >= {("region:mali", "2014", "2015")}
    france = view.edges_of(["state:france"], ["IN_CONFLICT_WITH"], "out")["state:france"]
    assert any(e.target == "coalition:jnim" and e.properties["role"] == "secondary" for e in france)
    doc = view.node("doc:ucdp-prio-acd-22-1")
    assert doc is not None
    assert doc.properties["version"] == "22.1"


def test_side_names_come_from_the_actor_file_not_their_order(ucdp: Path) -> None:
    # 2020: side_b "CPC, UPC" with side_b_id "5999, 7870": UCDP sorts names and ids separately.
    store = MemoryStore(None)
    load_paths(store, [ucdp])
    view = store.view()
    upc = view.find("ucdp:5999")
    assert [n.name for n in upc] == ["UPC"]
    assert "UPC" not in view.find("ucdp:7870")[0].aliases


def test_the_original_layout_gives_the_same_graph(ucdp: Path, tmp_path: Path) -> None:
    original = tmp_path / "original"
    original.mkdir()
    with (ucdp / "ucdp-prio-acd-221.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    version = rows[0].index("version")
    with (original / "ucdp-prio-acd-221.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for index, row in enumerate(rows):
            if index and row[version] == "22,1":
                row[version] = "22.1"
            writer.writerow(row[1:])  # no pandas index column
    assert (original / "ucdp-prio-acd-221.csv").read_text(encoding="utf-8").startswith("conflict_id,")
    shutil.copy(ucdp / "ucdp-actor-221.csv", original / "ucdp-actor-221.csv")
    pandas_copy = tmp_path / "pandas"
    pandas_copy.mkdir()
    for name in ("ucdp-prio-acd-221.csv", "ucdp-actor-221.csv"):
        shutil.copy(ucdp / name, pandas_copy / name)
    stores = []
    for folder in (original, pandas_copy):
        store = MemoryStore(None)
        with store.writer() as writer:  # what a writer applies is seen once it commits
            writer.apply(UcdpAcdLoader().load(folder / "ucdp-prio-acd-221.csv", LoadContext()))
        stores.append(_export(store.view()))
    assert stores[0] == stores[1]
    assert '"doc:ucdp-prio-acd-22-1"' in stores[0]
