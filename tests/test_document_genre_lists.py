"""Lists that genres use for many facts at once, read on the graph ``make serve`` loads: a resolution's
preamble of dated resolutions, the annexes' changes in a press release, parties that sign together."""

from __future__ import annotations

import pytest

from graph.memory import MemoryStore

pytestmark = pytest.mark.shared


def _cited(served: MemoryStore, rel: str, document: str) -> dict[tuple[str, str], dict[str, object]]:
    return {
        (e.source, e.target): dict(e.properties)
        for e in served.view().edges([rel])
        if any(s.document == document and s.method != "curated" for s in e.sources)
    }


def _doc(served: MemoryStore, prefix: str) -> str:
    return next(n.id for n in served.view().nodes(["Document"]) if str(n.properties.get("file", "")).startswith(prefix))


def test_a_preamble_reaffirms_each_dated_resolution_the_council_issued(served: MemoryStore) -> None:
    # "Reaffirming its resolutions 1261 (1999) of 25 August 1999, 1314 (2000) of 11 August 2000, ..., 2225 (2015)"
    doc = _doc(served, "S-RES-2427-2018_CAAC-resolution_preamble")
    cited = {target for source, target in _cited(served, "CITES", doc) if source == doc}
    listed = {"1261-1999", "1314-2000", "1379-2001", "1460-2003", "1539-2004", "1612-2005", "1882-2009"}
    assert {f"res:{n}" for n in listed} | {"res:2225-2015"} <= cited
    issued = {target for source, target in _cited(served, "ISSUED", doc) if source == "un:security-council"}
    assert {f"res:{n}" for n in listed} <= issued
    # the heading "Resolution 2427 (2018)" is the resolution this text is: issued, not cited
    assert "res:2427-2018" in issued
    assert "res:2427-2018" not in cited


def test_the_annexes_changes_a_press_release_announces(served: MemoryStore) -> None:
    # "New to the annexes of the report ... are, ... Hizbul Islam in Somalia"; "Burundi has been removed from
    # the Annexes to the report"
    doc = _doc(served, "delisting_Burundi-FNL")
    listed = _cited(served, "LISTED_IN", doc)
    assert ("group:hizbul-islam", "doc:sg-annual-report-caac") in listed
    assert listed[("state:burundi", "doc:sg-annual-report-caac")]["change"] == "removed"
    assert ("state:somalia", "doc:sg-annual-report-caac") not in listed  # where Hizbul Islam is, not listed


def test_the_listing_of_a_party_in_a_resolution(served: MemoryStore) -> None:
    # "noting ... the listing of the Taliban in the annex of the report of the Secretary-General ... (S/2015/409)"
    doc = _doc(served, "S-RES-2274-2016")
    assert ("group:taliban", "doc:sg-annual-report-caac") in _cited(served, "LISTED_IN", doc)


def test_parties_named_with_their_countries_sign_together(served: MemoryStore) -> None:
    # "the Coordination des Mouvements de l'Azawad (...) in Mali and the Civilian Joint Task Force in Nigeria
    # signed action plans with the United Nations (UN)"
    doc = _doc(served, "IRRC-911")
    signers = {source for source, _ in _cited(served, "SIGNED", doc)}
    assert {"coalition:cma", "un:united-nations"} <= signers
    assert any("cjtf" in s or "civilian-joint-task-force" in s for s in signers), signers


def test_a_press_statement_says_who_issued_it(served: MemoryStore) -> None:
    # "The following Security Council press statement was issued today by Council President Nicolas de Rivière
    # (France):" and "The members of the Security Council welcomed the efforts of its Working Group ..."
    doc = _doc(served, "SC-14224")
    issued = {source for source, target in _cited(served, "ISSUED", doc) if target == doc}
    assert issued == {"un:security-council", "person:nicolas-de-riviere"}
    affiliated = _cited(served, "AFFILIATED_WITH", doc)
    assert (
        affiliated[("person:nicolas-de-riviere", "un:security-council")]["role"] == "President of the Security Council"
    )
    assert ("person:nicolas-de-riviere", "state:france") in affiliated
    assert ("un:wg-caac", "un:security-council") in _cited(served, "PART_OF", doc)


def test_a_coalition_named_for_its_leader(served: MemoryStore) -> None:
    # "a proposal by Saudi Arabia that the United Nations and the Saudi-led Coalition review jointly the cases"
    doc = _doc(served, "delisting_Saudi-led-coalition")
    member = _cited(served, "MEMBER_OF", doc)
    assert member[("state:saudi-arabia", "coalition:saudi-led-coalition")]["role"] == "leader"


def test_what_a_deed_covers_in_the_words_of_ngo_news(served: MemoryStore) -> None:
    # Geneva Call news: "By signing this Deed of Commitment, the People's Defense Centre/HPG is publically
    # formalizing its policy to prevent children under 18 from taking part in hostilities"
    doc = _doc(served, "GenevaCall_newsletter_KNPP")
    covers = {target for source, target in _cited(served, "COVERS", doc) if "deed-of-commitment" in source}
    assert "violation:recruitment-and-use" in covers


def test_who_took_office_as_what(served: MemoryStore) -> None:
    # A/67/845: "In September 2012, Leila Zerrougui took office as my Special Representative for Children and
    # Armed Conflict"; the FfH webinar: "Mr. Attaye Ag Mohamed, Head of Legal Affairs and Human Rights, ..."
    doc = _doc(served, "A-67-845")
    assert ("person:leila-zerrougui", "un:srsg-caac") in _cited(served, "AFFILIATED_WITH", doc)
    assert served.view().node("person:human-rights") is None  # a title's words are not a person


def test_who_chairs_a_body_and_what_a_group_includes(served: MemoryStore) -> None:
    # "The Security Council Working Group on Children and Armed Conflict was established in July 2005 pursuant
    # to Security Council resolution 1612 and is currently chaired by Luxembourg."
    role_page = _doc(served, "OSRSG-CAAC_Security-Council-Working-Group-role-page")
    members = _cited(served, "MEMBER_OF", role_page)
    assert members[("state:luxembourg", "un:wg-caac")]["role"] == "chair"
    assert ("state:luxembourg", "un:security-council") not in members
    # SC/15747: "the Taliban forces, including the Haqqani network"
    assert ("group:haqqani-network", "group:taliban") in _cited(served, "MEMBER_OF", "doc:sc-15747")


def test_a_country_report_is_addressed_to_the_council_and_its_working_group(served: MemoryStore) -> None:
    # S/2018/136: "The present report, submitted pursuant to Security Council resolution 1612 (2005) and ..., is
    # the second report ... in Mali to be submitted to the Security Council and its Working Group on ..."
    addressed = {
        target for source, target in _cited(served, "ADDRESSED_TO", "doc:s-2018-136") if source == "doc:s-2018-136"
    }
    assert {"un:security-council", "un:wg-caac"} <= addressed


def test_a_resolution_named_by_its_number_alone(served: MemoryStore) -> None:
    # "established in July 2005 pursuant to Security Council resolution 1612": the graph knows one 1612
    doc = _doc(served, "OSRSG-CAAC_Security-Council-Working-Group-role-page")
    assert (doc, "res:1612-2005") in _cited(served, "CITES", doc)
    assert ("un:security-council", "res:1612-2005") in _cited(served, "ISSUED", doc)
