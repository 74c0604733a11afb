"""Synthetic CAAC graphs at any scale, deterministic by seed, with the degree skew of real data.

``generate(relationships, seed)`` returns a ``ChangeSet`` of about that many relationships:
states with regions, coalitions whose dated memberships churn, armed groups operating in regions,
alliances and conflicts, action plans signed by coalitions and binding their members, and documents
whose statements are addressed to actors, mention them and cite resolutions. Popular targets (a
few coalitions, regions and resolutions) draw most edges, as in the real reports.

    python -m bench.generate --scale 10000 --output /tmp/synthetic.json.gz
"""

from __future__ import annotations

import argparse
import itertools
import random
from collections.abc import Sequence
from pathlib import Path

from graph.changeset import ChangeSet
from graph.model import Source
from graph.nodelink import dump_gzip


class _Skewed:
    """Picks from a list with Zipf-like weights: the first items are chosen far more often."""

    def __init__(self, items: Sequence[str], rng: random.Random, exponent: float = 1.1) -> None:
        self.items = list(items)
        self.rng = rng
        self.weights = list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))

    def pick(self) -> str:
        return self.rng.choices(self.items, cum_weights=self.weights)[0]


def _year(rng: random.Random, low: int = 1999, high: int = 2024) -> int:
    return rng.randint(low, high)


def _month(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}"


