"""A small, realistic graph of the Mali facts, built with ``ChangeSet``, for API and query tests.

Nodes follow ``docs/ids.md``; every fact cites the paragraph of the Working Group's conclusions on
Mali (S/AC.51/2018/1/Rev.1, seed ``003_d78b173036b7c635.txt``) or of the webinar report (seed
``000_41cc5b918093f036.txt``) that says it, quoting the seed's own words. Two facts the seeds do
not state, CMA in conflict with the Platform and Ansar Eddine allied with AQIM, stand for what the
UCDP loader provides; their sources say ``method: fixture:ucdp-stand-in`` and quote nothing.
The lead re-points these tests at the real loaders once they are merged.
"""

from __future__ import annotations

from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from graph.model import Source

WG = "doc:s-ac-51-2018-1-rev-1"
SG = "doc:s-2018-136"
WEBINAR = "doc:webinar-preventing-recruitment-2021"
UCDP = "doc:ucdp-prio-acd-22-1"
M = "fixture"


def wg(locator: str, quote: str) -> Source:
    """A source in the Working Group's conclusions on Mali."""
    return Source(WG, locator, quote, M)


GROUPS = {
    "group:ansar-eddine": ("ArmedGroup", "Ansar Eddine", ["Ansar Dine"]),
    "group:mujao": (
        "ArmedGroup",
        "Mouvement pour l'unification et le jihad en Afrique de l'Ouest",
        ["MUJAO", "Movement for Oneness and Jihad in West Africa"],
    ),
    "group:mnla": ("ArmedGroup", "Mouvement national pour la libération de l'Azawad", ["MNLA"]),
    "group:aqim": ("ArmedGroup", "Al-Qaida in the Islamic Maghreb", ["AQIM"]),
    "coalition:platform": ("Coalition", "Platform coalition of armed groups", ["Platform", "Plateforme"]),
    "group:gatia": ("ArmedGroup", "Groupe d'autodéfense des Touaregs Imghad et leurs alliés", ["GATIA"]),
}
HEADER_5O = (
    "To all armed groups mentioned in the report of the Secretary-General, specifically those listed in the annex"
)
RESOLUTIONS = [(1612, 2005), (1882, 2009), (1998, 2011), (2068, 2012), (2143, 2014), (2225, 2015)]
RES_QUOTE = "resolutions 1612 (2005), 1882 (2009), 1998 (2011), 2068 (2012), 2143 (2014) and 2225 (2015)"

# (locator, verb, addressee ids, opening words from the seed)
STATEMENTS = [
    ("5 (a)", "commending", ["state:mali"], "Commending the commitment and efforts of the Government of Mali"),
    ("5 (d)", "calling upon", ["state:mali"], "Calling upon the Government to mainstream child protection"),
    ("5 (f)", "commending", ["state:mali"], "Commending the release of 72 child detainees"),
    ("5 (m)", "commending", ["state:mali"], "Commending the Government for its endorsement of the Safe Schools"),
    ("5 (n)", "welcoming", ["state:mali"], "Welcoming the establishment of a Truth, Justice and Reconciliation"),
    ("5 (o)", "strongly condemning", list(GROUPS), "Strongly condemning all violations and abuses committed"),
    ("5 (q)", "strongly urging", list(GROUPS), "Strongly urging all armed groups to immediately and without"),
    ("5 (w)", "welcoming", list(GROUPS), "Welcoming the signing of an action plan to end and prevent the recruitment"),
    ("5 (x)", "welcoming", list(GROUPS), "Welcoming the unilateral communiqué signed by the Platform in June"),
    ("5 (y)", "calling upon", list(GROUPS), "Calling upon all armed groups to publicly express their commitment"),
    ("7 (a)", "commending", ["state:mali"], "Commending the commitment and efforts of the Government of Mali"),
    ("7 (p)", "welcoming", ["state:mali"], "Welcoming the establishment of a Truth, Justice and Reconciliation"),
    ("8 (a)", "requesting", ["un:secretary-general"], "Requesting the Secretary-General to continue to ensure"),
    ("8 (b)", "also requesting", ["un:secretary-general"], "Also requesting the Secretary-General to ensure that"),
]


