"""SIGNED, BINDS and COVERS from signings of action plans, agreements and communiqués; ADOPTED and
ENDORSED by a State.
"""

from __future__ import annotations

import re

from graph.model import PARTIES, Source
from graph.names import slugify
from loaders.documents.countries import initials
from loaders.documents.dates import DATE_WORDS, MONTH_WORDS, iso_date
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention
from loaders.documents.rules.addressees import STATE_FORCE, intro_addressee
from loaders.documents.rules.statements import violation_node
from loaders.documents.rules.text import clause_span, sentence_start
from loaders.documents.structure import Paragraph
from loaders.documents.vocabulary import (
    ACTOR_WORDS,
    VIOLATION_PATTERNS,
)

_COMMITMENT_WORDS = (
    (re.compile(r"\baction plans?\b|\bplans? d['’] ?action\b", re.IGNORECASE), "action plan", "action_plan"),
    (
        re.compile(r"\bunilateral communiqué\b|\bcommuniqué unilatéral\b", re.IGNORECASE),
        "unilateral communique",
        "communique",
    ),
    (
        re.compile(r"\bdeed of commitment\b|\bacte d['’] ?engagement\b", re.IGNORECASE),
        "deed of commitment",
        "deed_of_commitment",
    ),
    (re.compile(r"\bcommand (?:order|directive)\b", re.IGNORECASE), "command order", "other"),
)
_SIGN = re.compile(
    r"\bsign(?:ing|ed|s)\b|\ba signé\b|\bsigne\b|\b(?:first|second|third|fourth|fifth|last|latest) to sign\b"
    r"|\b(?:has |have )?concluded\b(?= (?:an?|the|its) (?:joint )?(?:action plan|plan d))",
    re.IGNORECASE,
)
_COUNTERPARTY = re.compile(r"(?:,? and|\bwith|\bavec) (?:the |les )?(?:United Nations|Nations [Uu]nies)\b")


def signing_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """SIGNED with date and role, BINDS (all_members) and COVERS, from a signing of a plan or communiqué."""
    text = extraction.span(start, end)
    for sign in _SIGN.finditer(text):
        begin, stop = clause_span(text, sign.end())
        if _NOT_DONE.search(text[begin : sign.start()]):
            continue  # "has not signed", "encouraged ... to pursue the signing of": no signing happened
        what = _commitment_word(text, begin, stop, sign.start())
        if what is None:
            continue
        first = _signing_party(
            extraction, text, start, clause=(begin, stop), sign=sign, mentions=mentions, locator=locator
        )
        if first is None:
            continue
        for party in _with_co_signers(
            extraction, first, text, start, verb_at=sign.start(), mentions=mentions, locator=locator
        ):
            _signed(
                extraction,
                party,
                what,
                text,
                start=start,
                clause=(begin, stop),
                sign=sign,
                locator=locator,
                mentions=mentions,
            )


# Words before a signing verb that say it did not (yet) happen: a negation, a wish, a call, a future.
_NOT_DONE = re.compile(
    r"\b(?:not|never|no longer|yet to|urg\w*|encourag\w*|call(?:s|ed|ing)? (?:up)?on|request\w*|pursue|would|will|"
    r"should|must|ready to|willing(?:ness)? to|intend\w*|plan(?:s|ned)? to|n['’]a pas|pas encore)\b",
    re.IGNORECASE,
)
# A party nothing knows joined to the known ones before the verb: "... and the Civilian Joint Task Force in Nigeria"
_JOINED_NEW = re.compile(
    r"\s*(?:\([^()]*\))?(?: in (?:the )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*)?\s*(?:,|and|et|,? as well as)\s*"
    r"(?:the |la |le |l['’] ?)?(?P<name>[A-Z][\w’'-]*(?: (?:of|for|de|du|des|la|pour)?\s?[A-Z][\w’'-]*)+)"
    r"(?: \([A-Z][\w/-]*\))?(?: in (?:the )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*)?\s*(?:has |have )?"
)
# Between two parties that sign together: "A (A) and the B", "the CMA in Mali and the CJTF in Nigeria"
_JOINED = re.compile(
    r"\s*(?:\([^()]*\))?(?: in (?:the )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*)?\s*(?:,|/|and|et|,? as well as)\s*"
    r"(?:the |la |le |l['’] ?)?"
)


