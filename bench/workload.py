"""The queries a benchmark runs: each named query with arguments picked from the graph it runs on.

``workload(view)`` returns ``Case``s: a named query, the arguments ``queries.run`` takes, and the
same question as GraphQL for the HTTP run. For the three queries the targets name (``boundBy``,
``members``, ``coexisting``) there are two cases: the **hub** (the coalition with the most members,
the plan binding it, the region with the most actors present: the largest answer, which grows with
the graph) and a **typical** one (the median entity of the same kind, whose answer stays about the
same size as the graph grows). The other queries get one case each, on the hub's side of the graph.
The picks depend only on the graph, so two stores holding the same graph get the same cases.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphView

TARGETED = ("boundBy", "members", "coexisting")


@dataclass(frozen=True)
class Case:
    """One query to time: ``queries.run(view, query, *args, **kwargs)``, and ``graphql`` over HTTP."""

    query: str
    label: str  # "hub", "typical" or "" (one case)
    args: tuple[Any, ...]
    graphql: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """``members (hub)``: how tables name the case."""
        return f"{self.query} ({self.label})" if self.label else self.query


def _gql(field_name: str, selection: str, **arguments: Any) -> str:
    """``{ field(name: "value", ...) { selection } }``, arguments given in GraphQL's own names."""
    given = ", ".join(f"{name}: {json.dumps(value)}" for name, value in arguments.items() if value is not None)
    return f"{{ {field_name}({given}) {{ {selection} }} }}"


def _ranked(counts: Counter[str]) -> tuple[str, str] | None:
    """The id with the largest count and the median one (ties broken by id), or None when empty."""
    if not counts:
        return None
    ordered = sorted(counts, key=lambda i: (-counts[i], i))
    return ordered[0], ordered[len(ordered) // 2]


def _in_degree(view: GraphView, rel: str, kinds: set[str]) -> Counter[str]:
    """How many ``rel`` facts point at each node of ``kinds`` (one pass over that type's edges)."""
    wanted = {n.id for n in view.nodes(kinds)}
    return Counter(e.target for e in view.edges([rel]) if e.target in wanted)


MEMBERS = "members { actor { id name } since until fact { sources { locator } } } changes { change date fact { type } }"
BOUND = "at bound { actor { id name } via { id } since chain { type sources { locator document { id } } } }"
PRESENT = "present { actor { id } } relations { a { id } b { id } relation chain { type sources { locator } } }"
EDGE = "type source { id } target { id }"
FACT = f"fact {{ {EDGE} }}"


def workload(view: GraphView, at: str | None = "2010") -> list[Case]:
    """The cases for ``view``'s graph; ``at`` is the date asked where a query takes one."""
    cases: list[Case] = []
    sizes = _in_degree(view, "MEMBER_OF", {"Coalition"})
    coalitions = _ranked(sizes)
    for label, coalition in zip(("hub", "typical"), coalitions or (), strict=False):
        graphql = _gql("members", MEMBERS, coalition=coalition, at=at)
        cases.append(Case("members", label, (coalition, at), graphql))
    binds = sorted(view.edges(["BINDS"]), key=lambda e: (-sizes[e.target], e.source))
    if binds:
        for label, edge in (("hub", binds[0]), ("typical", binds[len(binds) // 2])):
            graphql = _gql("boundBy", BOUND, commitment=edge.source, at=at)
            cases.append(Case("boundBy", label, (edge.source, at), graphql))
    regions = _ranked(_in_degree(view, "OPERATES_IN", {"Region"}))
    for label, region in zip(("hub", "typical"), regions or (), strict=False):
        graphql = _gql("coexisting", PRESENT, region=region, at=at)
        cases.append(Case("coexisting", label, (region, at), graphql))
    return cases + _others(view, coalitions[0] if coalitions else None)


def _swapped(name: str) -> str:
    """``name`` with two neighbouring letters of its first long word swapped: a typo search still finds."""
    words = name.split()
    for i, word in enumerate(words):
        if len(word) >= 5:
            words[i] = word[:2] + word[3] + word[2] + word[4:]
            return " ".join(words)
    return name


def _others(view: GraphView, coalition: str | None) -> list[Case]:
    """One case for each other named query, where the graph has what it needs."""
    cases: list[Case] = []
    addressed = _ranked(Counter(e.target for e in view.edges(["ADDRESSED_TO"])))
    cited = _ranked(Counter(e.target for e in view.edges(["CITES"])))
    parts = _ranked(Counter(e.target for e in view.edges(["PART_OF"]) if e.target.startswith("doc:")))
    if coalition:
        links = "links { commitment { id name } how date chain { sources { locator } } }"
        drawn = "truncated nodes { id kind name } edges { source target type }"
        cases += [
            Case("commitments", "", (coalition,), _gql("commitments", links, actor=coalition)),
            Case("neighborhood", "", (coalition,), _gql("neighborhood", drawn, id=coalition, depth=1), {"depth": 1}),
            Case("timeline", "", (coalition,), _gql("timeline", f"nodes {{ date {FACT} }}", actor=coalition)),
        ]
    hub = view.node(coalition) if coalition else None
    if hub is not None:  # an exact name (an index lookup), two of its words, and its name misspelt
        name = min(hub.names(), key=len)  # UCDP's names of coalitions run to 300 characters
        words = " ".join(hub.name.split()[:2])
        typo = _swapped(hub.name[:40])
        cases.append(Case("search", "exact", (name,), _gql("search", "id name", text=name)))
        cases.append(Case("search", "words", (words,), _gql("search", "id name", text=words)))
        cases.append(Case("search", "typo", (typo,), _gql("search", "id name", text=typo)))
    if addressed:
        actor = addressed[1]
        hits = "statement { id } addressees { target { id } sources { locator } }"
        graphql = _gql("statements", hits, addressedTo=actor)
        cases.append(Case("statements", "", (), graphql, {"addressed_to": actor}))
        if coalition:
            walked = "paths { length facts { type source { id } target { id } } }"
            graphql = _gql("path", walked, **{"from": actor, "to": coalition, "maxHops": 3})
            cases.append(Case("path", "", (actor, coalition), graphql, {"max_hops": 3}))
    if cited:
        graphql = _gql("citations", "nodes { citing { id } fact { sources { locator } } }", of=cited[1])
        cases.append(Case("citations", "", (cited[1],), graphql))
    if parts:
        document = parts[1]
        paragraphs = f"paragraphs {{ locator facts {{ {EDGE} }} }}"
        cases += [
            Case("cites", "", (document,), _gql("cites", "citing { id } cited { id }", document=document)),
            Case("documentFacts", "", (document,), _gql("documentFacts", paragraphs, document=document)),
        ]
    return cases