def statement_id(locator: str) -> str:
    return f"statement:s-ac-51-2018-1-rev-1:{locator.replace(' (', '-').rstrip(')')}"


def mali_graph() -> ChangeSet:
    """The fixture change set (about 50 nodes and 120 relationships)."""
    c = ChangeSet("fixture: Mali")
    _documents(c)
    _actors(c)
    _commitments(c)
    _statements(c)
    _places_and_relations(c)
    _figures_and_events(c)
    return c


def _documents(c: ChangeSet) -> None:
    c.node(
        WG,
        "Document",
        "Conclusions on children and armed conflict in Mali",
        symbol="S/AC.51/2018/1/Rev.1",
        title="Conclusions on children and armed conflict in Mali",
        date="2018-05-04",
        aliases=["S/AC.51/2018/1/Rev.1"],
    )
    c.node(
        SG,
        "Document",
        "Report of the Secretary-General on children and armed conflict in Mali",
        symbol="S/2018/136",
        date="2018-02-06",
        aliases=["S/2018/136"],
    )
    c.node(
        WEBINAR,
        "Document",
        "Preventing the recruitment of children by non-state armed actors: webinar report",
        date="2021-04-29",
    )
    c.node(UCDP, "Document", "UCDP/PRIO Armed Conflict Dataset version 22.1")
    c.edge(
        WG,
        "CITES",
        SG,
        sources=[
            wg("1", "the second report of the Secretary-General on children and armed conflict in Mali (S/2018/136)")
        ],
    )
    for number, year in RESOLUTIONS:
        rid = f"res:{number}-{year}"
        c.node(
            rid,
            "Resolution",
            f"Security Council resolution {number} ({year})",
            number=number,
            year=year,
            aliases=[f"S/RES/{number} ({year})"],
        )
        c.edge(WG, "CITES", rid, sources=[wg("2", RES_QUOTE), wg("4", RES_QUOTE)])
        c.edge(statement_id("5 (y)"), "CITES", rid, sources=[wg("5 (y)", RES_QUOTE)])


def _actors(c: ChangeSet) -> None:
    c.node(
        "state:mali",
        "State",
        "Mali",
        aliases=["Government of Mali", "Gouvernement du Mali"],
        iso3="MLI",
        sources=[wg("3", "the steps taken by the Government of Mali")],
    )
    c.node(
        "force:mali-defence-and-security-forces",
        "StateForce",
        "Malian defence and security forces",
        sources=[wg("5 (i)", "the training of the Malian defence and security forces on child protection")],
    )
    c.edge(
        "force:mali-defence-and-security-forces",
        "PART_OF",
        "state:mali",
        sources=[wg("5 (i)", "the Malian defence and security forces")],
    )
    c.node(
        "coalition:cma",
        "Coalition",
        "Coordination des mouvements de l'Azawad",
        aliases=["CMA", "Coordination of Azawad Movements"],
        external_ids=["ucdp:1158"],
        sources=[wg("3", "the Coordination des mouvements de l’Azawad (CMA)")],
    )
    for node_id, (kind, name, aliases) in GROUPS.items():
        c.node(node_id, kind, name, aliases=aliases, sources=[wg("5 (o)", HEADER_5O)])
    un = {
        "un:security-council": ("Security Council", ["UNSC"]),
        "un:wg-caac": ("Working Group on Children and Armed Conflict", ["Working Group"]),
        "un:secretary-general": ("Secretary-General", ["Secretary-General of the United Nations"]),
        "un:srsg-caac": (
            "Special Representative of the Secretary-General for Children and Armed Conflict",
            ["SRSG-CAAC"],
        ),
        "un:minusma": ("United Nations Multidimensional Integrated Stabilization Mission in Mali", ["MINUSMA"]),
        "un:unicef": ("United Nations Children's Fund", ["UNICEF"]),
    }
    for node_id, (name, aliases) in un.items():
        c.node(node_id, "UNEntity", name, aliases=aliases)
    c.edge("un:wg-caac", "PART_OF", "un:security-council")
    c.edge("un:wg-caac", "ISSUED", WG, sources=[wg("title", "Working Group on Children and Armed Conflict")])
    c.edge("un:secretary-general", "ISSUED", SG, sources=[wg("1", "the second report of the Secretary-General")])
    c.edge(
        "group:mnla",
        "MEMBER_OF",
        "coalition:cma",
        sources=[
            wg(
                "5 (w)",
                "binding upon all members of CMA, including the Mouvement national pour la libération de l’Azawad",
            )
        ],
    )
    c.edge(
        "group:gatia",
        "MEMBER_OF",
        "coalition:platform",
        sources=[
            wg(
                "5 (o)",
                "the Platform coalition of armed groups, including the Groupe d’autodéfense des Touaregs Imghad",
            )
        ],
    )
    for group in ("group:ansar-eddine", "group:mujao", "group:mnla", "group:aqim"):
        c.edge(group, "LISTED_FOR", "violation:recruitment-and-use", sources=[wg("5 (o)", HEADER_5O)])