def _with_co_signers(
    extraction: Extraction,
    first: Mention,
    text: str,
    start: int,
    *,
    verb_at: int,
    mentions: list[Mention],
    locator: str,
) -> list[Mention]:
    """The first signing party and those joined to it before the verb ("A (A) and the B (B) ... signed")."""
    parties = [m for m in mentions if extraction.gazetteer.nodes[m.node_id].kind in PARTIES]
    found = [first]
    for mention in parties:
        if first.end <= mention.start and mention.start - start < verb_at:
            if not _JOINED.fullmatch(text[found[-1].end - start : mention.start - start]):
                break
            found.append(mention)
    unknown = _JOINED_NEW.fullmatch(text, found[-1].end - start, verb_at)
    if unknown is not None and ACTOR_WORDS.search(unknown.group("name")):
        name = unknown.group("name")
        if extraction.gazetteer.preferred(name) is None:  # "... in Mali and the Civilian Joint Task Force in Nigeria"
            source = extraction.source(start + unknown.start("name"), start + unknown.end("name"), locator, "signatory")
            found.append(
                _mint_party(extraction, name, (start + unknown.start("name"), start + unknown.end("name")), source)
            )
    return list({m.node_id: m for m in found}.values())


def _signed(
    extraction: Extraction,
    party: Mention,
    what: tuple[str, str, int],
    text: str,
    *,
    start: int,
    clause: tuple[int, int],
    sign: re.Match[str],
    locator: str,
    mentions: list[Mention],
) -> None:
    """One party's SIGNED (with its Commitment, the UN as counterparty, BINDS and COVERS)."""
    label, category, what_at = what
    begin, stop = clause
    words = text[begin:stop]
    # The date of the signing follows its verb ("signing in March 2017", "signed ... in June 2016");
    # a press release's dateline before it is the date of the release, not of the signing.
    date = iso_date(text[sign.start() : stop])
    quote = extraction.source(start + begin, start + stop, locator, "signed")
    node = extraction.node(party.node_id)
    month = date[:7] if date else None
    commitment_id = _commitment_id(extraction, party.node_id, label, month)
    name = f"{node.name if node else party.words} {label}" + (f" ({month})" if month else "")
    commitment = extraction.new_node(commitment_id, "Commitment", name, quote, category=category, date=month)
    extraction.memo.setdefault("party", party.node_id)
    signed = extraction.memo.setdefault("signed", commitment)
    if signed != commitment:
        extraction.memo["signed"] = ""  # several commitments: "the Action Plan" names none of them
    extraction.fact(extraction.use(party.node_id, quote), "SIGNED", commitment, quote, role="party", since=date)
    if _COUNTERPARTY.search(words) or re.search(
        r"\b(?:United Nations|Nations [Uu]nies) and (?:the )?", text[begin : sign.start()]
    ):
        united_nations = extraction.use("un:united-nations", quote)
        extraction.fact(united_nations, "SIGNED", commitment, quote, role="counterparty", since=date)
    bound = _binds(extraction, commitment, text, start, clause=(begin, stop), locator=locator, mentions=mentions)
    if party.node_id not in bound:  # a party binds itself by signing, unless the text says it binds all members
        extraction.fact(commitment, "BINDS", party.node_id, quote, scope="self")
    _covers(extraction, commitment, text, start, clause=(what_at, stop), locator=locator)


# "the FPRC, ... party to the Political Agreement for Peace and Reconciliation in the Central African
# Republic"; "la CMA, une coalition de mouvements armés signataire de l'accord de paix d'Alger"
_PARTY_TO = re.compile(
    r"\b(?:party|signatory|signataire)s? (?:to|of|de) (?:the |l['’] ?|la )?"
    r"(?P<name>(?:[A-Z][\w’'‑-]*(?: (?:(?:for|on|of|in|the|and)\s)*[A-Z][\w’'‑-]*)*)|accord [^,;.()]{3,60}?)"
    r"(?=[,;.)]| and | et |$)"
)
_AGREEMENT = re.compile(r"\b(?:Agreement|Accord|accord|Protocol|Declaration|Convention|Treaty)\b")


