"""Sentences that must not yield a fact or a merge: negations, wishes, datelines, peoples, acronyms.

Each case is a sentence of the kind the genres use, read by the real document loader (with the UCDP
actors stored where a wrong merge could reach them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from loaders.base import LoadContext
from loaders.documents import read_text
from loaders.registry import load_paths, reference_files


def _read(text: str, context: LoadContext | None = None) -> ChangeSet:
    return read_text(text, "case.txt", context or LoadContext())


def _facts(changes: ChangeSet, rel: str) -> set[tuple[str, str]]:
    return {(e.source, e.target) for e in changes.edges.values() if e.type == rel}


@pytest.mark.parametrize(
    "sentence",
    [
        "The Mouvement national de libération de l’Azawad (MNLA) has not signed an action plan with the United Nations.",
        "The Working Group encouraged the country task force to pursue the signing of an action plan with the MNLA.",
        "The Working Group urged the Coordination des mouvements de l’Azawad (CMA) to sign an action plan.",
    ],
)
def test_a_signing_that_did_not_happen_is_not_signed(sentence: str) -> None:
    changes = _read(f"News\n\n{sentence}\n")
    assert _facts(changes, "SIGNED") == set()


def test_a_dateline_is_not_a_signatory() -> None:
    changes = _read(
        "News\n\nNew York, 3 May 2019 - President Salva Kiir signed an action plan with the United Nations.\n"
    )
    assert not [n for n in changes.nodes.values() if n.kind in ("ArmedGroup", "StateForce")]


def test_no_longer_listed_is_not_listed() -> None:
    text = (
        "News\n\nThe Forces Nationales de Liberation (FNL) is no longer listed in the annexes of the annual "
        "report of the Secretary-General for the recruitment and use of children.\n"
    )
    changes = _read(text)
    assert _facts(changes, "LISTED_IN") == set()
    assert _facts(changes, "LISTED_FOR") == set()


def test_a_resolutions_symbol_names_no_country() -> None:
    changes = _read("S/RES/1612 (2005)\n\nResolution 1612 (2005)\n\nThe Security Council, recalling its resolutions.\n")
    assert not [t for s, t in _facts(changes, "ABOUT") if t.startswith("state:")]


@pytest.mark.shared
def test_a_document_never_folds_its_guess_into_a_dataset_actor(shared: Path) -> None:
    store = MemoryStore(None)
    load_paths(store, [*reference_files(), *sorted((shared / "data" / "ucdp").glob("*.csv"))])
    adf = store.view().node("group:adf")
    assert adf is not None, "UCDP's Allied Democratic Forces"
    text = (
        "News\n\nThe Azawad Defence Front signed an action plan with the United Nations in May 2019. "
        "Armed Fulani from Mali and the Somali National Army were named by the report.\n"
    )
    changes = _read(text, LoadContext(view=store.view()))
    assert "group:adf" not in changes.nodes, "a minted 'ADF' is not UCDP's ADF"
    minted = [n for n in changes.nodes.values() if n.name == "Azawad Defence Front"]
    assert len(minted) == 1
    assert minted[0].properties["reviewed"] is False
    assert not [n for n in changes.nodes.values() if n.name in ("Fulani", "Somali")], "peoples are not actors"


@pytest.mark.parametrize(
    ("sentence", "signed"),
    [
        # one word before its verb is the party that signed (the grammar of "In 2012, the Tatmadaw signed ...")
        (
            "In 2012, the Kamajors signed an Action Plan with the United Nations to end the recruitment of children.",
            True,
        ),
        # an office, a body or a government named by one word is not a party minted from the sentence
        ("In 2012, the Government signed an Action Plan with the United Nations.", False),
        ("On 5 May, the President signed an Action Plan with the United Nations.", False),
    ],
)
def test_a_party_named_by_one_word_signs(sentence: str, signed: bool) -> None:
    changes = _read(f"News\n\n{sentence}\n")
    minted = {e.source for e in changes.edges.values() if e.type == "SIGNED" and e.source.startswith("group:")}
    assert (minted == {"group:kamajors"}) is signed, minted
