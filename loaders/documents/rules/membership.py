"""MEMBER_OF from "X (a coalition of armed groups), including Y" and "Y, as part of X"."""

from __future__ import annotations

import itertools
import re

from graph.names import slugify
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention

_INCLUDING = re.compile(
    r"(?: coalition(?: of armed groups)?)?,? (?:including|y compris|qui comprend) (?:the |le |la |l['’] ?)?"
)
_PART_OF = re.compile(r"(?: \([A-Za-z-]+\))?,? as (?:a )?part of (?:the )?")


def membership_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """MEMBER_OF from "X (coalition of armed groups), including Y" and "Y, as part of (the) X"."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    groups = {"ArmedGroup", "Coalition"}
    for outer, inner in itertools.pairwise(mentions):
        between = text[outer.end - start : inner.start - start]
        outer_kind, inner_kind = nodes[outer.node_id].kind, nodes[inner.node_id].kind
        if outer_kind == "Coalition" and inner_kind in groups and _INCLUDING.fullmatch(between):
            member, group = inner, outer
        elif outer_kind in groups and inner_kind in groups and _PART_OF.fullmatch(between):
            member, group = outer, inner
        else:
            continue
        source = extraction.source(outer.start, inner.end, locator, "member-of")
        member_id, group_id = extraction.use(member.node_id, source), extraction.use(group.node_id, source)
        extraction.fact(member_id, "MEMBER_OF", group_id, source)
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