def agreement_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """SIGNED an agreement the text says a party is "party to" or "signataire de" (the subject of the sentence)."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    for match in _PARTY_TO.finditer(text):
        name = match.group("name").strip()
        if not _AGREEMENT.search(name) or _NOT_DONE.search(text[sentence_start(text, match.start()) : match.start()]):
            continue
        sentence = sentence_start(text, match.start())
        subject = next(
            (m for m in mentions if sentence <= m.start - start < match.start() and nodes[m.node_id].kind in PARTIES),
            None,
        )
        if subject is None:
            continue
        source = extraction.source(subject.start, start + match.end(), locator, "party-to")
        agreement = extraction.named(f"commitment:{slugify(name)}", "Commitment", name, source, category="agreement")
        extraction.fact(extraction.use(subject.node_id, source), "SIGNED", agreement, source, role="party")


def _commitment_id(extraction: Extraction, party_id: str, label: str, month: str | None) -> str:
    """``commitment:<party>-<what>-<yyyy-mm>``; undated, the one such commitment the gazetteer knows, if one."""
    stem = f"commitment:{party_id.split(':', 1)[1]}-{slugify(label)}"
    if month:
        return f"{stem}-{month}"
    known = [node_id for node_id in extraction.gazetteer.nodes if node_id.startswith(f"{stem}-")]
    return known[0] if len(known) == 1 else stem


def _commitment_word(text: str, begin: int, stop: int, verb_at: int) -> tuple[str, str, int] | None:
    best: tuple[int, str, str, int] | None = None
    for pattern, label, category in _COMMITMENT_WORDS:
        for match in pattern.finditer(text, begin, stop):
            distance = abs(match.start() - verb_at)
            if distance <= 60 and (best is None or distance < best[0]):
                best = (distance, label, category, match.end())
    return (best[1], best[2], best[3]) if best else None


def _signing_party(
    extraction: Extraction,
    text: str,
    start: int,
    *,
    clause: tuple[int, int],
    sign: re.Match[str],
    mentions: list[Mention],
    locator: str,
) -> Mention | None:
    begin, stop = clause
    parties = [m for m in mentions if extraction.gazetteer.nodes[m.node_id].kind in PARTIES]
    subject = any(begin <= m.start - start < sign.start() for m in parties)
    named: dict[str, list[Mention]] = {"between": [], "by": []}
    for mention in parties:
        at = mention.start - start
        passive = re.search(r"\b(?P<word>by|between) (?:the )?$", text[max(begin, at - 14) : at])
        if passive and sign.end() <= at < stop:
            named[passive.group("word")].append(mention)
    # "the signing of ... between X and the United Nations" names the signatories, whatever "by" says before it
    if named["between"]:
        return named["between"][0]
    for mention in named["by"]:
        # "signed by X", "the signing of an action plan to end ... by X"; but when the verb has its subject,
        # "X signed ... to end the use of children by Y" names Y as the doer of what the plan ends
        if not (subject and _WHAT_FOR.search(text, sign.end(), mention.start - start)):
            return mention
    verb = sign.group().casefold()
    subject_verb = verb in ("signed", "a signé", "signs") or verb.endswith(("to sign", "concluded"))
    if subject_verb:
        before = [m for m in parties if begin <= m.start - start < sign.start()]
        if before and not re.search(r"\bby\b", text[before[0].end - start : sign.start()]):
            return before[0]
    for mention in parties:  # "the signing of action plans ... with the MILF, the SPLA and ...": the UN's partner
        at = mention.start - start
        kind = extraction.gazetteer.nodes[mention.node_id].kind
        if (
            kind != "State"
            and sign.end() <= at < stop
            and re.search(r"\bwith (?:the )?$", text[max(begin, at - 9) : at])
        ):
            return mention
    return new_signatory(extraction, text, start, begin=begin, sign=sign, locator=locator) if subject_verb else None


# Words between a signing verb and "by X" that make X the doer of what the plan ends, not its signatory.
_WHAT_FOR = re.compile(
    r"\b(?:children|enfants|recruitment|recrutement|violations?|to end|pour mettre fin)\b", re.IGNORECASE
)


# The subject of "signed" that nothing knows yet: "The X ... signed", "The United Nations and the X ... signed"
_SUBJECT = re.compile(
    r"(?:^|(?<=\bUnited Nations and )|(?<=\bUN and ))(?:[Tt]he |[Ll]a |[Ll]e |[Ll]['’] ?)?"
    r"(?P<name>[A-Z][\w’'‑-]*(?: (?:of|for|de|du|des|la|le|pour|et|and)?\s?[A-Z][\w’'‑-]*)+)"
)


# A party named by one word right before its verb: "In 2012, the Tatmadaw signed an Action Plan".
_ONE_WORD_SUBJECT = re.compile(
    r"(?:^|,\s|\.\s)(?:[Tt]he |[Ll]e |[Ll]a |[Ll]['’] ?)(?P<name>[A-Z][\w’'‑-]{3,})(?: \([A-Z][\w/-]*\))? $"
)
_NOT_A_PARTY = re.compile(
    r"Government|President|Council|Minister|Ministry|Chair\w*|Representative|Part(?:y|ies)|Coalition|Group|"
    r"Movement|Plan|Agreement|Secretary-General|State|Commission|Committee|Mission|Office|United|Nations|"
    r"Gouvernement|Président\w*|Ministre|Ambassador|Envoy|Organization|Organisation|Union|Court|Leadership"
)


def new_signatory(
    extraction: Extraction, text: str, start: int, *, begin: int, sign: re.Match[str], locator: str
) -> Mention | None:
    """A party minted unreviewed from the subject of the signing, with its initials as an alias when the
    document uses them ("the Civilian Joint Task Force ... The CJTF")."""
    subject = next(
        (
            m
            for m in _SUBJECT.finditer(text, begin, sign.start())
            if m.start() <= begin + 40 and extraction.gazetteer.preferred(m.group("name")) is None
        ),
        None,
    )
    if subject is None:
        subject = _ONE_WORD_SUBJECT.search(text, begin, sign.start())
        if subject is None or _NOT_A_PARTY.fullmatch(subject.group("name")):
            return None
        if extraction.gazetteer.preferred(subject.group("name")) is not None:
            return None
    name = subject.group("name")
    if " " in name and not ACTOR_WORDS.search(name):  # "New York, 3 May 2019 - President ... signed" names no party
        return None
    source = extraction.source(start + subject.start("name"), start + subject.end("name"), locator, "signatory")
    return _mint_party(extraction, name, (start + subject.start("name"), start + subject.end("name")), source)


def _mint_party(extraction: Extraction, name: str, span: tuple[int, int], source: Source) -> Mention:
    """A party minted unreviewed from the words that name it, with its initials when the document uses them."""
    short = initials(name)
    aliases = [short] if short and re.search(rf"\b{short}\b", extraction.clean.text) else []
    kind, prefix = ("StateForce", "force") if STATE_FORCE.match(name) else ("ArmedGroup", "group")
    node_id = extraction.new_node(
        f"{prefix}:{slugify(short or name)}", kind, name, source, aliases=aliases, reviewed=False
    )
    extraction.learn([node_id])
    return Mention(span[0], span[1], node_id, name)


def _binds(
    extraction: Extraction,
    commitment: str,
    text: str,
    start: int,
    *,
    clause: tuple[int, int],
    locator: str,
    mentions: list[Mention],
) -> set[str]:
    """BINDS scope all_members from "binding upon all members of X"; the ids it binds."""
    bound: set[str] = set()
    begin, stop = clause
    binding = r"binding upon all (?:the )?members of (?:the )?|contraignant pour tous les membres de (?:la |l['’] ?)?"
    for match in re.finditer(binding, text[begin:stop]):
        at = start + begin + match.end()
        target = next((m for m in mentions if m.start == at), None)
        if target is not None and extraction.gazetteer.nodes[target.node_id].kind in {"Coalition", "ArmedGroup"}:
            source = extraction.source(start + begin + match.start(), target.end, locator, "binding-upon")
            extraction.fact(commitment, "BINDS", extraction.use(target.node_id, source), source, scope="all_members")
            bound.add(target.node_id)
    return bound


# What a commitment is for, right after it: "an action plan to end and prevent ...", "un plan d'action ...
# pour mettre fin et prévenir ..."; the list of violations runs to a clause that is not one of them.
_PURPOSE = re.compile(
    r"\bto (?:end and prevent|prevent and end|end|prevent)\b"
    r"|\bpour (?:mettre fin (?:et prévenir|à|aux)|prévenir et (?:mettre fin|faire cesser)|prévenir|lutter contre)\b"
)
_PURPOSE_END = re.compile(r" by | par |, (?:a |an |the |which |who |as |in |during |and call|qui |dont )| and call")


def _covers(
    extraction: Extraction, commitment: str, text: str, start: int, *, clause: tuple[int, int], locator: str
) -> None:
    after, stop = clause
    match = _PURPOSE.search(text[after:stop])
    if match is None or match.start() > 60:
        return
    purpose_begin = after + match.start()
    cut = _PURPOSE_END.search(text[after + match.end() : stop])
    purpose_end = after + match.end() + cut.start() if cut else stop
    purpose = text[purpose_begin:purpose_end]
    for violation_id, name, pattern in VIOLATION_PATTERNS:
        if pattern.search(purpose):
            source = extraction.source(start + purpose_begin, start + purpose_end, locator, "covers")
            extraction.fact(commitment, "COVERS", violation_node(extraction, violation_id, name, source), source)


_THE_PLAN = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Ii]ts)(?: new)? (?:Action Plan|action plan|Deed of Commitment|plan d['’] ?action|"
    r"document|agreement|commitment)\b"
    r"(?P<rest>[^.;]*?\b(?:covers|addresses|includes|aims to|to (?:end and )?prevent|prohibits|couvre|vise)\b[^.;]*)"
)


def scope_rules(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """COVERS from what "the Action Plan" signed in this document "covers", "addresses" or "includes"."""
    commitment = extraction.memo.get("signed")
    if not commitment:
        return
    text = extraction.span(start, end)
    for match in _THE_PLAN.finditer(text):
        for violation_id, name, pattern in VIOLATION_PATTERNS:
            found = pattern.search(match.group("rest"))
            if found:
                stop = match.start("rest") + found.end()
                source = extraction.source(start + match.start(), start + stop, locator, "covers")
                extraction.fact(commitment, "COVERS", violation_node(extraction, violation_id, name, source), source)


_ADOPTION = re.compile(
    r"\b(?P<verb>adoption|adopted|endorsement|endorsed)"
    rf"(?: in (?P<date>(?:{DATE_WORDS}|{MONTH_WORDS})))? of (?:a |an |the |its )?"
)


def adoption_rules(extraction: Extraction, paragraph: Paragraph, locator: str, mentions: list[Mention]) -> None:
    """ADOPTED / ENDORSED from "the adoption in July 2014 of X" or "its endorsement of X" by the State named."""
    start = paragraph.start
    text = extraction.span(paragraph.start, paragraph.end)
    for match in _ADOPTION.finditer(text):
        targets = _commitments_after(extraction, mentions, start + match.end(), text, start)
        if not targets:
            continue
        actor = _subject_state(extraction, paragraph, text, match.start(), mentions)
        if actor is None:
            continue
        rel = "ADOPTED" if match.group("verb").startswith("adopt") else "ENDORSED"
        date = iso_date(match.group("date") or "")
        for target in targets:
            source = extraction.source(start + match.start(), target.end, locator, rel.lower())
            extraction.fact(
                extraction.use(actor, source), rel, extraction.use(target.node_id, source), source, since=date
            )


def _commitments_after(
    extraction: Extraction, mentions: list[Mention], at: int, text: str, start: int
) -> list[Mention]:
    found: list[Mention] = []
    for mention in mentions:
        if mention.start != at or extraction.gazetteer.nodes[mention.node_id].kind != "Commitment":
            continue
        found.append(mention)
        follow = re.match(r" and (?:the |its )?", text[mention.end - start :])
        if follow:
            found.extend(_commitments_after(extraction, mentions, mention.end + follow.end(), text, start))
    return found


def _subject_state(
    extraction: Extraction, paragraph: Paragraph, text: str, at: int, mentions: list[Mention]
) -> str | None:
    nodes = extraction.gazetteer.nodes
    states = [m for m in mentions if m.start - paragraph.start < at and nodes[m.node_id].kind == "State"]
    if states:
        return states[-1].node_id
    if re.search(r"\bthe Government\b", text[:at]):
        heading = paragraph.heading or intro_addressee(paragraph.intro)
        named = [m for m in extraction.gazetteer.scan(heading) if nodes[m.node_id].kind == "State"]
        if len(named) == 1:
            return named[0].node_id
    return None
