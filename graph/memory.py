"""The embedded store: a networkx ``DiGraph`` in memory, persisted to one gzipped JSON file.

Each node's data is its ``Node`` record. Between two nodes the adjacency holds their one ``Edge``
record or, when they share several facts, a dict of them by key: no networkx attribute dict, and no
``MultiDiGraph`` dict per pair (184 bytes more per relationship each). One fact is one edge whatever
number of sources assert it. Code outside this module reads through ``MemoryView``, never the raw
graph. An index maps every normalised name, alias, id and external id to node ids. Writers hold an
exclusive lock on ``<file>.lock`` (a second writing process is refused, not interleaved), apply
change sets all or nothing, staged in the writer until commit (no view reads an uncommitted fact),
and save with an atomic replace. Views notice a newer file written by
another process and read it.

Each node also has a bit mask of the relationship types it has on each side, so that asking for a
few types of a node's facts skips the nodes that have none of them instead of walking all their
edges (a member's lineage among its thousand citations, say). Facts are never removed from a
live graph (a writer stages its changes and puts them in only on commit), so the masks only ever
gain bits. And each document id lists the records whose sources cite it, so that a document's
facts are found without reading the whole graph; a record replaced by a merge stays listed until
the next lookup of that document drops it.
A node with more than ``HUB`` neighbours on one side also lists them by the types of fact it shares with them,
so that asking a coalition for its three lineage facts does not walk its thousand members.
The names of searchable nodes are arranged for search (``graph.name_table``) on the first search
that needs it, and again after a write changes a node.
"""

from __future__ import annotations

import fcntl
import gc
import itertools
import os
import threading
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path

import networkx as nx

from graph import heap, packed, snapshot
from graph.changeset import ChangeSet
from graph.dates import in_window, window_of
from graph.edge_table import EdgeTable
from graph.errors import CaacgraphError, StoreLockedError
from graph.model import RELATIONSHIPS, Edge, Node
from graph.name_table import SEARCHED, NameTable
from graph.names import match_key
from graph.nodelink import dump_gzip, load_gzip, stale_temporaries
from graph.store import ApplyResult, Direction, GraphStore, GraphView, GraphWriter, Stats, When, plan_merge
from graph.text_index import TextIndex

HUB = 32  # neighbours on one side beyond which a node's facts are also listed by type
Pair = Edge | dict[str, Edge]  # what two nodes share: one fact, or several by key (one object for both ends)

_OUT = {rel: 1 << bit for bit, rel in enumerate(RELATIONSHIPS)}
_IN = {rel: 1 << (bit + len(RELATIONSHIPS)) for bit, rel in enumerate(RELATIONSHIPS)}
_EVERY_OUT = sum(_OUT.values())
_EVERY_IN = sum(_IN.values())


def type_mask(types: Iterable[str] | None, direction: Direction) -> int:
    """The bits of ``types`` (every type when ``None``) on the sides ``direction`` looks at."""
    mask = 0
    if direction != "in":
        mask |= _EVERY_OUT if types is None else sum(_OUT[t] for t in set(types) if t in _OUT)
    if direction != "out":
        mask |= _EVERY_IN if types is None else sum(_IN[t] for t in set(types) if t in _IN)
    return mask


_SERIALS = itertools.count(1)  # a number for each graph object this process makes
_NONE: dict[str, Pair] = {}  # the neighbours of every node without any on a side; put_edge never writes to it


def facts_of(pair: Pair) -> Iterable[Edge]:
    """The facts two nodes share."""
    return (pair,) if isinstance(pair, Edge) else pair.values()


