"""Where parties fight and organisations work, and who signed when a sentence also names who the plan
restrains: read on the graph ``make serve`` loads, from real documents of ``../shared/corpus``."""

from __future__ import annotations

import pytest

from graph.memory import MemoryStore

pytestmark = pytest.mark.shared


def _cited(served: MemoryStore, rel: str, document: str) -> set[tuple[str, str]]:
    return {
        (e.source, e.target)
        for e in served.view().edges([rel])
        if any(s.document == document and s.method != "curated" for s in e.sources)
    }


def test_the_parties_of_a_conflict_operate_where_it_is_fought(served: MemoryStore) -> None:
    # "armed conflict between the Tatmadaw and ethnic armed groups in Kachin, Shan and Kayin states"
    where = _cited(served, "OPERATES_IN", "doc:myanmar-osrsg-caac-action-plan-factsheet-c2016")
    tatmadaw = {place for actor, place in where if actor == "force:myanmar-tatmadaw"}
    assert tatmadaw == {"region:myanmar-kachin", "region:myanmar-shan", "region:myanmar-kayin"}


def test_an_organisation_operates_in_the_countries_it_lists(served: MemoryStore) -> None:
    # "Fight for Humanity is continuing its operations in several countries ... including Colombia, Syria and Yemen"
    view = served.view()
    doc = next(
        n.id for n in view.nodes(["Document"]) if n.properties.get("file", "").startswith("FightForHumanity_annual")
    )
    where = {place for actor, place in _cited(served, "OPERATES_IN", doc) if actor == "org:fight-for-humanity"}
    assert where == {"region:colombia", "region:syria", "region:yemen"}


def test_between_names_the_signatories_and_by_the_restrained(served: MemoryStore) -> None:
    # S/2017/1099: "the signing of a Joint Action Plan to end and prevent the recruitment and use of children by
    # the Tatmadaw between the Government of Myanmar and the United Nations in June 2012"
    signed = {actor for actor, _ in _cited(served, "SIGNED", "doc:s-2017-1099")}
    assert {"state:myanmar", "un:united-nations"} <= signed
    assert "force:myanmar-tatmadaw" not in signed


def test_a_list_of_parties_by_situation(served: MemoryStore) -> None:
    # "Parties in Afghanistan • Taliban forces, including ..."; "Parties in Chad • National Army of Chad. ..."
    view = served.view()
    doc = next(
        n.id
        for n in view.nodes(["Document"])
        if str(n.properties.get("file", "")).startswith("OSRSG-CAAC-website_persistent")
    )
    where = _cited(served, "OPERATES_IN", doc)
    assert {("group:taliban", "region:afghanistan"), ("force:national-army-of-chad", "region:chad")} <= where
    assert ("group:fdpc", "region:central-african-republic") in where
    # "Taliban forces, including the Tora Bora Front, the Jamat Sunat al-Dawa Salafia and the Latif Mansur Network"
    parts = {member for member, group in _cited(served, "MEMBER_OF", doc) if group == "group:taliban"}
    assert parts == {"group:tora-bora-front", "group:jamat-sunat-al-dawa-salafia", "group:latif-mansur-network"}
    assert {(member, "region:afghanistan") for member in parts} <= where
    # the page is a list ("List of persistent perpetrators"): each party is listed in it, and it is about each situation
    listed = {party for party, page in _cited(served, "LISTED_IN", doc) if page == doc}
    assert {"group:taliban", "force:national-army-of-chad", "group:fdpc", *parts} <= listed
    about = {place for page, place in _cited(served, "ABOUT", doc) if page == doc}
    assert {"state:afghanistan", "state:central-african-republic", "state:chad"} <= about


def test_a_place_named_twice_with_a_slash(served: MemoryStore) -> None:
    # Geneva Call: "21 armed movements from 11 countries, including ... or the Karen National Liberation Army
    # from Burma/Myanmar, participated in workshops"
    view = served.view()
    doc = next(
        n.id
        for n in view.nodes(["Document"])
        if str(n.properties.get("file", "")).startswith("GenevaCall_child-protection")
    )
    where = {place for actor, place in _cited(served, "OPERATES_IN", doc) if "karen" in actor}
    assert where == {"region:myanmar"}
