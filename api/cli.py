"""The ``caacgraph`` command line: load, serve, export, stats, show, find, resolve, copy, schema.

Every command takes ``--store`` (or ``CAACGRAPH_STORE``). Errors caacgraph expects (bad input, a
locked or damaged store) print one line on stderr and exit with status 2; nothing is written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.settings import Settings
from graph.errors import CaacgraphError, NotFoundError
from graph.model import Node
from graph.nodelink import check_gzip
from graph.open import is_bolt, open_store
from graph.resolve import Decisions
from graph.store import GraphStore, GraphView
from loaders.base import LoadOptions
from loaders.limits import MAX_FILE_MB
from loaders.registry import expand, load_paths, reference_files

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.splitlines()[0])
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class State:
    """What the top-level options chose, handed to each command."""

    settings: Settings = Settings()


def _store(*, create: bool = False) -> GraphStore:
    """The chosen store; one that does not exist is an error unless the command creates it (``load``)."""
    location = State.settings.store
    if not create and not is_bolt(location) and location != ":memory:" and not Path(location).exists():
        raise NotFoundError(
            f"{location}: no such store",
            "check --store (or $CAACGRAPH_STORE), or create it with: caacgraph --store PATH load FILE",
        )
    return open_store(location, State.settings.bolt())


@app.callback()
def _main(
    store: Annotated[
        str | None, typer.Option("--store", help="Store file, or bolt:// URI (default: $CAACGRAPH_STORE).")
    ] = None,
) -> None:
    State.settings = Settings.from_env().with_overrides(store=store)


@app.command()
def load(  # noqa: PLR0917 - typer maps each option to a parameter
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to load.")] = None,
    reference: Annotated[bool, typer.Option("--reference", help="Also load the curated reference data.")] = False,
    doc_type: Annotated[str | None, typer.Option("--type", help="Document type, instead of recognising it.")] = None,
    skip_bad_rows: Annotated[bool, typer.Option("--skip-bad-rows", help="Skip malformed dataset rows.")] = False,
    data_anywhere: Annotated[
        bool, typer.Option("--data-anywhere", help="Let a mapping's `data:` name a table outside its folder.")
    ] = False,
    max_file_mb: Annotated[
        int, typer.Option("--max-file-mb", help="Refuse a file (or a .json.gz expanded) over this many MB.")
    ] = MAX_FILE_MB,
) -> None:
    """Load documents, datasets and graph files into the store: all of them, or nothing."""
    files = (reference_files() if reference else []) + expand(paths or [])
    if not files:
        raise CaacgraphError("nothing to load", "name files or folders, or pass --reference")
    options = LoadOptions(
        doc_type=doc_type, skip_bad_rows=skip_bad_rows, data_anywhere=data_anywhere, max_file_bytes=max_file_mb * 2**20
    )
    with _store(create=True) as store, _progress() as progress:
        task = progress.add_task("loading", total=len(files))
        report = load_paths(store, files, options, lambda path: progress.update(task, advance=1, description=path.name))
    result = report.result
    if not result.changed:
        out.print(f"{len(files)} files read; the store already had all of it (nothing changed)")
    else:
        out.print(
            f"{len(files)} files read: {result.nodes_added} nodes and {result.edges_added} relationships added, "
            f"{result.nodes_changed + result.edges_changed} updated"
        )
        for kind, count in sorted(result.added_by_kind.items()):
            out.print(f"  {kind}: +{count}")
        if result.documents_added:
            added = ", ".join(sorted(result.documents_added))
            out.print(f"  documents added: {added}", highlight=False)
    for note in report.notes:
        out.print(f"  note: {note}")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Count nodes by kind and relationships by type."""
    with _store() as store:
        counts = store.view().stats()
    if as_json:
        out.print_json(json.dumps({"nodes": counts.nodes, "edges": counts.edges}))
        return
    table = Table("what", "count")
    for kind, count in counts.nodes.items():
        table.add_row(kind, str(count))
    table.add_row("[bold]nodes", f"[bold]{counts.node_count}")
    for rel, count in counts.edges.items():
        table.add_row(rel, str(count))
    table.add_row("[bold]relationships", f"[bold]{counts.edge_count}")
    out.print(table)


