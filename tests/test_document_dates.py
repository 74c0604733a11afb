"""Dates in English and French prose: found where a rule expects one, read with their precision."""

from __future__ import annotations

import pytest

from loaders.documents.cleaning import clean
from loaders.documents.dates import iso_date
from loaders.documents.structure import read_structure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At its 70th meeting, on 12 March 2018, the Working Group", "2018-03-12"),
        ("the action plan signed on June 29th, 2019 in Bangui", "2019-06-29"),
        ("signé le 26 août 2021 à Bamako", "2021-08-26"),
        ("le 1er août 2021", "2021-08-01"),
        ("on Sept. 3, 2019,", "2019-09-03"),
        ("the signing in March 2017 of an action plan", "2017-03"),
        ("en mars 2017", "2017-03"),
        ("the May 2015 Bangui Forum", "2015-05"),
    ],
)
def test_a_stated_date_is_read_with_its_precision(text: str, expected: str) -> None:
    assert iso_date(text) == expected


@pytest.mark.parametrize("text", ["in 2017", "which may 2015 bring", "paragraph 12 of resolution 1612 (2005)"])
def test_no_date_is_guessed(text: str) -> None:
    assert iso_date(text) is None


def test_a_dateline_in_either_language_is_the_documents_date() -> None:
    english = "Action plan signed\n\nNew York, 14 June 2018 – The leading UN advocate welcomes the signing.\n"
    french = "Visite de suivi\n\nKidal, le 12 août 2021 - Une délégation des Nations Unies s’est rendue à Kidal.\n"
    assert read_structure(clean(english)).date == "2018-06-14"
    assert read_structure(clean(french)).date == "2021-08-12"
