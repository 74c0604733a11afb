"""Fixed phrase lists the rules read: operative verbs, grave violations, actor words, issuers."""

from __future__ import annotations

import re

# The verb that opens an operative paragraph, by its first words (participle or past tense).
VERBS: tuple[tuple[str, str], ...] = (
    ("strongly condemning", "condemning"),
    ("strongly condemned", "condemning"),
    ("condemning", "condemning"),
    ("strongly urging", "urging"),
    ("urging", "urging"),
    ("urged", "urging"),
    ("calling upon", "calling upon"),
    ("calling on", "calling upon"),
    ("called upon", "calling upon"),
    ("called on", "calling upon"),
    ("welcoming", "welcoming"),
    ("welcomed", "welcoming"),
    ("welcomes", "welcoming"),
    ("commending", "commending"),
    ("commended", "commending"),
    ("encouraging", "encouraging"),
    ("encouraged", "encouraging"),
    ("requesting", "requesting"),
    ("also requesting", "requesting"),
    ("further requesting", "requesting"),
    ("requested", "requesting"),
    ("expressing deep concern", "expressing concern"),
    ("expressing strong concern", "expressing concern"),
    ("expressing serious concern", "expressing concern"),
    ("expressing grave concern", "expressing concern"),
    ("expressing concern", "expressing concern"),
    ("stressing", "stressing"),
    ("emphasizing", "emphasizing"),
    ("affirming", "affirming"),
    ("recalling", "recalling"),
    ("reiterating", "reiterating"),
    ("recognizing", "recognizing"),
    ("noting", "noting"),
    ("took note", "noting"),
    ("acknowledged", "acknowledging"),
    ("highlighting", "highlighting"),
    ("appealing", "appealing"),
    ("inviting", "inviting"),
    ("agreed to recommend", "recommending"),
    ("agreed to address", "addressing"),
    ("examined", "examining"),
    ("to ensure", "recommending"),
)
_VERB = re.compile(
    r"^(?:(?:the (?:members of the )?working group(?: on children and armed conflict)?|the security council|they)"
    r"\s+(?:also\s+)?)?(" + "|".join(re.escape(words) for words, _ in sorted(VERBS, key=lambda v: -len(v[0]))) + r")\b",
    re.IGNORECASE,
)
_VERB_LEMMA = dict(VERBS)


def opening_verb(text: str) -> str:
    """The operative verb a paragraph opens with ("welcoming"), or "" when it opens otherwise."""
    body = re.sub(r"^(?:\d{1,3}\.|\([a-z]{1,2}\)|[•▪●◦·])\s*", "", text.strip())
    body = re.sub(r"^(?:At its [^,]+, on [^,]+, |Further to the meeting, [^,]*?, )", "", body)
    match = _VERB.match(body)
    return _VERB_LEMMA[match.group(1).casefold()] if match else ""


# The six grave violations (and French wordings), as the conventional Violation ids.
VIOLATIONS: tuple[tuple[str, str, str], ...] = (
    (
        "violation:recruitment-and-use",
        "Recruitment and use of children",
        r"recruitment and use(?: of (?:children|child soldiers|minors))?|child recruitment(?: and use)?"
        r"|recruitment of (?:children|child soldiers|minors)|recruit(?:ing)? (?:children|minors|child soldiers)"
        r"|prevent (?:future |further )?recruitment"
        r"|(?:children|minors) (?:under|below) 18 from taking part in hostilities"
        r"|recrutement et (?:l['’] ?)?utilisation (?:d['’] ?|des )enfants|recrutement (?:d['’] ?|des )enfants",
    ),
    ("violation:killing-and-maiming", "Killing and maiming of children", r"killing and maiming"),
    (
        "violation:sexual-violence",
        "Rape and other forms of sexual violence against children",
        r"rape and other forms of sexual violence|sexual (?:violence|abuse) against children|sexual abuse|"
        r"(?:conflict-related )?sexual violence|violences? sexuelles?",
    ),
    (
        "violation:attacks-on-schools-and-hospitals",
        "Attacks on schools and hospitals",
        r"attacks (?:on|against) schools and hospitals",
    ),
    ("violation:abduction", "Abduction of children", r"\babductions?\b|\benlèvements?\b"),
    (
        "violation:denial-of-humanitarian-access",
        "Denial of humanitarian access",
        r"denial of humanitarian access",
    ),
)
VIOLATION_PATTERNS = tuple((vid, name, re.compile(rx, re.IGNORECASE)) for vid, name, rx in VIOLATIONS)

# Words that make "the X Y Z (XYZ)" an armed actor's name.
ACTOR_WORDS = re.compile(
    r"\b(?:Movement|Mouvement|Front|Army|Armée|Brigades?|Militias?|Coalition|Coordination|Group|Groupe|"
    r"Alliance|Rassemblement|Resistance|Résistance|Forces?|Party|Parti|Liberation|Libération|Jihad)\b"
)
# ... unless it names a state's forces or a body that is not an armed actor.
NOT_ACTOR_WORDS = re.compile(
    r"\b(?:Armed Forces|Forces armées|Defence|Défense|Police|Gendarmerie|Working Group|Council|Committee|"
    r"Commission|Nations|Mission|Office|Fund|Programme|Agency|Organi[sz]ation|Union|Task Force|Secretariat|"
    r"Court|Bank|Ministry|Government|Conseil|Comité|Groupe de travail)\b"
)

# Who issues a document of each type (conventional ids).
ISSUERS = {
    "wg_conclusions": "un:wg-caac",
    "chair_statement": "un:wg-caac",
    "sg_report": "un:secretary-general",
    "resolution": "un:security-council",
}


# Ordinals written as words ("fifty-fifth meeting"), 1st to 99th.
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = ["twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]
ORDINAL_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS)}
ORDINAL_WORDS.update({w: i + 10 for i, w in enumerate(_TEENS)})
for _i, _stem in enumerate(_TENS):
    _tens = (_i + 2) * 10
    ORDINAL_WORDS[f"{_stem}ieth"] = _tens
    for _j, _unit in enumerate(_UNITS):
        ORDINAL_WORDS[f"{_stem}y-{_unit}"] = _tens + _j + 1
ORDINAL_PATTERN = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))


def ordinal(number: int) -> str:
    """``55th`` for 55: the written form of an ordinal."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def ordinal_of(word: str) -> str:
    """``55th`` for "fifty-fifth"."""
    return ordinal(ORDINAL_WORDS[word.lower()])