def _commitments(c: ChangeSet) -> None:
    plan = "commitment:cma-action-plan-2017-03"
    w = wg(
        "5 (w)",
        "an action plan to end and prevent the recruitment and use of children and sexual violence "
        "against children by CMA, which is binding upon all members of CMA",
    )
    three = wg("3", "the signing in March 2017 of an action plan by CMA, which is binding upon all members of CMA")
    c.node(
        plan,
        "Commitment",
        "CMA action plan on the recruitment and use of children and sexual violence",
        category="action_plan",
        date="2017-03",
        sources=[w],
    )
    c.edge("coalition:cma", "SIGNED", plan, since="2017-03", role="party", sources=[w, three])
    c.edge(
        "un:srsg-caac",
        "SIGNED",
        plan,
        since="2017-03",
        role="counterparty",
        sources=[wg("5 (w)", "and the United Nations in March 2017")],
    )
    c.edge(plan, "BINDS", "coalition:cma", scope="all_members", sources=[w, three])
    c.edge(plan, "COVERS", "violation:recruitment-and-use", sources=[w])
    c.edge(plan, "COVERS", "violation:sexual-violence", sources=[w])
    communique = "commitment:platform-communique-2016-06"
    x = wg(
        "5 (x)",
        "the unilateral communiqué signed by the Platform in June 2016 on the prevention of "
        "conflict-related sexual violence",
    )
    c.node(
        communique,
        "Commitment",
        "Platform unilateral communiqué on conflict-related sexual violence",
        category="communique",
        date="2016-06",
        sources=[x],
    )
    c.edge("coalition:platform", "SIGNED", communique, since="2016-06", role="party", sources=[x])
    c.edge(communique, "BINDS", "coalition:platform", scope="self", sources=[x])
    c.edge(communique, "COVERS", "violation:sexual-violence", sources=[x])
    policy = "commitment:mali-national-child-protection-policy-2014-07"
    a = wg("5 (a)", "adoption in July 2014 of a national policy on child protection and promotion")
    c.node(
        policy,
        "Commitment",
        "National policy on child protection and promotion",
        category="policy",
        date="2014-07",
        sources=[a],
    )
    c.edge("state:mali", "ADOPTED", policy, since="2014-07", sources=[a, wg("7 (a)", a.quote)])
    schools = "commitment:safe-schools-declaration"
    c.node(
        schools,
        "Commitment",
        "Safe Schools Declaration",
        category="declaration",
        sources=[wg("5 (m)", "the Safe Schools Declaration")],
    )
    c.edge("state:mali", "ENDORSED", schools, sources=[wg("5 (m)", "its endorsement of the Safe Schools Declaration")])
    protocol = "commitment:protocol-release-handover-children-2013-07-01"
    e = wg(
        "5 (e)",
        "the Protocol on the Release and Handover of Children Associated with Armed Forces and Groups, "
        "signed on 1 July 2013",
    )
    c.node(
        protocol,
        "Commitment",
        "Protocol on the Release and Handover of Children Associated with Armed Forces and Groups",
        category="protocol",
        date="2013-07-01",
        sources=[e],
    )
    c.edge("state:mali", "SIGNED", protocol, since="2013-07-01", role="party", sources=[e])
    for vid, name in (
        ("violation:recruitment-and-use", "Recruitment and use of children"),
        ("violation:sexual-violence", "Rape and other forms of sexual violence"),
    ):
        c.node(vid, "Violation", name)


