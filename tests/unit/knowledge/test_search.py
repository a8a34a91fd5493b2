# SPDX-License-Identifier: EUPL-1.2
"""Practice search: German matching, ranking, filters, facets, the same answers on both backends."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stellwerk.knowledge.concepts import search_concepts
from stellwerk.knowledge.search import SearchFilters, search_practices

FIXED_QUERIES = [
    "Sprachkurs",
    "Sprachkurse",
    "Migrant:innen",
    "Migrant*innen",
    "Migrantinnen und Migranten",
    "MigrantInnen",
    "Flüchtlinge",
    "Fluechtlinge",
    "Unterkünfte",
    "Ehrenamt",
    "ehrenamtliche Helfer",
    "Ukraine 2022",
    "Integrationskonzept",
    "Wohnungsunternehmen Unterbringung",
    "Netzwerk Runder Tisch",
    "",
    '"; DROP TABLE practice; --',
    "NEAR(Sprache Kurs)",
    "Sprach* AND Kurs OR -Ehrenamt",
    "((unbalanced",
    "'",
    '"',
    "*",
    "-",
    "x" * 5000,
]


def _slugs(session, query, filters=None):
    result = search_practices(session, query, filters, limit=500)
    return [(hit.practice.slug, hit.score) for hit in result.hits], result.total


def test_singular_finds_plural(kb):
    slugs = [s for s, _ in _slugs(kb, "Sprachkurs")[0]]
    assert "kp-kommunale-sprachkurse" in slugs


@pytest.mark.parametrize("form", ["Migrant:innen", "Migrant*innen", "MigrantInnen", "Migrantinnen und Migranten"])
def test_gender_forms_find_the_same(kb, form):
    assert _slugs(kb, form) == _slugs(kb, "Migranten")
    assert "wa-gewaltschutz-mentorinnen" in [s for s, _ in _slugs(kb, form)[0]]


def test_umlaut_transcription_and_sharp_s(kb):
    assert _slugs(kb, "Unterkünfte") == _slugs(kb, "Unterkuenfte")
    assert _slugs(kb, "Flüchtlinge")[1] > 0
    assert _slugs(kb, "Ludwigshafen") == _slugs(kb, "LUDWIGSHAFEN")


def test_all_terms_must_match(kb):
    both = {s for s, _ in _slugs(kb, "Sprachkurse Nordfriesland")[0]}
    assert both == {"kp-kommunale-sprachkurse"}
    assert _slugs(kb, "Sprachkurse Zwickau")[1] == 0


def test_title_matches_rank_first(kb):
    hits, _ = _slugs(kb, "One-Stop-Shop")
    assert hits[0][0] == "kp-one-stop-shop"
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)


def test_filters_and_facets(kb):
    everything = search_practices(kb, "")
    assert everything.total == 99
    assert dict(everything.facets["field"]) == {
        "Allgemeines": 14, "Verwaltung": 25, "Vernetzung": 19, "Engagement": 24, "Governance": 17,
    }
    bavaria = search_practices(kb, "", SearchFilters(land="BY"))
    assert all("BY" in {m.get("land") for m in h.practice.data["municipalities"]} for h in bavaria.hits)
    # A facet counts as if its own filter were not set, so other Länder stay selectable.
    assert dict(bavaria.facets["land"]) == dict(everything.facets["land"])
    combined = search_practices(kb, "", SearchFilters(land="BY", gemeindetyp="Großstadt", field="Engagement"))
    assert combined.total >= 1
    for hit in combined.hits:
        munis = hit.practice.data["municipalities"]
        assert hit.practice.field == "Engagement"
        assert "BY" in {m.get("land") for m in munis} and "Großstadt" in {m.get("gemeindetyp") for m in munis}
    assert search_practices(kb, "", SearchFilters(field="Unbekannt")).total == 0


def test_paging(kb):
    first = search_practices(kb, "", limit=10)
    second = search_practices(kb, "", limit=10, offset=10)
    assert len(first.hits) == 10 and first.total == 99
    assert not {h.practice.slug for h in first.hits} & {h.practice.slug for h in second.hits}


def test_concepts_are_searchable(kb):
    refugee = {d.key for d in search_concepts(kb, "Flüchtlinge")}
    assert {"braunschweig-3", "wiesbaden-4", "muenster-3"} <= refugee
    assert {d.key for d in search_concepts(kb, "Fortschreibung")} >= {"potsdam-2", "stuttgart-2"}


@pytest.mark.postgres
@pytest.mark.parametrize("query", FIXED_QUERIES)
def test_same_results_on_both_backends(kb_both, query):
    if len(kb_both) < 2:
        pytest.skip("PostgreSQL disabled")
    answers = {name: _slugs(session, query) for name, session in kb_both.items()}
    assert answers["sqlite"] == answers["postgresql"]


@pytest.mark.postgres
def test_same_filtered_results_on_both_backends(kb_both):
    if len(kb_both) < 2:
        pytest.skip("PostgreSQL disabled")
    filters = SearchFilters(field="Engagement", gemeindetyp="Großstadt")
    answers = {name: _slugs(session, "Ehrenamt", filters) for name, session in kb_both.items()}
    assert answers["sqlite"] == answers["postgresql"]


hostile = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(['"', "*", "NEAR", "AND", "OR", "NOT", "-", "(", ")", "'", ";", "DROP TABLE",
                              "Sprachkurs", "Migrant:innen", "ß", "\x00", "^", ":", "{", "}", "%", "_"]),
             max_size=12).map(" ".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=hostile)
def test_any_query_is_answered_alike(kb_both, query):
    answers = {name: _slugs(session, query) for name, session in kb_both.items()}
    assert len(set(map(repr, answers.values()))) == 1


def _concept_keys(session, query, **filters):
    return [d.key for d in search_concepts(session, query, **filters)]


CONCEPT_QUERIES = [
    "Flüchtlinge", "Fluechtlinge", "Fortschreibung", "Integrationskonzept", "Leitlinien Integration",
    "Migrant*innen", "Wiesbaden", "Masterplan", "", '"; DROP TABLE concept_document; --', "NEAR(Konzept)",
    "Konzept* OR -Leitbild", "((", "x" * 5000,
]


@pytest.mark.postgres
@pytest.mark.parametrize("query", CONCEPT_QUERIES)
def test_concept_search_same_on_both_backends(kb_both, query):
    if len(kb_both) < 2:
        pytest.skip("PostgreSQL disabled")
    answers = {name: _concept_keys(session, query) for name, session in kb_both.items()}
    assert answers["sqlite"] == answers["postgresql"]
    if query in ("Flüchtlinge", "Fortschreibung", "Wiesbaden"):
        assert answers["sqlite"], query


def test_concept_search_filters_on_both_backends(kb_both):
    answers = {name: _concept_keys(session, "Konzept", land="NW", kind="Konzept") for name, session in kb_both.items()}
    assert len(set(map(tuple, answers.values()))) == 1
    assert answers["sqlite"] and all(key for key in answers["sqlite"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=hostile, city=st.one_of(st.none(), st.text(max_size=40)))
def test_any_concept_query_is_answered_alike(kb_both, query, city):
    answers = {name: _concept_keys(session, query, city=city) for name, session in kb_both.items()}
    assert len(set(map(tuple, answers.values()))) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=hostile, field=st.one_of(st.none(), st.sampled_from(["Engagement", "Sport", "'", ""])),
       land=st.one_of(st.none(), st.text(max_size=4)))
def test_any_filtered_query_is_answered_alike(kb_both, query, field, land):
    filters = SearchFilters(field=field or None, land=land or None)
    answers = {name: _slugs(session, query, filters) for name, session in kb_both.items()}
    assert len(set(map(repr, answers.values()))) == 1
