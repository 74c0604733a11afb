"""Activities press releases and news name by a common noun: who visited, who took part, who held it.

Each case is a real document of ``../shared/corpus`` from a different source (a MINUSMA communiqué in
French, an OSRSG-CAAC release, a media advisory, Geneva Call news), read on the graph ``make serve``
loads; the facts asserted are the ones an analyst reads in the text.
"""

from __future__ import annotations

import pytest

from graph.memory import MemoryStore
from graph.model import Edge, Node

pytestmark = pytest.mark.shared


def _events_of(served: MemoryStore, document_file: str) -> dict[str, Node]:
    view = served.view()
    doc = next(n for n in view.nodes(["Document"]) if n.properties.get("file") == document_file)
    return {
        n.id: n
        for n in view.nodes(["Event"])
        if n.properties.get("category") in {"visit", "briefing", "session", "ceremony"}
        and any(s.document == doc.id for s in n.sources)
    }


def _taking_part(served: MemoryStore, events: dict[str, Node], rel: str = "PARTICIPATED_IN") -> set[tuple[str, str]]:
    view = served.view()
    edges: list[Edge] = [e for e in view.edges([rel]) if e.target in events]
    return {(e.source, events[e.target].properties["category"]) for e in edges}


def test_a_visit_in_french_with_who_made_it_and_who_it_met(served: MemoryStore) -> None:
    # "Joanne ADAMSON, ... et Sylvie FOUET, ... ont effectué une visite à Kidal. Au cours de cette mission ..."
    # "La délégation onusienne a ainsi eu des séances de travail avec M. Bilal Ag ACHERIF, ... et
    # M. Alghabass Ag INTALLAH, ..., en présence du comité directeur de la CMA"
    events = _events_of(served, "Mali_CMA-action-plan-follow-up-visit-Kidal_MINUSMA_2021-08_FR.excerpt.txt")
    visit = next(n for n in events.values() if n.properties["category"] == "visit")
    assert {"une visite à Kidal", "cette mission", "cette visite"} <= set(visit.names())
    part = _taking_part(served, events)
    assert {("person:joanne-adamson", "visit"), ("person:sylvie-fouet", "visit")} <= part
    assert {("person:bilal-ag-acherif", "session"), ("person:alghabass-ag-intallah", "session")} <= part
    assert ("coalition:cma", "session") in part  # "en présence du comité directeur de la CMA"
    # offices named in a person's title do not take part: "secrétaire général du MNLA", "de l'UNICEF"
    assert not {a for a, _ in part} & {"un:secretary-general", "un:unicef", "group:mnla"}


def test_the_office_called_by_its_title_is_the_person_named_with_it(served: MemoryStore) -> None:
    # "The Special Representative ..., Ms. Virginia Gamba welcomes ..." then "The Special Representative
    # visited the Central African Republic earlier this year ... During her visit, ..."
    events = _events_of(served, "CAR_FPRC-action-plan-signed_OSRSG-CAAC_2019-07-05.excerpt.txt")
    visit = next(n for n in events.values() if n.properties["category"] == "visit")
    assert "her visit" in visit.names()
    assert ("person:virginia-gamba", "visit") in _taking_part(served, events)


def test_a_media_advisory_says_who_gives_the_briefing(served: MemoryStore) -> None:
    # "What: Press briefing about the first visit of ..." / "Who: Special Representative ..., Ms. Virginia Gamba"
    events = _events_of(served, "Myanmar_SRSG-visit-media-advisory_2018.excerpt.txt")
    part = _taking_part(served, events)
    assert {("person:virginia-gamba", "briefing"), ("person:virginia-gamba", "visit")} <= part
    assert not {a for a, _ in part} & {"un:secretary-general"}  # "... of the Secretary-General Virginia Gamba"


def test_armed_movements_that_took_part_and_who_held_the_sessions(served: MemoryStore) -> None:
    # "..., including Al-Houtis from Yemen, the Kurdish armed forces (YPG/YPJ) from Syria, ..., the SPLM-N
    # from Sudan ..., participated in workshops and discussions around ..."; "Geneva Call and specialized
    # agencies delivered training sessions"; "Speakers included ..., Leila Zerrougui, and experts from UNICEF"
    events = _events_of(served, "GenevaCall_child-protection-meeting_21-armed-movements_2016-11.excerpt.txt")
    part = _taking_part(served, events)
    actors = {a for a, kind in part if kind == "session"}
    assert {"group:al-houtis", "group:ypg-ypj", "group:splm-n", "person:leila-zerrougui", "un:unicef"} <= actors
    assert not {a for a in actors if a.startswith("state:")}  # "from Yemen" is where they come from
    assert ("org:geneva-call", "session") in _taking_part(served, events, "ORGANIZED")


def test_conclusions_and_reports_name_no_activities(served: MemoryStore) -> None:
    # "at its seventy-second session", "the mission" of a report are not activities a release reports
    for name in (
        "S-AC.51-2024-5_CAR_WG-conclusions.excerpt.txt",
        "S-2017-1099_Myanmar_SG-country-report.excerpt.txt",
        "SC-14174_Afghanistan_WG-chair-public-statement_2020.excerpt.txt",
    ):
        assert _events_of(served, name) == {}, name


def test_an_event_report_without_a_year_and_the_people_it_quotes(served: MemoryStore) -> None:
    # "On April 29, Fight for Humanity and Independent Diplomat co-organized a webinar on ..." (no year), then
    # "... stressed Virginia Gamba, ...", "... said Mr. Attaye Ag Mohamed, ...", "Anki Sjoeberg, Co-Director at
    # Fight for Humanity, then listed ..."
    view = served.view()
    doc = next(
        n for n in view.nodes(["Document"]) if str(n.properties.get("file", "")).startswith("FightForHumanity_web")
    )
    cited = [e for e in view.edges(["ORGANIZED", "PARTICIPATED_IN"]) if any(s.document == doc.id for s in e.sources)]
    webinar = {e.target for e in cited if e.type == "ORGANIZED" and e.source == "org:fight-for-humanity"}
    assert len(webinar) == 1
    speakers = {e.source for e in cited if e.type == "PARTICIPATED_IN" and e.target in webinar}
    assert {"person:virginia-gamba", "person:attaye-ag-mohamed", "person:anki-sjoeberg"} <= speakers


def test_an_event_report_says_where_its_speakers_work(served: MemoryStore) -> None:
    # "... explained Guillaume Charron, Geneva Director at Independent Diplomat"; "Anki Sjoeberg, Co-Director at
    # Fight for Humanity, then listed ..."
    view = served.view()
    doc = next(
        n for n in view.nodes(["Document"]) if str(n.properties.get("file", "")).startswith("FightForHumanity_web")
    )
    affiliated = {
        (e.source, e.target) for e in view.edges(["AFFILIATED_WITH"]) if any(s.document == doc.id for s in e.sources)
    }
    assert {
        ("person:guillaume-charron", "org:independent-diplomat"),
        ("person:anki-sjoeberg", "org:fight-for-humanity"),
    } <= affiliated