def _statements(c: ChangeSet) -> None:
    for locator, verb, addressees, text in STATEMENTS:
        sid = statement_id(locator)
        source = wg(locator, text)
        c.node(
            sid, "Statement", f"S/AC.51/2018/1/Rev.1 {locator}", locator=locator, verb=verb, text=text, sources=[source]
        )
        c.edge(sid, "PART_OF", WG, sources=[source])
        for addressee in addressees:
            c.edge(sid, "ADDRESSED_TO", addressee, sources=[source])
    c.edge(statement_id("5 (w)"), "MENTIONS", "coalition:cma", sources=[wg("5 (w)", "by CMA")])
    c.edge(
        statement_id("5 (w)"),
        "MENTIONS",
        "group:mnla",
        sources=[wg("5 (w)", "the Mouvement national pour la libération de l’Azawad")],
    )
    c.edge(
        statement_id("5 (w)"),
        "MENTIONS",
        "commitment:cma-action-plan-2017-03",
        sources=[wg("5 (w)", "the signing of an action plan")],
    )
    c.edge(
        statement_id("5 (x)"),
        "MENTIONS",
        "commitment:platform-communique-2016-06",
        sources=[wg("5 (x)", "the unilateral communiqué signed by the Platform")],
    )
    b = wg("8 (b)", "to ensure that MINUSMA and the United Nations Children’s Fund strengthen their efforts")
    c.edge(statement_id("8 (b)"), "MENTIONS", "un:minusma", sources=[b])
    c.edge(statement_id("8 (b)"), "MENTIONS", "un:unicef", sources=[b])
    c.edge(
        statement_id("8 (a)"),
        "MENTIONS",
        "un:minusma",
        sources=[
            wg(
                "8 (a)",
                "the child protection component of the United Nations Multidimensional Integrated Stabilization "
                "Mission in Mali (MINUSMA)",
            )
        ],
    )


def _places_and_relations(c: ChangeSet) -> None:
    c.node("region:mali", "Region", "Mali", level="country")
    c.node("region:northern-mali", "Region", "Northern Mali", aliases=["north of Mali"], level="subnational")
    c.edge("region:northern-mali", "PART_OF", "region:mali")
    c.edge(WG, "ABOUT", "region:mali", sources=[wg("title", "Conclusions on children and armed conflict in Mali")])
    o = wg("5 (o)", "Strongly condemning all violations and abuses committed against children in Mali")
    for actor in [*GROUPS, "coalition:cma"]:
        c.edge(actor, "OPERATES_IN", "region:mali", since="2014", until="2017-06", sources=[o])
    c.edge(
        "un:minusma",
        "OPERATES_IN",
        "region:northern-mali",
        sources=[wg("8 (a)", "the deployment of child protection advisers throughout MINUSMA areas of operation")],
    )
    stand_in = Source(UCDP, "stand-in", "", "fixture:ucdp-stand-in")
    c.edge("coalition:cma", "IN_CONFLICT_WITH", "coalition:platform", since="2016", until="2017", sources=[stand_in])
    c.edge("group:ansar-eddine", "ALLIED_WITH", "group:aqim", since="2012", sources=[stand_in])


