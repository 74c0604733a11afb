"""Run every GraphQL query of docs/queries.md on the fixture graph and write its answer below it.

python scripts/queries_doc.py          # rewrite the answers
python scripts/queries_doc.py --check  # exit 1 when an answer is stale
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.context import Context  # noqa: E402
from api.schema import build_schema  # noqa: E402
from api.settings import Settings  # noqa: E402
from tests.fixtures_graph import fixture_store  # noqa: E402

DOC = ROOT / "docs" / "queries.md"
BLOCK = re.compile(r"```graphql\n(.*?)```\n\n```json\n(.*?)```", re.S)


def answer(query: str) -> str:
    schema = build_schema(Settings())
    context = Context.create(Settings(), view=fixture_store().view())
    result = asyncio.run(schema.execute(query, context_value=context))
    if result.errors:
        raise SystemExit(f"query failed: {result.errors}\n{query}")
    return json.dumps(result.data, ensure_ascii=False, indent=1) + "\n"


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
