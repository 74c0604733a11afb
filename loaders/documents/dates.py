"""Dates in English and French prose, found by pattern and read by ``dateparser``.

The patterns find a date where the grammar of a rule expects one ("At its 70th meeting, on 12 March
2018", "signed ... in June 2016", "le 26 août 2021", "June 29th, 2019", "Sept. 3, 2019"); the month
names are ``dateparser``'s own for English and French, and ``dateparser`` reads what the pattern
found, with its precision: a day gives "2018-03-12", a month "2017-03". A date the text does not
state is never guessed: no pattern, no date.
"""

from __future__ import annotations

import re
from functools import cache

from dateparser.date import DateDataParser
from dateparser.languages.loader import default_loader

LANGUAGES = ("en", "fr")
_MONTH_KEYS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def _month_words() -> str:
    """Every month name and abbreviation of the languages, capitalised; French ones lower-case too
    (French writes "26 août 2021"; an English "may 2015" is more likely a verb)."""
    forms: set[str] = set()
    for language in LANGUAGES:
        info = default_loader.get_locale(language).info
        for key in _MONTH_KEYS:
            for word in (w for w in info.get(key, []) if len(w) >= 3):
                forms.add(word.capitalize())
                if language != "en":
                    forms.add(word)
    return "|".join(sorted((re.escape(w) for w in forms), key=len, reverse=True))


MONTHS = _month_words()
_ORDINAL = r"(?:st|nd|rd|th|er|e)?"
# "12 March 2018", "1er août 2021", "June 29th, 2019", "Sept. 3, 2019" (a whole date, for use inside patterns)
DATE_WORDS = (
    rf"(?:\d{{1,2}}{_ORDINAL} (?:{MONTHS})\.? \d{{4}}"
    rf"|(?:{MONTHS})\.? \d{{1,2}}{_ORDINAL},? \d{{4}})"
)
# "March 2017", "mars 2017"
MONTH_WORDS = rf"(?:{MONTHS})\.? \d{{4}}"
DAY_MONTH_YEAR = re.compile(rf"(?<![\w-]){DATE_WORDS}(?![\w-])")
MONTH_YEAR = re.compile(rf"(?<![\w-]){MONTH_WORDS}(?![\w-])")


@cache
def _parser() -> DateDataParser:
    return DateDataParser(languages=list(LANGUAGES), settings={"PREFER_DAY_OF_MONTH": "first"})


@cache
def parse(words: str) -> str | None:
    """A found date as partial ISO: "2018-03-12" for a day, "2017-03" for a month."""
    data = _parser().get_date_data(words)
    if data.date_obj is None:
        return None
    day: str = data.date_obj.strftime("%Y-%m-%d")
    return day if data.period == "day" else day[:7]


def iso_date(text: str) -> str | None:
    """The first whole date in ``text`` ("12 March 2018"), else the first month ("March 2017")."""
    for pattern in (DAY_MONTH_YEAR, MONTH_YEAR):
        match = pattern.search(text)
        if match:
            return parse(match.group())
    return None