class MemoryGraph:
    """The graph and its indexes; what a view reads and a writer changes."""

    indexes_names = True  # False: no index of names and of sources by document (``PartGraph``)

    def __init__(self) -> None:
        self.graph = nx.DiGraph()
        self.index: dict[str, str | tuple[str, ...]] = {}  # one id as itself: a 1-id tuple costs 48 bytes
        self.masks: dict[str, int] = {}  # node id: the types of its facts, out and in (see type_mask)
        self._shared: dict[int, int] = {}  # one int object per distinct mask (a few hundred in all)
        self.cites: dict[str, list[Node | Edge]] = {}  # document id: the records with a source in it
        self.hubs: dict[tuple[str, bool], dict[str, list[str]]] = {}  # (id, outgoing): type: neighbour ids
        self.kinds: dict[str, int] = {}  # node kind: how many (what ``stats`` answers without a walk)
        self.types: dict[str, int] = {}  # relationship type: how many facts
        self._names: NameTable | None = None  # built by the first search that needs it, dropped by put_node
        self._text: TextIndex | None = None  # the same, for full-text search of paragraphs
        self.serial = next(_SERIALS)  # which graph object, in this process (snapshots get a new one)
        self.revision = 0  # how many commits it has taken

    @classmethod
    def from_records(cls, nodes: Iterable[Node], edges: Iterable[Edge]) -> MemoryGraph:
        """A graph holding these nodes and edges (as read from a file)."""
        memory = cls()
        memory.put_all(nodes, edges)
        return memory

    def __getstate__(self) -> dict[str, object]:
        """What a snapshot keeps (``graph.snapshot``): the records and the order of networkx's three
        dicts and of ``cites`` packed in a few long lists (``graph.packed``) rather than the graph
        object, and the search tables (``indexed`` builds them first)."""
        state = dict(self.__dict__)
        del state["serial"]  # which object in this process: a snapshot read gets a new one
        state["graph"] = self.graph.graph
        state["cites"] = packed.pack(self.graph._node, self.graph._succ, self.graph._pred, self.cites)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        attributes = state.pop("graph")
        # nodes without neighbours on a side share ``_NONE`` again
        nodes, succ, pred, cites = packed.unpack(state.pop("cites"), _NONE)  # type: ignore[arg-type]
        graph = nx.DiGraph()
        graph.graph, graph._node, graph._succ, graph._adj, graph._pred = attributes, nodes, succ, succ, pred
        self.__dict__.update(state, graph=graph, cites=cites, serial=next(_SERIALS))
        # A pickle writes each int again: share one object per distinct mask, as ``put_edge`` does.
        shared, masks = self._shared, self.masks
        shared.clear()
        for node_id, mask in masks.items():
            masks[node_id] = shared.setdefault(mask, mask)

    def indexed(self) -> MemoryGraph:
        """This graph with its search tables built (before a snapshot, or before workers fork)."""
        self.name_table()
        self.text_index()
        return self

    def get(self, node_id: str) -> Node | None:
        node: Node | None = self.graph._node.get(node_id)
        return node

    def get_edge(self, source: str, target: str, key: str) -> Edge | None:
        pair: Pair | None = self.graph._succ.get(source, {}).get(target)
        if isinstance(pair, Edge):
            return pair if pair.key == key else None
        return pair.get(key) if pair else None

    def put_edge(self, edge: Edge) -> None:
        """Store ``edge`` between its ends (both must exist), beside the other facts they share."""
        succ, pred = self.graph._succ, self.graph._pred
        for adjacency, end in ((succ, edge.source), (pred, edge.target)):
            if adjacency[end] is _NONE:  # the node's first neighbour on this side: its own dict now
                adjacency[end] = {}
        pair: Pair | None = succ[edge.source].get(edge.target)
        new_type = new_fact = True
        if pair is None or (isinstance(pair, Edge) and pair.key == edge.key):
            new_type = new_fact = pair is None
            pair = edge
        elif isinstance(pair, Edge):
            new_type = pair.type != edge.type
            pair = {pair.key: pair, edge.key: edge}
        else:
            new_type = not any(e.type == edge.type for e in pair.values())
            new_fact = edge.key not in pair
            pair[edge.key] = edge
        if new_fact:
            self.types[edge.type] = self.types.get(edge.type, 0) + 1
        succ[edge.source][edge.target] = pred[edge.target][edge.source] = pair
        for end, bit in ((edge.source, _OUT[edge.type]), (edge.target, _IN[edge.type])):
            mask = self.masks.get(end, 0) | bit
            self.masks[end] = self._shared.setdefault(mask, mask)
        if new_type:
            for end, other, outgoing, adjacency in (
                (edge.source, edge.target, True, succ),
                (edge.target, edge.source, False, pred),
            ):
                hub = self.hubs.get((end, outgoing))
                if hub is not None:
                    hub.setdefault(edge.type, []).append(other)
                elif len(adjacency[end]) > HUB:
                    self.hubs[(end, outgoing)] = _by_type(adjacency[end])
        if self.indexes_names:
            self._cite(edge)

    def _cite(self, record: Node | Edge) -> None:
        for document in {source.document for source in record.sources}:
            self.cites.setdefault(document, []).append(record)

    def cited(self, document: str) -> list[Node | Edge]:
        """The current records citing ``document``, each once (replaced ones are dropped from the list)."""
        listed = self.cites.get(document, [])
        live = list({id(r): r for r in listed if self._current(r) is r}.values())
        if len(live) != len(listed):
            self.cites[document] = live
        return live

    def _current(self, record: Node | Edge) -> Node | Edge | None:
        if isinstance(record, Node):
            return self.get(record.id)
        return self.get_edge(record.source, record.target, record.key)

    def name_table(self) -> NameTable:
        """The searchable nodes' names for search, built now if a write dropped them (or none was built)."""
        if self._names is None:
            nodes = self.graph._node.values()
            self._names = NameTable.of((n for n in nodes if n.kind in SEARCHED), self.index)
        return self._names

    def text_index(self) -> TextIndex:
        """The paragraphs' words for full-text search, built now if a write dropped them (or none was built)."""
        if self._text is None:
            self._text = TextIndex.of(self.graph._node.values())
        return self._text

    def put_node(self, node: Node) -> None:
        self._names = None
        self._text = None
        old = self.get(node.id)
        if old is not None:
            for key in _keys(old):
                self._unindex(key, old.id)
        else:  # a new node: networkx's adjacency entries (one shared empty dict until it has neighbours)
            self.kinds[node.kind] = self.kinds.get(node.kind, 0) + 1
            self.graph._succ[node.id] = _NONE
            self.graph._pred[node.id] = _NONE
        self.graph._node[node.id] = node
        if not self.indexes_names:
            return
        self._cite(node)
        for key in _keys(node):
            ids = self.ids(key)
            if node.id not in ids:
                self.index[key] = (*ids, node.id) if ids else node.id

    def ids(self, key: str) -> tuple[str, ...]:
        """The ids of the nodes a normalised name stands for."""
        ids = self.index.get(key, ())
        return (ids,) if isinstance(ids, str) else ids

    def _unindex(self, key: str, node_id: str) -> None:
        ids = tuple(i for i in self.ids(key) if i != node_id)
        if ids:
            self.index[key] = ids[0] if len(ids) == 1 else ids
        else:
            self.index.pop(key, None)

    def put_all(self, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
        """Put merged records in the graph: the nodes first, so that every edge finds its ends."""
        for node in nodes:
            self.put_node(node)
        for edge in edges:
            self.put_edge(edge)
        self.revision += 1

    def edges(self) -> Iterator[Edge]:
        """Every fact, source by source."""
        for neighbours in self.graph._succ.values():
            for pair in neighbours.values():
                yield from facts_of(pair)

    def records(self) -> tuple[list[Node], list[Edge]]:
        nodes = [self.graph._node[n] for n in sorted(self.graph._node)]
        edges = sorted(self.edges(), key=lambda e: (e.source, e.type, e.target, e.key))
        return nodes, edges


def _by_type(neighbours: dict[str, Pair]) -> dict[str, list[str]]:
    """A hub's neighbours listed under each type of fact it shares with them."""
    typed: dict[str, list[str]] = {}
    for other, pair in neighbours.items():
        for rel in {edge.type for edge in facts_of(pair)}:
            typed.setdefault(rel, []).append(other)
    return typed


def _keys(node: Node) -> set[str]:
    keys = {match_key(name) for name in node.names()}
    keys |= {match_key(x) for x in node.external_ids} | {match_key(node.id)}
    return keys - {""}


class MemoryView(GraphView):
    """Reads from one ``MemoryGraph`` snapshot."""

    local = True

    def __init__(self, memory: MemoryGraph) -> None:
        self._memory = memory
        self._graph = memory.graph

    def node(self, node_id: str) -> Node | None:
        return self._memory.get(node_id)

    def version(self) -> Hashable | None:
        return self._memory.serial, self._memory.revision

    def nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        wanted = set(kinds) if kinds is not None else None
        for node_id in sorted(self._graph._node):
            node: Node = self._graph._node[node_id]
            if wanted is None or node.kind in wanted:
                yield node

    def find(self, name: str, kinds: Iterable[str] | None = None) -> list[Node]:
        wanted = set(kinds) if kinds is not None else None
        found = [self._graph._node[i] for i in sorted(self._memory.ids(match_key(name)))]
        return [n for n in found if wanted is None or n.kind in wanted]

    def edges_of(
        self,
        node_ids: Iterable[str],
        types: Iterable[str] | None = None,
        direction: Direction = "both",
        at: When = None,
    ) -> dict[str, list[Edge]]:
        # Reads the adjacency dicts directly: networkx's edge views cost twice the filtering itself.
        wanted = frozenset(types) if types is not None else None
        window = window_of(at)
        masks, hubs = self._memory.masks, self._memory.hubs
        sides: list[tuple[dict[str, dict[str, Pair]], bool, int]] = []
        if direction != "in":
            sides.append((self._graph._succ, True, type_mask(types, "out")))
        if direction != "out":
            sides.append((self._graph._pred, False, type_mask(types, "in")))
        result: dict[str, list[Edge]] = {}
        for node_id in node_ids:
            found: list[Edge] = []
            has = masks.get(node_id, 0)
            for adjacency, outgoing, wanted_mask in sides:
                if not has & wanted_mask:  # none of the types asked on this side: skip its edges
                    continue
                neighbours = adjacency[node_id]
                hub = hubs.get((node_id, outgoing)) if wanted is not None else None
                pairs: Iterable[Pair] = neighbours.values()
                if hub is not None and wanted is not None:  # only the neighbours sharing a type asked
                    listed = [other for rel in sorted(wanted) for other in hub.get(rel, ())]
                    pairs = [neighbours[other] for other in (dict.fromkeys(listed) if len(wanted) > 1 else listed)]
                for pair in pairs:
                    if isinstance(pair, Edge):
                        if (wanted is None or pair.type in wanted) and in_window(pair.since, pair.until, window):
                            found.append(pair)
                        continue
                    found += [
                        e
                        for e in pair.values()
                        if (wanted is None or e.type in wanted) and in_window(e.since, e.until, window)
                    ]
            result[node_id] = found
        return result

    def name_table(self) -> NameTable:
        return self._memory.name_table()

    def text_index(self) -> TextIndex:
        return self._memory.text_index()

    def cited(self, document_id: str) -> tuple[list[Node], list[Edge]]:
        records = self._memory.cited(document_id)
        nodes = sorted((r for r in records if isinstance(r, Node)), key=lambda n: n.id)
        edges = sorted((r for r in records if isinstance(r, Edge)), key=lambda e: (e.source, e.type, e.target, e.key))
        return nodes, edges

    def edges(self, types: Iterable[str] | None = None) -> Iterator[Edge]:
        wanted = set(types) if types is not None else None
        for edge in self._memory.edges():
            if wanted is None or edge.type in wanted:
                yield edge

    def stats(self) -> Stats:
        # Counted as records are put, not by a walk: a walk reads every record, and in a forked
        # worker touching a record copies the memory page it shares with the other workers.
        return Stats(dict(sorted(self._memory.kinds.items())), dict(sorted(self._memory.types.items())))


class MemoryWriter(GraphWriter):
    """Holds the store's lock; stages what it applies and puts it in the live graph on commit.

    What ``apply`` merges is kept in the writer (each new record by id or by fact), read before the
    live graph by the writer's own later change sets, and seen by no view until ``commit`` puts it
    in the graph and saves the file: a view opened before (or during) a write never reads a fact that
    is not committed, and ``rollback`` only forgets what was staged.
    """

    def __init__(self, store: MemoryStore, lock_handle: int) -> None:
        self._store = store
        self._lock = lock_handle
        self._nodes: dict[str, Node] = {}
        self._edges = EdgeTable()  # by fact, without a key tuple per fact (``graph.edge_table``)

    def _node(self, node_id: str) -> Node | None:
        return self._nodes.get(node_id) or self._store.memory.get(node_id)

    def _edge(self, edge: Edge) -> Edge | None:
        staged = self._edges.find(edge) if self._edges else None  # nothing staged before the first apply
        return staged or self._store.memory.get_edge(edge.source, edge.target, edge.key)

    def apply(self, changes: ChangeSet) -> ApplyResult:
        with self._store.mutex:
            changes.validate(lambda node_id: getattr(self._node(node_id), "kind", None))
            plan = plan_merge(changes, self._node, self._edge)
        for _, node in plan.nodes:
            self._nodes[node.id] = node
        for _, edge in plan.edges:
            self._edges.put(edge)
        return plan.result

    def commit(self) -> None:
        dirty = bool(self._nodes or self._edges)
        if dirty:
            with self._store.mutex:
                self._store.memory.put_all(self._nodes.values(), self._edges.facts())
        self._nodes, self._edges = {}, EdgeTable()
        if dirty:
            heap.give_back()  # the staging just dropped, and the tables the graph outgrew
        if dirty or (self._store.path is not None and not self._store.path.exists()):
            self._store.save()

    def rollback(self) -> None:
        self._nodes, self._edges = {}, EdgeTable()

    def close(self) -> None:
        if self._lock >= 0:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            os.close(self._lock)
            self._lock = -1


class MemoryStore(GraphStore):
    """The embedded store; ``path=None`` keeps the graph in memory only (tests, benchmarks)."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self.location = str(self.path) if self.path else ":memory:"
        self.mutex = threading.RLock()
        self._signature: tuple[int, int, int] | None = None
        self._background = False
        self._reloader: threading.Thread | None = None
        self.memory = MemoryGraph()
        self.reload()

    def reload_in_background(self) -> None:
        """Read a file another process saved off the request path: a view asked for meanwhile is of the
        graph as it was, and the new one replaces it once read (what a server wants; the command line
        reads the file again before it answers)."""
        self._background = True

    def _stat(self) -> tuple[int, int, int] | None:
        if self.path is None:
            return None
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def reload(self) -> None:
        """Read the file again (or start empty when there is none).

        The graph comes from the binary snapshot beside the file when one was made from this very
        content (``graph.snapshot``); otherwise from the JSON, and a new snapshot is written. The
        collector is off meanwhile: the records hold no cycles, and each full collection would walk
        every record made so far (a million relationships took minutes).
        """
        with self.mutex:
            signature = self._stat()
            if signature is None or self.path is None:
                self.memory = MemoryGraph()
            else:
                collecting = gc.isenabled()
                gc.disable()
                try:
                    self.memory = self._read(self.path)
                finally:
                    if collecting:
                        gc.enable()
                heap.give_back()  # the snapshot's payload and what it was unpacked from
            self._signature = signature

    @staticmethod
    def _read(path: Path) -> MemoryGraph:
        content = snapshot.file_hash(path)
        memory: MemoryGraph | None = snapshot.load(path, MemoryGraph, content)
        if memory is None:
            memory = MemoryGraph.from_records(*load_gzip(path)).indexed()
            snapshot.dump(memory, path, content)
        return memory

    def save(self) -> None:
        """Write the graph to its file atomically (nothing to do for an in-memory store)."""
        if self.path is None:
            return
        with self.mutex:
            dump_gzip(self.path, *self.memory.records())
            self._signature = self._stat()
            snapshot.dump(self.memory.indexed(), self.path)

    def writer(self) -> MemoryWriter:
        handle = -1
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                raise StoreLockedError(
                    f"{self.path} is being written by another process",
                    "wait for that load to finish, then run this command again",
                ) from None
            for leftover in stale_temporaries(self.path):
                leftover.unlink(missing_ok=True)
            try:
                if self._stat() != self._signature:
                    self.reload()
            except BaseException:
                fcntl.flock(handle, fcntl.LOCK_UN)
                os.close(handle)
                raise
        return MemoryWriter(self, handle)

    def view(self) -> MemoryView:
        current = self.memory
        if self.path is not None and self._stat() != self._signature:
            if not self._background:
                self.reload()
                return MemoryView(self.memory)
            self._reload_soon()
        return MemoryView(current)

    def _reload_soon(self) -> None:
        with self.mutex:
            if self._reloader is not None and self._reloader.is_alive():
                return
            self._reloader = threading.Thread(target=self._reload_quietly, name="caacgraph-reload", daemon=True)
            self._reloader.start()

    def _reload_quietly(self) -> None:
        try:
            self.reload()
        except CaacgraphError:  # a damaged file: keep serving the graph as it was, try again on the next view
            self._signature = None