def _figures_and_events(c: ChangeSet) -> None:
    fid = "figure:s-ac-51-2018-1-rev-1:5-f:1"
    f = wg("5 (f)", "Commending the release of 72 child detainees")
    c.node(
        fid,
        "Figure",
        "72 child detainees released",
        value=72,
        unit="children",
        measure="children released",
        period="2014/2017",
        scope="region:mali",
        sources=[f],
    )
    c.edge(fid, "REPORTED_IN", WG, sources=[f])
    c.edge(fid, "ABOUT", "region:mali", sources=[f])
    meeting = "event:wg-caac-70th-meeting-2018-03-12"
    one = wg(
        "1",
        "At its 70th meeting, on 12 March 2018, the Working Group on Children and Armed Conflict "
        "examined the second report of the Secretary-General",
    )
    c.node(
        meeting,
        "Event",
        "70th meeting of the Working Group on Children and Armed Conflict",
        date="2018-03-12",
        sources=[one],
    )
    c.edge(meeting, "EXAMINED", SG, sources=[one])
    c.edge("un:wg-caac", "ORGANIZED", meeting, sources=[one])
    c.edge(
        "un:srsg-caac",
        "PARTICIPATED_IN",
        meeting,
        role="introduced the report",
        sources=[wg("1", "which was introduced by the Special Representative of the Secretary-General")],
    )
    c.edge(
        "state:mali",
        "PARTICIPATED_IN",
        meeting,
        role="Permanent Representative",
        sources=[
            wg("1", "The Permanent Representative of Mali to the United Nations also addressed the Working Group")
        ],
    )
    webinar = "event:webinar-preventing-recruitment-2021-04-29"

    def ws(locator: str, quote: str) -> Source:
        return Source(WEBINAR, locator, quote, M)

    c.node(
        webinar,
        "Event",
        "Webinar on preventing the recruitment of children by non-state armed actors",
        date="2021-04-29",
        sources=[ws("1", "On 29 April 2021, Fight for Humanity and Independent Diplomat co-organized a webinar")],
    )
    c.node("org:fight-for-humanity", "Organization", "Fight for Humanity", category="ngo")
    c.edge(
        "org:fight-for-humanity",
        "ORGANIZED",
        webinar,
        role="co-organizer",
        sources=[ws("1", "Fight for Humanity and Independent Diplomat co-organized a webinar")],
    )
    c.node("person:attaye-ag-mohamed", "Person", "Attaye Ag Mohamed")
    c.node("person:virginia-gamba", "Person", "Virginia Gamba")
    c.edge(
        "person:attaye-ag-mohamed",
        "PARTICIPATED_IN",
        webinar,
        role="panelist",
        sources=[ws("1", "Attaye Ag Mohamed, Head of Legal Affairs and Human Rights")],
    )
    c.edge(
        "person:attaye-ag-mohamed",
        "AFFILIATED_WITH",
        "coalition:cma",
        role="Head of Legal Affairs and Human Rights",
        sources=[
            ws(
                "1",
                "Head of Legal Affairs and Human Rights, Member of the Comité de Suivi de l’Accord, "
                "Coordination of Azawad Movements – Mali",
            )
        ],
    )
    c.edge(
        "person:virginia-gamba",
        "PARTICIPATED_IN",
        webinar,
        role="panelist",
        sources=[
            ws(
                "1",
                "Virginia Gamba, UN Special Representative of the Secretary-General for Children and Armed Conflict",
            )
        ],
    )
    c.edge(
        "person:virginia-gamba",
        "AFFILIATED_WITH",
        "un:srsg-caac",
        role="Special Representative",
        sources=[
            ws(
                "1",
                "Virginia Gamba, UN Special Representative of the Secretary-General for Children and Armed Conflict",
            )
        ],
    )
    c.edge(webinar, "ABOUT", "region:mali", sources=[ws("1", "representatives from non-state armed actors from Mali")])


def fixture_store() -> MemoryStore:
    """An in-memory store holding the fixture graph."""
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(mali_graph())
    return store
