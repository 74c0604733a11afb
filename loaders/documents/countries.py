"""Every country and territory as a State the document loader can recognise, from ``pycountry``.

ISO 3166-1 (maintained in ``pycountry``) gives each country its short name, its common name and its
official name; an inverted short name ("Congo, The Democratic Republic of the") is put back in
reading order. A name of three or more significant words also gives its initials ("Central African
Republic": "CAR", "Democratic Republic of the Congo": "DRC"), the way UN texts shorten them after
first use. A country the curated reference data already holds (matched by its ISO alpha-3 code)
keeps its curated node and id; the others get ``state:<short name>``. Matching is longest first
(``Gazetteer.scan``), so "South Sudan" is never read as Sudan nor "Niger" inside "Nigeria".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pycountry

from graph.model import Node
from graph.names import match_key, slugify, strip_accents

# Short forms in common use that ISO 3166-1 does not record, by alpha-3 code.
USUAL_FORMS: dict[str, tuple[str, ...]] = {
    "GBR": ("UK",),
    "USA": ("US", "USA"),
    "MMR": ("Burma",),
    "SYR": ("Syria",),
    "COD": ("DR Congo",),
}
_SMALL_WORDS = {"of", "the", "and", "da", "du", "de", "des", "la", "le"}


def reading_order(name: str) -> str:
    """ "Congo, The Democratic Republic of the" -> "Democratic Republic of the Congo"."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    if tail.endswith((" of", " of the")) or tail in ("Republic of", "State of"):
        return re.sub(r"^The ", "", f"{tail} {head}")
    return name


def initials(name: str) -> str:
    """The initials of a name of three or more significant words ("CAR"), or ""."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in _SMALL_WORDS]
    if len(words) < 3 or not all(w[:1].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words)


def country_names(country: object) -> list[str]:
    """Every usual form of one ``pycountry`` country, its display name first."""
    short = reading_order(str(getattr(country, "name", "")))
    names = [str(getattr(country, "common_name", "") or short), short]
    official = str(getattr(country, "official_name", "") or "")
    if official and "," not in official:
        names.append(re.sub(r"^the ", "", official))
    # "the" before a name of several words: "the Government of the Central African Republic"
    names += [f"Government of {a}{n}" for n in names[:2] for a in ("", "the ") if not a or " " in n]
    names += [initials(n) for n in names[:2] if initials(n)]  # "CAR", "DRC"; not "RES" from an official name
    names += USUAL_FORMS.get(str(getattr(country, "alpha_3", "")), ())
    names += [n.upper() for n in names[:2] if " " not in n]  # a heading's "SOMALIA" (one word matches with its case)
    return list(dict.fromkeys(n for n in names if n))


_COMPASS = {"Nord": "North", "Sud": "South", "Est": "East", "Ouest": "West"}


def _english_compass(name: str) -> str | None:
    """The English form of a French subdivision named by a point of the compass: "Nord-Kivu" -> "North Kivu"."""
    head, _, rest = name.partition("-")
    return f"{_COMPASS[head]} {rest}" if head in _COMPASS and rest else None


def subdivision_names(alpha_2: str) -> list[tuple[str, list[str]]]:
    """A country's ISO 3166-2 subdivisions: each name and the forms a text uses ("Rakhine State",
    "Borno State", "Kidal Region"; the bare name when it has five letters or more and names no
    country, so that "Niger" stays the country and "Mon" the people)."""
    countries = {match_key(n) for c in pycountry.countries for n in country_names(c)}
    found = []
    for sub in pycountry.subdivisions.get(country_code=alpha_2) or []:  # type: ignore[no-untyped-call]
        name = str(sub.name)
        plain = strip_accents(name)
        english = _english_compass(plain)  # "Nord-Kivu" is "North Kivu" in English texts
        forms = [f"{n} {sub.type}" for n in dict.fromkeys(f for f in (name, plain, english) if f)]
        if len(name) >= 5 and match_key(name) not in countries:
            forms += [f for f in (name, plain, english) if f]
        found.append((name, list(dict.fromkeys(forms))))
    return found


def country_nodes(curated: Iterable[Node], priority: int) -> Iterator[Node]:
    """A State for every country, merged into the curated State of the same ISO code where there is one."""
    by_code = {str(n.properties.get("iso3")): n for n in curated if n.kind == "State" and n.properties.get("iso3")}
    for country in pycountry.countries:
        names = country_names(country)
        code = str(country.alpha_3)
        known = by_code.get(code)
        node_id = known.id if known else f"state:{slugify(names[0])}"
        aliases = tuple(sorted(set(names[1:]) - {names[0]}))
        yield Node(node_id, "State", names[0], aliases, properties={"iso3": code}, priority=priority)
