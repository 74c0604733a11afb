"""Organs named by their organisation's name are PART_OF it, on the graph ``make serve`` loads.

The Working Group's conclusions on Mali (S/AC.51/2018/1/Rev.1, paragraphs 9 and 12 (e)) name "the Peace and
Security Council of the African Union", "the Chairperson of the African Union Commission" and "the European
Union capacity-building mission in Mali": an analyst reads three bodies, each part of its organisation.
"""

from __future__ import annotations

import pytest

from graph.memory import MemoryStore

pytestmark = pytest.mark.shared

CONCLUSIONS = "doc:s-ac-51-2018-1-rev-1"


def _cited(served: MemoryStore, rel: str) -> dict[tuple[str, str], list[str]]:
    return {
        (e.source, e.target): [s.quote for s in e.sources if s.document == CONCLUSIONS and s.method != "curated"]
        for e in served.view().edges([rel])
    }


def test_organs_of_the_african_and_european_unions(served: MemoryStore) -> None:
    part_of = _cited(served, "PART_OF")
    assert part_of[("org:peace-and-security-council-of-the-african-union", "org:african-union")] == [
        "Peace and Security Council of the African Union"
    ]
    assert part_of[("org:african-union-commission", "org:african-union")]
    mission = "org:european-union-capacity-building-mission-in-mali"
    assert part_of[(mission, "org:european-union")] == ["European Union capacity-building mission in Mali"]
    assert _cited(served, "OPERATES_IN")[(mission, "region:mali")]
    view = served.view()
    assert view.node(mission).properties["reviewed"] is False  # minted from the text, for review


def test_the_organ_is_one_name_in_the_paragraph_that_names_it(served: MemoryStore) -> None:
    # "the Peace and Security Council of the African Union" is read as one name, not as "Security Council"
    mentioned = {
        target
        for (statement, target), quotes in _cited(served, "MENTIONS").items()
        if statement.endswith(":9") and quotes
    }
    assert "org:peace-and-security-council-of-the-african-union" in mentioned
    assert "org:african-union-commission" in mentioned
