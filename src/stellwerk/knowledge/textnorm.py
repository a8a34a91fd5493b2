# SPDX-License-Identifier: EUPL-1.2
"""German text normalisation shared by the indexer and the query parser.

Both sides of a search go through :func:`normalise`, so SQLite's FTS5 and
PostgreSQL's ``tsvector('simple', …)`` see exactly the same tokens: lower case,
umlauts and ß folded, gender-inclusive forms reduced to one stem, stop words
dropped, each word reduced by the Snowball German stemmer. Query tokens contain
only ``[a-z0-9]``, so no operator or quote of either search syntax survives.
"""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

__all__ = ["normalise", "tokens", "query_terms", "sort_key", "MAX_QUERY_TERMS", "MAX_QUERY_CHARS"]

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 12
MAX_TERM_CHARS = 40

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})

# "Migrant:innen", "Migrant*innen", "Migrant_innen", "Migrant/-innen", "MigrantInnen"
# and the singular "Migrant:in" all become "Migrant" before tokenising.
_GENDER_MARKED = re.compile(r"(?<=[^\W\d_])(?:[:*_·/]-?|\(|-)(?:innen|in)\)?(?![^\W\d_])", re.IGNORECASE)
_BINNEN_I = re.compile(r"(?<=[a-zäöüß])I(?:nnen|n)(?![^\W\d_])")
# Plain feminine plurals ("Migrantinnen", "Bürgerinnen") lose their ending, except in
# ordinary words that merely end in -innen.
_NOT_FEMININE = frozenset(
    "beginnen gewinnen besinnen entrinnen spinnen sinnen rinnen binnen linnen innen".split()
)
_WORD = re.compile(r"[a-z0-9]+")

STOPWORDS = frozenset(
    """
    aber alle als also am an auch auf aus bei bis da damit dann das dass de dem den der des die
    dies diese dieser doch durch ein eine einem einen einer eines er es fuer hat ich ihr im in
    ist je jede jeder kein man mit nach nicht noch nur ob oder sich sie sind so ueber um und uns
    unter vom von vor war was wenn wie wird wir zu zum zur zwischen
    """.split()
)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    # The pure-Python Snowball stemmer is slow; the vocabulary is small, so cache by word.
    return _stemmer().stemWord(word)


def _ungender(text: str) -> str:
    text = _GENDER_MARKED.sub("", text)
    text = _BINNEN_I.sub("", text)
    return text


def tokens(text: str | None) -> list[str]:
    """The normalised, stemmed tokens of a text, in order (duplicates kept)."""
    if not text:
        return []
    text = _ungender(text).lower().translate(_FOLD)
    words = []
    for word in _WORD.findall(text):
        if word.endswith("innen") and word not in _NOT_FEMININE and len(word) > 8:
            word = word[: -len("innen")]
        if word in STOPWORDS or len(word) < 2:
            continue
        words.append(word)
    return [_stem(word) for word in words]


def normalise(text: str | None) -> str:
    """The text as the search index stores it: stemmed tokens separated by spaces."""
    return " ".join(tokens(text))


def query_terms(query: str | None) -> list[str]:
    """The distinct search terms of a user query (at most MAX_QUERY_TERMS, each short)."""
    if not query:
        return []
    seen: list[str] = []
    for token in tokens(query[:MAX_QUERY_CHARS]):
        token = token[:MAX_TERM_CHARS]
        if token not in seen:
            seen.append(token)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return seen


@lru_cache(maxsize=16384)
def sort_key(text: str) -> str:
    """A collation-free German sort key, so both backends order lists identically."""
    folded = text.casefold().translate(_FOLD)
    return "".join(ch for ch in folded if ch.isalnum() or ch == " ").strip()
