# SPDX-License-Identifier: EUPL-1.2
import pytest

from stellwerk.knowledge.textnorm import MAX_QUERY_TERMS, normalise, query_terms, sort_key, tokens


@pytest.mark.parametrize(
    "form",
    ["Migrant:innen", "Migrant*innen", "Migrant_innen", "MigrantInnen", "Migrantinnen", "Migranten", "Migrant/-innen"],
)
def test_gender_forms_reduce_to_one_token(form):
    assert tokens(form) == ["migrant"]


def test_paired_form_gives_the_same_token_twice():
    assert tokens("Migrantinnen und Migranten") == ["migrant", "migrant"]


def test_singular_marked_forms():
    assert tokens("Helfer*in") == tokens("Helfer")
    assert tokens("Bürger:in") == tokens("Bürger")


def test_umlauts_and_sharp_s_fold_like_their_transcriptions():
    assert tokens("Flüchtlinge") == tokens("Fluechtlinge")
    assert tokens("Straße") == tokens("Strasse")
    assert tokens("Unterkünfte") == tokens("UNTERKUENFTE")


def test_stemming_lets_singular_prefix_plural():
    (query,) = query_terms("Sprachkurs")
    (document,) = tokens("Sprachkurse")
    assert document.startswith(query)


def test_words_merely_ending_in_innen_are_kept():
    assert tokens("beginnen") != tokens("beg")
    assert tokens("Innenstadt") == ["innenstadt"]


def test_stop_words_and_syntax_vanish():
    assert query_terms('"; DROP TABLE practice; --') == ["drop", "tabl", "practic"]
    assert query_terms("(((* - NEAR") == ["near"]
    assert query_terms("und oder der") == []
    assert all(term.isalnum() and term.isascii() for term in query_terms("a:b*c'd\"e(f)g-h ÄÖÜ ß ẞ 𝔘 中文"))


def test_queries_are_capped():
    terms = query_terms(" ".join(f"wort{i}" for i in range(100)))
    assert len(terms) == MAX_QUERY_TERMS
    assert query_terms("x" * 10_000) == [] or len(query_terms("x" * 10_000)[0]) <= 40


def test_normalise_joins_tokens():
    assert normalise("Gute Praxis für Kommunen") == " ".join(tokens("Gute Praxis für Kommunen"))


def test_sort_key_orders_umlauts_like_base_letters():
    assert sorted(["Zwickau", "Ölbach", "Oberhausen"], key=sort_key) == ["Oberhausen", "Ölbach", "Zwickau"]
