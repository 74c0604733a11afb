"""MEMBER_OF from "X (a coalition of armed groups), including Y", "the Taliban forces, including A, B and C",
"Y, as part of X" and "the Working Group ..., chaired by France" (role chair)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from graph.model import Node
from graph.names import slugify
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention

_INCLUDING = re.compile(
    r"(?: (?:coalition(?: of armed groups)?|forces))?,? (?:including|y compris|qui comprend) (?:the |le |la |l['’] ?)?"
)
_NEXT_MEMBER = re.compile(r"\s*(?:\([^()]{1,20}\))?\s*(?:,|,? and|,? et)\s+(?:the |le |la |l['’] ?)?")
_ORGAN_AFTER = re.compile(r" (?:Working Group|Committee|Commission|Task Force)\b")
_CHAIRED = re.compile(r",? (?:which is |is |was )?(?:currently |now )?(?P<co>co-)?chaired by (?:the )?$")
_PART_OF = re.compile(r"(?: \([A-Za-z-]+\))?,? as (?:a )?part of (?:the )?")


def membership_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """MEMBER_OF from "X (coalition of armed groups), including Y" and "Y, as part of (the) X"."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    groups = {"ArmedGroup", "Coalition"}
    for at, (outer, inner) in enumerate(itertools.pairwise(mentions)):
        between = text[outer.end - start : inner.start - start]
        outer_kind, inner_kind = nodes[outer.node_id].kind, nodes[inner.node_id].kind
        if outer_kind in groups and inner_kind in groups and _INCLUDING.fullmatch(between):
            # "X (coalition), including Y"; an armed group's "forces, including A, B and C" are its parts
            if outer_kind == "ArmedGroup" and not between.startswith(" forces"):
                continue
            for member in _listed(text, start, mentions[at + 1 :], groups, nodes):
                source = extraction.source(outer.start, member.end, locator, "member-of")
                member_id, group_id = extraction.use(member.node_id, source), extraction.use(outer.node_id, source)
                extraction.fact(member_id, "MEMBER_OF", group_id, source)
            continue
        elif outer_kind in groups and inner_kind in groups and _PART_OF.fullmatch(between):
            member, group = outer, inner
        else:
            continue
        source = extraction.source(outer.start, inner.end, locator, "member-of")
        member_id, group_id = extraction.use(member.node_id, source), extraction.use(group.node_id, source)
        extraction.fact(member_id, "MEMBER_OF", group_id, source)
    _chaired(extraction, text, start, locator, mentions)
    for mention in mentions:
        if nodes[mention.node_id].kind not in groups:
            continue
        named = _PART_OF_COALITION.match(text, mention.end - start)
        if named is None:
            continue
        source = extraction.source(mention.start, start + named.end(), locator, "member-of")
        name = named.group("name")
        coalition = extraction.named(f"coalition:{slugify(name)}", "Coalition", name, source)
        extraction.fact(extraction.use(mention.node_id, source), "MEMBER_OF", coalition, source)


# "the MPC (MPC), part of the Former Séléka coalition": the coalition named by its word
_PART_OF_COALITION = re.compile(
    r"(?: \([A-Z][\w/-]*\))?,? (?:a |as )?(?:part|member) of the "
    r"(?P<name>[A-Z][\w’'‑-]*(?:[ -][A-Z][\w’'‑-]*){0,4}) coalition\b"
)


def _listed(text: str, start: int, after: list[Mention], kinds: set[str], nodes: Mapping[str, Node]) -> list[Mention]:
    """The first mention and those joined to it as one list ("A, B and C")."""
    found: list[Mention] = []
    for mention in after:
        if nodes[mention.node_id].kind not in kinds:
            break
        if found and not _NEXT_MEMBER.fullmatch(text[found[-1].end - start : mention.start - start]):
            break
        found.append(mention)
    return found


def _chaired(extraction: Extraction, text: str, start: int, locator: str, mentions: list[Mention]) -> None:
    """ "The Working Group ... is currently chaired by Luxembourg": the State that chairs a body is its member."""
    nodes = extraction.gazetteer.nodes
    for chair in (m for m in mentions if nodes[m.node_id].kind == "State"):
        chaired = _CHAIRED.search(text[max(0, chair.start - start - 60) : chair.start - start])
        if chaired is None:
            continue
        sentence = text.rfind(". ", 0, chair.start - start) + 1
        bodies = [
            m
            for m in mentions
            if sentence <= m.start - start < chair.start - start
            and nodes[m.node_id].kind in ("UNEntity", "Organization")
            and not _ORGAN_AFTER.match(text, m.end - start)  # "Security Council" of an unknown "... Working Group"
        ]
        if bodies:
            body = bodies[
                0
            ]  # the sentence's subject: "The Working Group ... established pursuant to ... and chaired by"
            source = extraction.source(body.start, chair.end, locator, "member-of")
            role = "co-chair" if chaired.group("co") else "chair"
            extraction.fact(
                extraction.use(chair.node_id, source),
                "MEMBER_OF",
                extraction.use(body.node_id, source),
                source,
                role=role,
            )