class _Builder:
    """Builds one synthetic graph: the nodes first, then relationships until the budget is spent."""

    def __init__(self, relationships: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.target = relationships
        self.changes = ChangeSet(label=f"synthetic {relationships} seed {seed}")
        self.plans = 0

    def sources(self, rule: str) -> list[Source]:
        count = 1 if self.rng.random() < 0.8 else 2
        return [
            Source(
                self.docs.pick(),
                f"{self.rng.randint(1, 60)} ({chr(97 + self.rng.randint(0, 20))})",
                "words of the paragraph that supports the fact",
                rule,
            )
            for _ in range(count)
        ]

    def nodes(self) -> None:
        n_groups = max(20, self.target // 25)
        documents = [f"doc:synthetic-{i}" for i in range(max(5, self.target // 60))]
        for i, doc in enumerate(documents):
            year = 1999 + i % 26
            self.changes.node(
                doc,
                "Document",
                f"Report {i} on children and armed conflict",
                symbol=f"S/{year}/{i}",
                date=_month(self.rng, year),
                doc_type="sg_report",
            )
        self.docs = _Skewed(documents, self.rng, 0.5)
        resolutions = [f"res:{1261 + i * 37}-{1999 + i % 26}" for i in range(40)]
        for rid in resolutions:
            number, year = (int(x) for x in rid[4:].split("-"))
            self.changes.node(rid, "Resolution", f"Resolution {number} ({year})", number=number, year=year)
        self.resolutions = _Skewed(resolutions, self.rng)
        self.places(max(5, self.target // 2000))
        coalitions = [f"coalition:c{i}" for i in range(max(3, n_groups // 12))]
        for i, coalition in enumerate(coalitions):
            self.changes.node(coalition, "Coalition", f"Coordination of Movements {i}", aliases=[f"CM{i}"])
        self.coalitions = _Skewed(coalitions, self.rng)
        groups = [f"group:g{i}" for i in range(n_groups)]
        for i, group in enumerate(groups):
            self.changes.node(
                group,
                "ArmedGroup",
                f"Armed Movement {i}",
                aliases=[f"AM{i}", f"Mouvement armé {i}"],
                external_ids=[f"ucdp:{10000 + i}"],
            )
        self.groups = _Skewed(groups, self.rng, 0.6)

    def places(self, n_states: int) -> None:
        states, regions = [], []
        for i in range(n_states):
            state, country = f"state:s{i}", f"region:s{i}"
            states.append(state)
            self.changes.node(state, "State", f"State {i}", aliases=[f"Government of State {i}"], iso3=f"S{i:02d}")
            self.changes.node(country, "Region", f"State {i}", level="country")
            regions.append(country)
            for j in range(self.rng.randint(2, 8)):
                region = f"region:s{i}-r{j}"
                self.changes.node(region, "Region", f"Region {j} of State {i}", level="subnational")
                self.changes.edge(region, "PART_OF", country, sources=self.sources("synthetic:part-of"))
                regions.append(region)
        self.regions = _Skewed(regions, self.rng, 0.8)
        self.states = _Skewed(states, self.rng)

    def member(self) -> None:
        since = _year(self.rng)
        until = None if self.rng.random() < 0.6 else str(min(2025, since + self.rng.randint(1, 8)))
        self.changes.edge(
            self.groups.pick(),
            "MEMBER_OF",
            self.coalitions.pick(),
            since=str(since),
            until=until,
            sources=self.sources("synthetic:member"),
        )

    def operates(self) -> None:
        actor = self.groups.pick() if self.rng.random() < 0.8 else self.coalitions.pick()
        since = _year(self.rng)
        until = str(since + self.rng.randint(0, 10)) if self.rng.random() < 0.5 else None
        self.changes.edge(
            actor,
            "OPERATES_IN",
            self.regions.pick(),
            since=str(since),
            until=until,
            sources=self.sources("synthetic:operates"),
        )

    def relate(self, rel: str) -> None:
        a = self.groups.pick()
        b = self.groups.pick() if self.rng.random() < 0.7 else self.states.pick()
        if a != b:
            since = _year(self.rng)
            self.changes.edge(
                a,
                rel,
                b,
                since=str(since),
                until=str(since + self.rng.randint(0, 6)),
                sources=self.sources(f"synthetic:{rel.lower()}"),
            )

    def plan(self) -> None:
        self.plans += 1
        coalition, year = self.coalitions.pick(), _year(self.rng, 2005)
        plan = f"commitment:plan-{self.plans}"
        self.changes.node(
            plan, "Commitment", f"Action plan {self.plans}", category="action_plan", date=_month(self.rng, year)
        )
        self.changes.edge(
            coalition,
            "SIGNED",
            plan,
            since=_month(self.rng, year),
            role="party",
            sources=self.sources("synthetic:signed"),
        )
        self.changes.edge(plan, "BINDS", coalition, scope="all_members", sources=self.sources("synthetic:binds"))

    def statement(self) -> None:
        doc = self.docs.pick()
        statement = f"statement:{doc.split(':')[1]}:{len(self.changes.nodes)}"
        self.changes.node(
            statement,
            "Statement",
            f"Paragraph of {doc}",
            verb=self.rng.choice(["urging", "welcoming"]),
            locator=str(self.rng.randint(1, 40)),
            text="Urging all parties to end and prevent violations",
        )
        self.changes.edge(statement, "PART_OF", doc, sources=self.sources("synthetic:part-of"))
        self.changes.edge(statement, "ADDRESSED_TO", self.groups.pick(), sources=self.sources("synthetic:addressed"))
        self.changes.edge(statement, "CITES", self.resolutions.pick(), sources=self.sources("synthetic:cites"))

    def build(self) -> ChangeSet:
        self.nodes()
        steps = [
            self.member,
            self.operates,
            self.operates,
            lambda: self.relate("ALLIED_WITH"),
            lambda: self.relate("IN_CONFLICT_WITH"),
            self.plan,
            self.statement,
            self.statement,
            self.statement,
        ]
        for _ in range(4 * self.target):  # bounded: repeats merge, so a step may add nothing
            if len(self.changes.edges) >= self.target:
                break
            self.rng.choice(steps)()
        return self.changes


def generate(relationships: int, seed: int = 1) -> ChangeSet:
    """A synthetic graph of about ``relationships`` relationships, the same for the same seed."""
    return _Builder(relationships, seed).build()


def main(argv: Sequence[str] | None = None) -> None:
    """Write a synthetic graph as a gzipped node-link file that ``caacgraph load`` reads."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10_000, help="relationships (1k to 1M)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    changes = generate(args.scale, args.seed)
    dump_gzip(args.output, changes.nodes.values(), changes.edges.values())
    print(f"{args.output}: {len(changes.nodes)} nodes, {len(changes.edges)} relationships")


if __name__ == "__main__":
    main()
