"""``make eval``: what the document loader reads out of the annotated documents, scored against gold facts.

    .venv/bin/python -m eval.run [--shared ../shared] [--misses] [--json FILE] [--only WORD]

The development set is every hand-coded gold file: ``../shared/gold/*.json`` (read in place) and the
project's own ``eval/gold/*.json`` (coded from the text before looking at what the loader gives).
Each document is loaded alone into a store that already holds what ``make serve`` loads besides the
documents (the curated reference data and the UCDP datasets), exported as node-link JSON and scored
by ``../shared/tools/eval_facts.py``, the scorer the issue is judged with (imported from where it is).

It prints recall and precision per document, per genre and per relation type, then, with
``--misses``, every gold fact not found and every exported fact the gold does not hold. Two checks
that need no gold are counted too: quotes that are not verbatim in their document, and "line N"
locators in documents that have numbered paragraphs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from graph.export_json import node_link
from graph.memory import MemoryGraph, MemoryStore
from graph.model import Edge, Node
from loaders.base import LoadOptions
from loaders.registry import load_paths, reference_files

ROOT = Path(__file__).resolve().parent.parent
OWN_GOLD = ROOT / "eval" / "gold"

# Genres by the words of a gold file's ``document_kind``, first match first.
GENRES: tuple[tuple[str, str], ...] = (
    ("chair statement", r"chair"),
    ("wg conclusions", r"conclusions"),
    ("resolution", r"^security council resolution|resolution \(excerpt"),
    ("sg report", r"secretary-general|report of the secretary"),
    ("press release", r"press release|media advisory|meetings coverage|press statement|spokes"),
    ("ngo and news", r"ngo|news|newsletter|post|event|article|page|fact ?sheet"),
)


def genre_of(gold: dict[str, Any]) -> str:
    kind = str(gold.get("document_kind") or "").casefold()
    return next((name for name, pattern in GENRES if re.search(pattern, kind)), "other")


@dataclass
class Score:
    """One document's figures."""

    name: str
    genre: str
    facts: int = 0
    hits: int = 0
    considered: int = 0
    wrong: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [gold, hit, considered, wrong]
    not_verbatim: list[str] = field(default_factory=list)
    line_locators: int = 0


