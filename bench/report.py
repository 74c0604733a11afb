"""The figures of one ``bench.scale`` run as the Markdown tables ``docs/benchmarks.md`` keeps.

    python -m bench.report .caacgraph/bench.json > .caacgraph/bench.md

One table per graph (each named query in-process with its answer's size, LadybugDB beside the three
targeted ones, over HTTP, and on the Bolt store when it was measured), the load and memory of
the embedded store at each scale, requests per second of the trivial queries, the exports, and
each of issue 7's targets with the figure measured against it. Nothing is measured here.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.exports import TARGETS as EXPORT_TARGETS
from bench.workload import TARGETED

MEMORY_TARGET = 600  # bytes per relationship
QUERY_TARGET_MS = 5.0  # p95 of boundBy, members and coexisting at 1M relationships
HTTP_TARGET_MS = 25.0  # p95 over HTTP of every named query's default page, concurrency 4 (issues 7 and 14)
TRIVIAL_TARGET = 2_000  # requests per second, 2 workers


def _ms(value: float | None) -> str:
    if value is None:
        return ""
    if value < 0.01:
        return "< 0.01"
    if value < 1:
        return f"{value:.2f}"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _pair(row: dict[str, Any] | None) -> str:
    """``p50 / p95`` of a row with ``p50_ms`` and ``p95_ms``, or empty."""
    return f"{_ms(row['p50_ms'])} / {_ms(row['p95_ms'])}" if row else ""


def graph_table(graph: dict[str, Any]) -> Iterator[str]:
    """One row per case: answer size, in-process, LadybugDB and the ratio, HTTP, Bolt."""
    http = {row["name"]: row for row in graph.get("http", {}).get("cases", [])}
    bolt_store = graph.get("bolt", {}).get("store", "")
    bolt = {row["case"]: row for row in graph.get("bolt", {}).get("cases", [])}
    ladybug = graph.get("ladybug", {})
    yield f"**{graph['graph']}**: {graph['nodes']:,} nodes, {graph['relationships']:,} relationships."
    yield ""
    header = "| case | facts | distinct | in-process ms | LadybugDB ms | ours / Ladybug (p95) | HTTP ms | HTTP KB |"
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|"
    if bolt:
        header += " Bolt ms |"
        rule += "---:|"
    yield header
    yield rule
    for name, ours in graph["inprocess"].items():
        theirs = ladybug.get(name)
        ratio = f"{ours['p95_ms'] / theirs['p95_ms']:.2f}" if theirs else ""
        web = http.get(name)
        size = f"{web['bytes'] / 1000:,.1f}" if web else ("not timed" if name in http_left_out(graph) else "")
        distinct = f"{ours['distinct']:,}" if "distinct" in ours else ""
        row = f"| {name} | {ours['facts']:,} | {distinct} | {_pair(ours)} | {_pair(theirs)} | {ratio} "
        row += f"| {_pair(web)} | {size} |"
        if bolt:
            row += f" {_pair(bolt.get(name))} |"
        yield row
    yield ""
    yield "Milliseconds are p50 / p95. *facts*: the facts the answer carries, each time it appears;"
    yield "*distinct*: different relationships among them. In process: the whole answer, computed each call."
    if graph.get("http"):
        yield "HTTP: one default page, asked again by 4 clients; from the second ask a worker answers with the"
        yield "response it kept (`CAACGRAPH_RESPONSE_CACHE=0` in the environment times executing each page)."
    if bolt_store:
        load = graph["bolt"]
        yield f"Bolt: {bolt_store}, loaded in {load['load_seconds']} s ({load['relationships_per_second']:,}/s)."
    if "load_seconds" in ladybug:
        yield f"LadybugDB loaded the same graph (COPY from CSV) in {ladybug['load_seconds']} s."
    if "skipped" in ladybug:
        yield f"LadybugDB: {ladybug['skipped']}."


def http_left_out(graph: dict[str, Any]) -> list[str]:
    left: list[str] = graph.get("http", {}).get("left_out", [])
    return left


def memory_table(graphs: Sequence[dict[str, Any]]) -> Iterator[str]:
    yield "| relationships | nodes | load s | relationships/s | bytes per relationship (RSS growth) |"
    yield "|---:|---:|---:|---:|---:|"
    for graph in graphs:
        memory = graph.get("memory")
        if memory:
            yield (
                f"| {memory['relationships']:,} | {memory['nodes']:,} | {memory['apply_seconds']} "
                f"| {memory['relationships_per_second']:,} | {memory['bytes_per_relationship_rss']:,} |"
            )


def trivial_table(graphs: Sequence[dict[str, Any]]) -> Iterator[str]:
    yield "| graph | query | requests/s | server CPU ms per request |"
    yield "|---|---|---:|---:|"
    for graph in graphs:
        for row in graph.get("http", {}).get("trivial", []):
            yield (
                f"| {graph['graph']} | `{row['query']}` | {row['requests_per_second']:,} "
                f"| {row['server_cpu_ms_per_request']:.2f} |"
            )


def serving_table(graphs: Sequence[dict[str, Any]]) -> Iterator[str]:
    yield (
        "| graph | store file MB | ready s | resident MB of each process of the server (supervisor, workers) "
        "| whole server MB (PSS) |"
    )
    yield "|---|---:|---:|---|---:|"
    for graph in graphs:
        http = graph.get("http")
        if http and "ready_seconds" in http:
            resident = ", ".join(f"{mb:,.0f}" for mb in http["process_rss_mb"])
            pss = f"{http['server_pss_mb']:,.0f}" if "server_pss_mb" in http else ""
            yield f"| {graph['graph']} | {http['store_file_mb']:,} | {http['ready_seconds']} | {resident} | {pss} |"


def exports_table(exports: dict[str, Any]) -> Iterator[str]:
    yield f"Subgraph of {exports['nodes']:,} nodes and {exports['relationships']:,} relationships."
    yield ""
    yield "| format | seconds | MB | target s |"
    yield "|---|---:|---:|---:|"
    for fmt, row in exports["formats"].items():
        target = EXPORT_TARGETS.get(fmt, "")
        yield f"| {fmt} | {row['seconds']:.2f} | {row['bytes'] / 1e6:.1f} | {target} |"


def targets(results: dict[str, Any]) -> Iterator[str]:
    """Each target of issue 7 with what was measured against it."""
    graphs = [g for g in results["graphs"] if g["graph"].startswith("synthetic")]
    yield "| target | measured | met |"
    yield "|---|---|---|"
    for graph in graphs:
        memory = graph.get("memory")
        if memory:
            value = memory["bytes_per_relationship_rss"]
            met = _met(value <= MEMORY_TARGET)
            yield f"| memory ≤ {MEMORY_TARGET} B/relationship, {graph['graph']} | {value:,} B (RSS) | {met} |"
    largest = max(graphs, key=lambda g: g["relationships"], default=None)
    if largest is not None:
        for name, ours in largest["inprocess"].items():
            if name.split(" (")[0] in TARGETED:
                theirs = largest.get("ladybug", {}).get(name)
                faster = theirs is not None and ours["p95_ms"] <= theirs["p95_ms"]
                yield (
                    f"| {name} p95 ≤ {QUERY_TARGET_MS:g} ms at {largest['relationships']:,} | {_ms(ours['p95_ms'])} ms "
                    f"({ours['facts']:,} facts) | {_met(ours['p95_ms'] <= QUERY_TARGET_MS)} |"
                )
                if theirs is not None:
                    yield (
                        f"| {name} no slower than LadybugDB | {_ms(ours['p95_ms'])} vs {_ms(theirs['p95_ms'])} ms "
                        f"| {_met(faster)} |"
                    )
    for graph in graphs:
        for row in graph.get("http", {}).get("cases", []):
            yield (
                f"| HTTP p95 ≤ {HTTP_TARGET_MS:g} ms, {row['name']}'s default page, {graph['graph']} "
                f"| {_ms(row['p95_ms'])} ms | {_met(row['p95_ms'] <= HTTP_TARGET_MS)} |"
            )
        for row in graph.get("http", {}).get("trivial", [])[:1]:
            rate = row["requests_per_second"]
            yield (
                f"| trivial query ≥ {TRIVIAL_TARGET:,} requests/s, {graph['graph']} | {rate:,}/s "
                f"| {_met(rate >= TRIVIAL_TARGET)} |"
            )
    exports = results.get("exports")
    if exports:
        for fmt, limit in EXPORT_TARGETS.items():
            seconds = exports["formats"][fmt]["seconds"]
            yield f"| export {fmt} < {limit:g} s | {seconds:.2f} s | {_met(seconds < limit)} |"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def report(results: dict[str, Any]) -> str:
    """Every table of a run, with the machine it ran on."""
    machine = results["machine"]
    lines = [
        f"Measured {machine['date']} on Python {machine['python']}, {machine['machine']}, {machine['cpus']} cores, "
        f"{machine['memory_gib']} GiB (load average {machine['load_average_at_start']} at the start).",
        "",
        "### Embedded store: load and memory",
        "",
        *memory_table(results["graphs"]),
        "",
        "### Named queries",
    ]
    for graph in results["graphs"]:
        lines += ["", *graph_table(graph)]
    if any("http" in g for g in results["graphs"]):
        lines += [
            "",
            "### Serving: `caacgraph serve --workers 2` on the store file",
            "",
            *serving_table(results["graphs"]),
        ]
        lines += [
            "",
            "### Trivial queries over HTTP (2 workers, 16 connections)",
            "",
            *trivial_table(results["graphs"]),
        ]
    if "exports" in results:
        lines += ["", "### Exports", "", *exports_table(results["exports"])]
    lines += ["", "### Against the targets", "", *targets(results)]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    """Print the report of the JSON file ``bench.scale --json`` wrote."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", type=Path, help="the file bench.scale --json wrote")
    args = parser.parse_args(argv)
    print(report(json.loads(args.figures.read_text(encoding="utf-8"))), end="")


if __name__ == "__main__":
    main()
