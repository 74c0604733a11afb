"""The cleaning step: PDF damage repaired, and every clean character traced back to the original."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.documents.cleaning import clean


def test_split_words_are_rejoined_when_the_document_uses_the_whole_word() -> None:
    original = (
        "relevant Security Council resolut ions, including resolutions 1612 (2005);\n"
        "which is bi nding upon all members; binding upon the parties;\n"
        "urging all armed groups to t ake measures; to take into account;\n"
        "the Convention on the Rights o f the Child"
    )
    text = clean(original).text
    assert "resolutions, including" in text
    assert "is binding upon" in text
    assert "to take measures" in text
    assert "Rights of the Child" in text


def test_two_real_words_are_never_glued() -> None:
    text = clean("they went in to the room and on to the next; into, onto").text
    assert "in to the room" in text
    assert "on to the next" in text


def test_hyphen_spacing_elisions_urls_and_page_furniture() -> None:
    original = (
        "promotion of birth and late -birth registration, Mouvement pour l’ unification\n\n"
        "https://undocs.org/S/2018/136\n"
        "18-07000 3/6\n"
        "  the Secretary-\n\nGeneral  welcomed   it\n"
    )
    text = clean(original).text
    assert "late-birth" in text
    assert "l’unification" in text
    assert "undocs.org" not in text
    assert "18-07000" not in text
    assert "Secretary-General welcomed it" in text


def test_quotes_come_from_the_original_words() -> None:
    original = "binding on all; which is bi nding upon\n\nall members of CMA"
    cleaned = clean(original)
    start = cleaned.text.index("binding upon")
    end = cleaned.text.index("CMA") + 3
    assert cleaned.quote(start, end) == "bi nding upon all members of CMA"


_WORDS = st.sampled_from(["the", "resolution", "binding", "children", "of", "Mali", "take", "CMA", "(a)", "5."])
_LINES = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)
_DOCS = st.lists(_LINES, min_size=1, max_size=8).map("\n".join)
_NOISE = st.text(alphabet=string.ascii_letters + " \n-’'.()/:0123456789", max_size=300)


@settings(max_examples=150, deadline=None)
@given(st.one_of(_DOCS, _NOISE))
def test_every_clean_character_maps_to_the_same_character_of_the_original(original: str) -> None:
    cleaned = clean(original)
    assert len(cleaned.offsets) == len(cleaned.text)
    assert list(cleaned.offsets) == sorted(set(cleaned.offsets)), "offsets strictly increase"
    for char, at in zip(cleaned.text, cleaned.offsets, strict=True):
        if char.isspace():
            assert cleaned.original[at].isspace() or cleaned.original[at] == "-" or at < len(cleaned.original)
        else:
            assert cleaned.original[at] == char


@settings(max_examples=150, deadline=None)
@given(_DOCS)
def test_text_without_damage_keeps_its_words(original: str) -> None:
    cleaned = clean(original)
    assert cleaned.text.split() == original.split()


@settings(max_examples=150, deadline=None)
@given(st.one_of(_DOCS, _NOISE))
def test_cleaning_is_stable(original: str) -> None:
    once = clean(original).text
    assert clean(once).text == once


@settings(max_examples=100, deadline=None)
@given(_DOCS, st.data())
def test_a_quote_of_any_clean_span_is_found_in_the_original(original: str, data: st.DataObject) -> None:
    cleaned = clean(original)
    if not cleaned.text:
        return
    start = data.draw(st.integers(0, len(cleaned.text) - 1))
    end = data.draw(st.integers(start + 1, len(cleaned.text)))
    assert cleaned.quote(start, end) in " ".join(original.split())


def test_markdown_emphasis_of_a_web_rendering_is_read_through_and_quoted_as_written() -> None:
    text = "New York – L_’Unité pour la paix en Centrafrique_ (UPC) signed, **the Platform** too; file_name and * stay."
    cleaned = clean(text)
    assert "L’Unité pour la paix en Centrafrique (UPC) signed, the Platform too" in cleaned.text
    assert "file_name and * stay" in cleaned.text
    start, end = cleaned.text.index("L’Unité"), cleaned.text.index("(UPC)") + len("(UPC)")
    assert cleaned.quote(start, end) == "L_’Unité pour la paix en Centrafrique_ (UPC)"
    assert cleaned.quote(start, end) in text