def scorer_module(shared: Path) -> ModuleType:
    """``../shared/tools/eval_facts.py``, imported from where it is."""
    path = shared / "tools" / "eval_facts.py"
    spec = importlib.util.spec_from_file_location("eval_facts", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: the scorer is missing; pass --shared with the folder that holds tools/")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_files(shared: Path) -> list[Path]:
    return sorted((shared / "gold").glob("*.json")) + sorted(OWN_GOLD.glob("*.json"))


def document_path(shared: Path, name: str) -> Path:
    for folder in ("corpus", "seeds"):
        if (shared / folder / name).is_file():
            return shared / folder / name
    raise SystemExit(f"{name}: named by a gold file but not in {shared}/corpus or {shared}/seeds")


def base_records(shared: Path) -> tuple[list[Node], list[Edge]]:
    """What ``make serve`` loads besides the documents: the reference data and the UCDP datasets."""
    store = MemoryStore(None)
    load_paths(store, [*reference_files(), *sorted((shared / "data" / "ucdp").glob("*.csv"))])
    return store.memory.records()


def export_of(base: tuple[list[Node], list[Edge]], path: Path) -> tuple[dict[str, Any], str]:
    """Node-link JSON of the base graph plus one document (every node, the edges that cite it)."""
    store = MemoryStore(None)
    store.memory = MemoryGraph.from_records(*base)
    load_paths(store, [path], LoadOptions())
    view = store.view()
    documents = [n for n in view.nodes(["Document"]) if n.properties.get("file") == path.name]
    doc_id = documents[0].id if documents else ""
    _, cited = view.cited(doc_id)
    text = "".join(node_link(list(view.nodes()), cited))
    return json.loads(text), doc_id


def _collapse(text: str) -> str:
    return " ".join(text.split())


def score_one(module: ModuleType, gold_path: Path, shared: Path, base: tuple[list[Node], list[Edge]]) -> Score:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    path = document_path(shared, gold["document"])
    export, doc_id = export_of(base, path)
    scorer = module.Scorer(export, gold)
    hits, missed, considered, wrong = scorer.score()
    score = Score(gold["document"], genre_of(gold), len(gold.get("facts", [])), len(hits), considered, len(wrong))
    score.missed = list(missed)
    score.extra = [f"{t} {s} -> {o}" for t, s, o in wrong]
    for fact in gold.get("facts", []):
        score.by_type.setdefault(fact["type"], [0, 0, 0, 0])[0] += 1
    for fact in hits:
        score.by_type[fact["type"]][1] += 1
    types = {f["type"] for f in gold.get("facts", [])}
    gold_ids: set[str] = {doc_id}
    for entity in gold.get("entities", []):
        gold_ids |= scorer.ids(entity["name"])
    for rel, source, target in scorer.cited:
        if rel in types and source in gold_ids and target in gold_ids:
            score.by_type[rel][2] += 1
    for rel, _, _ in wrong:
        score.by_type[rel][3] += 1
    _check_quotes(score, export, doc_id, path)
    return score


def _check_quotes(score: Score, export: dict[str, Any], doc_id: str, path: Path) -> None:
    original = _collapse(path.read_text(encoding="utf-8"))
    numbered = bool(re.search(r"(?m)^\s*(?:\d{1,3}\.|\([a-z]\))\s", path.read_text(encoding="utf-8")))
    numbered = numbered and not export_has_kind(export, doc_id, "event_report")
    for edge in export.get("edges", []):
        for source in edge.get("sources", []):
            if source.get("document") != doc_id or source.get("method") == "curated":
                continue  # curated reference data cites documents in its own words
            if _collapse(source["quote"]) not in original:
                score.not_verbatim.append(f"{edge['type']} {source['locator']}: {source['quote'][:80]!r}")
            if numbered and str(source.get("locator", "")).startswith("line "):
                score.line_locators += 1


def export_has_kind(export: dict[str, Any], doc_id: str, doc_type: str) -> bool:
    """True when the exported document node is of ``doc_type`` (event reports cite lines, see docs/loaders.md)."""
    return any(n.get("id") == doc_id and n.get("doc_type") == doc_type for n in export.get("nodes", []))


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "  - "


def report(scores: list[Score], misses: bool) -> dict[str, Any]:
    """Print the tables; return the figures (for ``--json`` and the floor test)."""
    print(f"{'document':<74} {'genre':<14} {'recall':>13} {'precision':>13}")
    for s in scores:
        recall = f"{_ratio(s.hits, s.facts)} ({s.hits}/{s.facts})"
        precision = f"{_ratio(s.considered - s.wrong, s.considered)} ({s.considered - s.wrong}/{s.considered})"
        print(f"{s.name[:74]:<74} {s.genre:<14} {recall:>13} {precision:>13}")
    genres: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        genres[s.genre].append(s)
    figures: dict[str, Any] = {"genres": {}, "types": {}}
    print(f"\n{'genre':<16} {'docs':>4} {'recall':>14} {'precision':>14}")
    for name, group in sorted(genres.items()):
        figures["genres"][name] = _line(name, group, len(group))
    types: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for s in scores:
        for rel, counts in s.by_type.items():
            types[rel] = [a + b for a, b in zip(types[rel], counts, strict=True)]
    print(f"\n{'relation':<16} {'gold':>4} {'recall':>14} {'precision':>14}")
    for rel, (gold, hit, considered, wrong) in sorted(types.items(), key=lambda kv: -kv[1][0]):
        right = considered - wrong
        recall, precision = _ratio(hit, gold), _ratio(right, considered)
        print(f"{rel:<16} {gold:>4} {recall:>5} ({hit:>3}/{gold:<3}) {precision:>5} ({right}/{considered})")
        figures["types"][rel] = {"recall": hit / gold if gold else None, "gold": gold}
    not_verbatim = [q for s in scores for q in s.not_verbatim]
    lines = sum(s.line_locators for s in scores)
    print(f"\nquotes not verbatim in their document: {len(not_verbatim)}; 'line N' where numbered: {lines}")
    figures["overall"] = _line("overall", scores, len(scores))
    figures["not_verbatim"], figures["line_locators"] = len(not_verbatim), lines
    figures["documents"] = {s.name: {"recall": s.hits / s.facts if s.facts else 1.0, "genre": s.genre} for s in scores}
    if misses:
        for s in scores:
            if s.missed or s.extra or s.not_verbatim:
                print(f"\n== {s.name}")
                for line in s.missed:
                    print(f"  missed  {line}")
                for line in s.extra:
                    print(f"  extra   {line}")
                for line in s.not_verbatim:
                    print(f"  quote   {line}")
    return figures


def _sums(group: Iterable[Score]) -> tuple[int, int, int, int, float, float]:
    """Facts, hits, considered and right of a group of documents, and its recall and precision."""
    group = list(group)
    facts, hits = sum(s.facts for s in group), sum(s.hits for s in group)
    considered, right = sum(s.considered for s in group), sum(s.considered - s.wrong for s in group)
    return facts, hits, considered, right, (hits / facts if facts else 0.0), (right / considered if considered else 1.0)


def _line(name: str, group: Iterable[Score], count: int) -> dict[str, float]:
    facts, hits, considered, right, recall, precision = _sums(group)
    print(f"{name:<16} {count:>4} {recall:>5.2f} ({hits:>3}/{facts:<3}) {precision:>5.2f} ({right}/{considered})")
    return {"recall": recall, "precision": precision, "facts": facts, "hits": hits}


def totals(scores: list[Score]) -> dict[str, tuple[float, float]]:
    """Recall and precision overall (key ``overall``) and per genre, as ``report`` prints them."""
    groups: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        groups[s.genre].append(s)
        groups["overall"].append(s)
    return {name: _sums(group)[4:] for name, group in groups.items()}


def evaluate(shared: Path, only: str = "") -> list[Score]:
    """Every gold document loaded and scored (``only``: those whose name contains it)."""
    module = scorer_module(shared)
    base = base_records(shared)
    files = [p for p in gold_files(shared) if only.casefold() in p.name.casefold()]
    return [score_one(module, path, shared, base) for path in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--misses", action="store_true", help="list every missed and unmatched fact")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--only", default="", help="only the gold files whose name contains this")
    args = parser.parse_args(argv)
    if not (args.shared / "gold").is_dir():
        print(f"no gold files at {args.shared}/gold: pass --shared with the shared folder", file=sys.stderr)
        return 2
    figures = report(evaluate(args.shared, args.only), args.misses)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