@app.command()
def show(node_id: Annotated[str, typer.Argument(help="A node id, e.g. coalition:cma.")]) -> None:
    """Print a node with its relationships and their sources."""
    with _store() as store:
        view = store.view()
        node = view.node(node_id)
        if node is None:
            matches = view.find(node_id)
            if len(matches) != 1:
                raise NotFoundError(f"no node with id {node_id!r}", "find it by name with: caacgraph find NAME")
            node = matches[0]
        pairs = view.neighbours(node.id)
    _print_node(node)
    for edge, other in sorted(pairs, key=lambda p: (p[0].type, p[1].id)):
        arrow = f"-{edge.type}->" if edge.source == node.id else f"<-{edge.type}-"
        when = f" [{edge.since or '…'} – {edge.until or '…'}]" if edge.since or edge.until else ""
        out.print(f"  {arrow} {other.id} ({other.name}){when}", highlight=False)
        for source in edge.sources:
            quote = f' "{source.quote}"' if source.quote else ""
            out.print(f"      {source.document} {source.locator}{quote}", highlight=False, style="dim")


def _print_node(node: Node) -> None:
    out.print(f"[bold]{node.id}[/bold]  {node.kind}  {node.name}", highlight=False)
    if node.aliases:
        out.print(f"  aliases: {'; '.join(node.aliases)}", highlight=False)
    if node.external_ids:
        out.print(f"  external ids: {', '.join(node.external_ids)}", highlight=False)
    for key, value in sorted(node.properties.items()):
        out.print(f"  {key}: {value}", highlight=False)


