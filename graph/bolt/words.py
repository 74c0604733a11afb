"""A node's names as the server's full-text index holds them: our own words, never the server's.

Search (``queries.search``) compares ``graph.names.match_key`` keys: lowercase words of ``a-z0-9``.
A server's tokeniser has its own ideas (RediSearch drops "of" and "the" and stems "movements";
Lucene's analysers differ again), so an index of the names as written would not find what search
matches. Each searchable node therefore stores ``words``: terms made by our code from its names'
keys, which the server indexes verbatim (FalkorDB: no stop words, no stemming; Neo4j: the
``whitespace`` analyser) and which are queried as exact terms, never as the server's prefixes
or fuzzy terms (FalkorDB expands a prefix to a bounded number of terms and drops the rest silently).

A name's terms are, for each of its keys:

- every word, and every prefix of three letters or more of each word (a word's start matches);
- the initials of its significant words (an acronym), as ``graph.name_table.initials_of`` makes them;
- its length as ``n_<length>`` (``_`` is no letter of a key, so no word is one), for names within
  the edit bound of a misspelt text.

``word_terms`` and ``length_terms`` give the terms one of which every name ``queries.search`` can
match holds (see ``graph.bolt.parts.named_like_query``); the server then keeps the nodes passing
the same tests as before, so the index only replaces the scan that found them.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.name_table import SKIPPED, edit_bound, initials_of

MIN_PREFIX = 3  # search matches a word's start from three letters (shorter texts are acronyms only)


def length_term(length: int) -> str:
    """The term standing for a key of ``length`` characters."""
    return f"n_{length}"


def key_terms(key: str) -> set[str]:
    """The terms of one name's key: its words and their prefixes, its initials, its length."""
    terms = {length_term(len(key))}
    for word in key.split():
        terms.add(word)
        terms.update(word[:end] for end in range(MIN_PREFIX, len(word)))
    initials = initials_of(key)
    if initials:
        terms.add(initials)
    return terms


def index_words(keys: Iterable[str]) -> str:
    """The ``words`` property of a node whose names have ``keys``: its terms, sorted, space-separated."""
    terms: set[str] = set()
    for key in keys:
        if key:
            terms |= key_terms(key)
    return " ".join(sorted(terms))


def word_terms(key: str) -> list[str]:
    """The terms one of which every name a search text's ``key`` matches by initials or words holds.

    Under three letters a text matches acronyms only (the key itself, as initials). One word matches
    a name's initials or a word's start (the key is a term of both). Several words match names
    holding the first word, or the first significant one, whole.
    """
    if len(key) < MIN_PREFIX:
        return [key]
    words = key.split()
    significant = next((w for w in words if w not in SKIPPED), words[0])
    return list(dict.fromkeys([words[0], significant]))


def length_terms(key: str) -> list[str]:
    """The terms of the names a text's ``key`` may match misspelt: those of a length the edit bound
    allows (none under three letters)."""
    if len(key) < MIN_PREFIX:
        return []
    bound = edit_bound(key)
    return [length_term(n) for n in range(max(1, len(key) - bound), len(key) + bound + 1)]
