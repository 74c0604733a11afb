"""The parts of a country a text names by direction: "northern and southern Yemen", "the north-east of
Nigeria", "eastern Democratic Republic of the Congo" are Regions PART_OF the country."""

from __future__ import annotations

import pytest

from graph.memory import MemoryStore
from loaders.base import LoadContext
from loaders.documents import read_text


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("movements in northern and southern Yemen.", {"region:northern-yemen", "region:southern-yemen"}),
        ("displacement in the north-east of Nigeria.", {"region:north-eastern-nigeria"}),
        ("fighting in eastern Democratic Republic of the Congo.", {"region:eastern-democratic-republic-of-the-congo"}),
    ],
)
def test_the_parts_of_a_country_a_text_names(text: str, regions: set[str]) -> None:
    changes = read_text(f"News\n\n{text}\n", "case.txt", LoadContext())
    part_of = {e.source for e in changes.edges.values() if e.type == "PART_OF" and e.source.startswith("region:")}
    assert part_of == regions


@pytest.mark.shared
def test_a_french_province_named_in_english(served: MemoryStore) -> None:
    # SC/15151: "grave violations ... in the Democratic Republic of the Congo, in particular the high number of
    # violations in North Kivu and Ituri" (ISO 3166-2 names the province "Nord-Kivu")
    view = served.view()
    kivu = view.node("region:democratic-republic-of-the-congo-nord-kivu")
    assert kivu is not None and "North Kivu" in kivu.names()
    part_of = {
        e.target
        for e in view.edges(["PART_OF"])
        if e.source == kivu.id and any(s.document == "doc:sc-15151" for s in e.sources)
    }
    assert part_of == {"region:democratic-republic-of-the-congo"}
