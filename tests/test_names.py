"""One normalisation for matching names: case, accents, punctuation, leading articles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.names import make_id, match_key, slugify


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Coordination des mouvements de l’Azawad", "COORDINATION DES MOUVEMENTS DE L'AZAWAD"),
        ("la Coordination des Mouvements de l'Azawad", "Coordination des mouvements de l'Azawad"),
        ("The Platform", "platform"),
        (
            "Groupe d'autodéfense des Touaregs Imghad et leurs alliés",
            "groupe d autodefense des touaregs imghad et leurs allies",
        ),
        ("Ansar Eddine", "ansar-eddine"),
        ("L'Armée", "armee"),
        ("M.N.L.A.", "m n l a"),
    ],
)
def test_same_key(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize(("a", "b"), [("CMA", "CMS"), ("Mali", "Malawi"), ("The Platform", "Platform 2")])
def test_different_key(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


def test_an_article_alone_is_kept() -> None:
    assert match_key("The") == "the"


def test_ids() -> None:
    assert slugify("Ansar Eddine") == "ansar-eddine"
    assert make_id("group", "Mouvement pour l'unification et le jihad en Afrique de l'Ouest").startswith(
        "group:mouvement-pour"
    )
    assert slugify("!!!") == "unnamed"


@given(st.text())
def test_key_is_idempotent_and_plain(name: str) -> None:
    key = match_key(name)
    assert match_key(key) == key
    assert key == key.strip()
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in key)
