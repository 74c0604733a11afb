"""The fixture graph quotes the seeds' own words: every quote is in the seed it cites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures_graph import UCDP, WEBINAR, WG, mali_graph

SEED_OF = {WG: "003_d78b173036b7c635.txt", WEBINAR: "000_41cc5b918093f036.txt"}


def squeeze(text: str) -> str:
    """Text without spaces (the PDF extraction splits words: "bi nding") and with one kind of apostrophe."""
    return re.sub(r"\s+", "", text.replace("’", "'"))


@pytest.mark.shared
def test_every_quote_is_in_its_seed(seeds: Path) -> None:
    texts = {doc: squeeze((seeds / name).read_text(encoding="utf-8")) for doc, name in SEED_OF.items()}
    changes = mali_graph()
    sources = [s for n in changes.nodes.values() for s in n.sources]
    sources += [s for e in changes.edges.values() for s in e.sources]
    checked = 0
    for source in sources:
        if source.document == UCDP:
            assert source.quote == ""
            continue
        assert squeeze(source.quote) in texts[source.document], (source.locator, source.quote)
        checked += 1
    assert checked > 80