@app.command()
def find(
    name: Annotated[str, typer.Argument(help="A name, alias, acronym, id or external id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Find nodes by any of their names (case, accents, punctuation and articles ignored)."""
    with _store() as store:
        matches = store.view().find(name)
    if as_json:
        out.print_json(json.dumps([{"id": n.id, "kind": n.kind, "name": n.name} for n in matches]))
        return
    if not matches:
        raise NotFoundError(f"nothing is called {name!r}", "try another spelling, or caacgraph stats")
    for node in matches:
        sys.stdout.write(f"{node.id}\t{node.kind}\t{node.name}\n")


@app.command()
def resolve(
    decisions: Annotated[
        Path | None,
        typer.Option("--decisions", help="Decisions file (default: $CAACGRAPH_DECISIONS or data/decisions.yaml)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many candidates.")] = 100,
    unreviewed: Annotated[
        bool, typer.Option("--unreviewed", help="List the nodes documents minted from patterns, for review.")
    ] = False,
    merged: Annotated[bool, typer.Option("--merged", help="List every merge the loaders made, with evidence.")] = False,
) -> None:
    """List nodes that may be one actor, with the evidence; pairs the decisions file settles are left out.
    With --unreviewed, the actors, bodies and people the document loader minted from a pattern instead;
    with --merged, every merge the loaders made (a dataset's actor folded into a known node), with its evidence."""
    from graph.resolve import decisions_path, load_decisions

    path = decisions or decisions_path()
    settled = load_decisions(path)
    with _store() as store:
        view = store.view()
        if merged:
            _print_merged(view, settled, as_json, limit)
        elif unreviewed:
            _print_unreviewed(view, as_json, limit)
        else:
            _print_candidates(view, settled, path, as_json, limit)


def _hint(text: str) -> None:
    out.print(text, highlight=False, markup=False)


def _print_merged(view: GraphView, settled: Decisions, as_json: bool, limit: int) -> None:
    from graph.resolve import merged_nodes

    folds = merged_nodes(view, settled)
    if as_json:
        out.print_json(json.dumps([m.to_dict() for m in folds[:limit]]))
        return
    sys.stdout.write(f"{len(folds)} merged nodes\n")
    for fold in folds[:limit]:
        sys.stdout.write(f"{fold.node.id}\t{fold.node.kind}\t{fold.node.name}\n")
        for line in fold.evidence:
            sys.stdout.write(f"    {line}\n")
    if folds:
        _hint(
            "a wrong one: split it with `different: [[its id, the record's id]]` in the decisions file, then load again"
        )


def _print_unreviewed(view: GraphView, as_json: bool, limit: int) -> None:
    from graph.resolve import unreviewed_nodes

    minted = unreviewed_nodes(view)
    if as_json:
        out.print_json(json.dumps([m.to_dict() for m in minted[:limit]]))
        return
    sys.stdout.write(f"{len(minted)} unreviewed nodes (minted from a document's wording)\n")
    for item in minted[:limit]:
        sys.stdout.write(f"{item.node.id}\t{item.node.kind}\t{item.node.name}\n")
        for source in item.node.sources[:3]:
            sys.stdout.write(f"    {source.document} {source.locator}: {source.quote}\n")
    if minted:
        _hint("a wrong one: settle it in the decisions file (`same: [[its id, the right id]]`) or correct the source")


def _print_candidates(view: GraphView, settled: Decisions, path: Path | None, as_json: bool, limit: int) -> None:
    from graph.resolve import duplicate_candidates

    found = list(duplicate_candidates(view, settled))
    if as_json:
        out.print_json(json.dumps([c.to_dict() for c in found[:limit]]))
        return
    decided = f"decisions: {path} ({len(settled.same)} same, {len(settled.different)} different)" if path else ""
    out.print(f"{len(found)} candidate duplicates{'; ' + decided if decided else ''}", highlight=False)
    for candidate in found[:limit]:
        a, b = candidate.a, candidate.b
        out.print(f"{a.id} ({a.kind}, {a.name})  ~  {b.id} ({b.kind}, {b.name})", highlight=False)
        for evidence in candidate.evidence:
            out.print(f"    {evidence}", highlight=False, style="dim")
    if found:
        _hint(
            "settle them in the decisions file (`same: [[id, id]]`, `different: [[id, id]]`); "
            "every later load applies it"
        )


@app.command()
def export(  # noqa: PLR0917 - typer maps each option to a parameter
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json, cytoscape, graphml, gexf, csv, nodes-csv or cypher.")
    ] = "json",
    ids: Annotated[str | None, typer.Option("--ids", help="Comma-separated node ids to export.")] = None,
    neighborhood: Annotated[
        str | None, typer.Option("--neighborhood", help="Export the neighbourhood of this id.")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="Depth of the neighbourhood.")] = 1,
    types: Annotated[str | None, typer.Option("--types", help="Relationship types to follow, comma-separated.")] = None,
    query: Annotated[str | None, typer.Option("--query", help="Export a named query's result, e.g. boundBy.")] = None,
    arg: Annotated[list[str] | None, typer.Option("--arg", help="A named query's argument, NAME=VALUE.")] = None,
) -> None:
    """Write the graph, or a subgraph (ids, a neighbourhood, a named query's result), in a format."""
    from api.selection import select
    from graph.export import writer_for

    writer, _, _ = writer_for(fmt)
    params: dict[str, str] = {"depth": str(depth)} if neighborhood else {}
    for item in arg or []:
        name, _, value = item.partition("=")
        params[name] = value
    chosen = {"ids": ids, "neighborhood": neighborhood, "query": query, "types": types}
    params.update({k: v for k, v in chosen.items() if v})
    with _store() as store:
        sub = select(store, params, State.settings, public=False)
        chunks = writer(sub)
        if output is None:
            for chunk in chunks:
                sys.stdout.write(chunk)
            return
        with output.open("w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
    err.print(f"wrote {output}: {len(sub.nodes)} nodes, {len(sub.edges)} relationships")


@app.command()
def copy(
    to: Annotated[str, typer.Option("--to", help="Store to copy into: a file path or bolt:// URI.")],
    source: Annotated[str | None, typer.Option("--from", help="Store to copy from (default: --store).")] = None,
) -> None:
    """Copy a whole graph from one store into another, in batches (merging with what is there)."""
    from graph.changeset import ChangeSet
    from graph.model import Edge

    origin = source or State.settings.store
    chunk, label = (State.settings.batch_size or 100) * 10, f"copy of {origin}"
    counts = {"nodes": 0, "relationships": 0}
    with (
        open_store(origin, State.settings.bolt()) as src,
        open_store(to, State.settings.bolt()) as dst,
        dst.writer() as writer,
    ):
        view = src.view()
        for what, records in (("nodes", view.nodes()), ("relationships", view.edges())):
            batch = ChangeSet(label=label)
            for record in records:
                if isinstance(record, Edge):
                    batch.add_edge(record)
                else:
                    batch.add_node(record)
                if len(batch) >= chunk:
                    counts[what] += len(batch)
                    writer.apply(batch)
                    batch = ChangeSet(label=label)
            counts[what] += len(batch)
            writer.apply(batch)
    out.print(f"copied {counts['nodes']} nodes and {counts['relationships']} relationships from {origin} to {to}")


def _check(location: str) -> None:
    """The store can be served: a server answers, or a file reads through whole (checked before
    loading, so that a damaged file is refused in one line)."""
    if is_bolt(location) or location == ":memory:":
        _store().close()
    elif Path(location).exists():
        check_gzip(Path(location))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.")] = 1,
) -> None:
    """Serve the GraphQL API (http://HOST:PORT/graphql) with uvicorn."""
    import os

    from api.server import serve as run_server

    settings = State.settings.with_overrides(host=host, port=port)
    _check(settings.store)  # fail here, with one line, if the store cannot be opened
    os.environ["CAACGRAPH_STORE"] = settings.store
    err.print(f"serving {settings.store} at http://{settings.host}:{settings.port}/graphql")
    share = not is_bolt(settings.store)  # an embedded graph is loaded once and shared by the workers
    run_server(settings.host, settings.port, workers, settings.header_timeout, share=share)


@app.command()
def schema() -> None:
    """Print the GraphQL schema (SDL), for front-ends and code generators."""
    from api.schema import build_schema

    sys.stdout.write(str(build_schema(State.settings)) + "\n")


def store_first(argv: list[str]) -> list[str]:
    """``argv`` with ``--store S`` (or ``--store=S``) moved before the command, wherever it was written,
    so that ``caacgraph load FILE --store S`` means what ``caacgraph --store S load FILE`` does."""
    head, rest = [], []
    index = 0
    while index < len(argv):
        item = argv[index]
        if item == "--":
            rest += argv[index:]
            break
        if item == "--store" and index + 1 < len(argv):
            head += argv[index : index + 2]
            index += 2
            continue
        (head if item.startswith("--store=") else rest).append(item)
        index += 1
    return head + rest


def _usage_errors() -> tuple[type[Exception], ...]:
    """The exception classes of a usage error: typer's own (it vendors click) and click's."""
    import click

    found: list[type[Exception]] = [click.ClickException]
    vendored = getattr(typer, "exceptions", None)
    if vendored is not None and isinstance(getattr(vendored, "TyperException", None), type):
        found.append(vendored.TyperException)
    return tuple(found)


def _usage_line(exc: Exception) -> str:
    """One line for a usage error: what was wrong, and where the help is."""
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    context = getattr(exc, "ctx", None)
    command = getattr(context, "command_path", "") or "caacgraph"
    return f"error: {' '.join(str(message).split())} (see: {command} --help)"


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command, turning expected errors and usage errors into one line and exit 2."""
    args = store_first(list(sys.argv[1:] if argv is None else argv))
    try:
        app(args=args, prog_name="caacgraph", standalone_mode=False)
    except CaacgraphError as exc:
        # One line, whatever it quotes: a file name or a quote may hold a line break.
        sys.stderr.write("error: " + str(exc).replace("\r", "\\r").replace("\n", "\\n") + "\n")
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    except _usage_errors() as exc:
        if getattr(exc, "exit_code", 2) == 0:
            sys.exit(0)
        if str(exc).strip():  # no command at all: the help was printed, nothing to add
            sys.stderr.write(_usage_line(exc) + "\n")
        sys.exit(2)
