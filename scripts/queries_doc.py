"""Run every GraphQL query of docs/queries.md on the seed graph and write its answer below it.

The seed graph is what ``make serve`` loads: the curated reference data, the two seed documents, the
documents of the corpus and the UCDP datasets of ``../shared`` (or of ``$CAACGRAPH_SHARED``), read in
place by the real loaders.

python scripts/queries_doc.py          # rewrite the answers
python scripts/queries_doc.py --check  # exit 1 when an answer is stale
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.context import Context  # noqa: E402
from api.schema import build_schema  # noqa: E402
from api.settings import Settings  # noqa: E402
from graph.memory import MemoryStore  # noqa: E402
from graph.store import GraphView  # noqa: E402
from loaders.registry import load_paths, reference_files  # noqa: E402

DOC = ROOT / "docs" / "queries.md"
BLOCK = re.compile(r"```graphql\n(.*?)```\n\n```json\n(.*?)```", re.S)


SHARED = Path(os.environ.get("CAACGRAPH_SHARED", ROOT.parent / "shared"))


@functools.cache
def seed_view() -> GraphView:
    """The graph ``make serve`` serves, in memory."""
    store = MemoryStore(None)
    data = [SHARED / "seeds", SHARED / "corpus", *sorted((SHARED / "data" / "ucdp").glob("*.csv"))]
    load_paths(store, [*reference_files(), *data])
    return store.view()


def answer(query: str) -> str:
    schema = build_schema(Settings())
    context = Context.create(Settings(), view=seed_view())
    result = asyncio.run(schema.execute(query, context_value=context))
    if result.errors:
        raise SystemExit(f"query failed: {result.errors}\n{query}")
    return compact(result.data) + "\n"


def compact(value: object, indent: str = "") -> str:
    """JSON with every object or list that fits in 110 characters on one line."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + len(indent) <= 110 or not isinstance(value, dict | list) or not value:
        return flat
    inner = indent + " "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {compact(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    return "[\n" + ",\n".join(inner + compact(v, inner) for v in value) + "\n" + indent + "]"


def render(text: str) -> str:
    return BLOCK.sub(lambda m: f"```graphql\n{m.group(1)}```\n\n```json\n{answer(m.group(1))}```", text)


def main() -> None:
    text = DOC.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in sys.argv:
        sys.exit(0 if new == text else 1)
    DOC.write_text(new, encoding="utf-8")
    print(f"wrote {DOC}: {len(BLOCK.findall(new))} queries")


if __name__ == "__main__":
    main()
