# SPDX-License-Identifier: EUPL-1.2
"""The shipped content validates and matches the counts of its sources."""
import re
from collections import Counter
from difflib import SequenceMatcher

import pytest
import yaml

from stellwerk.knowledge.content import read_case_studies, read_concepts, read_practice_file, shipped_practice_files


def _ngrams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.fixture(scope="module")
def practices():
    return [entry for path in shipped_practice_files() for entry in read_practice_file(path)]


def test_ninety_nine_practices_in_the_published_fields(practices):
    assert len(practices) == 99
    assert len({p.id for p in practices}) == 99
    # Counts per field as stated in the handbook's catalogue of good ideas.
    assert Counter(p.field for p in practices) == {
        "Allgemeines": 14, "Verwaltung": 25, "Vernetzung": 19, "Engagement": 24, "Governance": 17,
    }
    assert Counter(p.evidence for p in practices) == {"fallstudie": 35, "onlinebefragung": 63, "workshop": 1}


def test_no_interviews_or_personal_sources(practices):
    for practice in practices:
        text = yaml.safe_dump(practice.model_dump(mode="json"), allow_unicode=True)
        assert "Interview" not in text, practice.id
        assert "Fokusgruppe" not in text, practice.id


def test_case_study_municipalities_resolve_to_official_keys(practices):
    case_studies = {m.name: m for m in read_case_studies()}
    assert len(case_studies) == 36
    for practice in practices:
        for m in practice.municipalities:
            if m.fallstudie and m.name in case_studies and case_studies[m.name].ags:
                assert m.ags == case_studies[m.name].ags


def test_summaries_are_written_anew(practices, data_dir):
    """Compared with the extracted facts (where available): no summary is a copy."""
    seed = data_dir.parent / "domain" / "seeds" / "002" / "practices.yaml"
    if not seed.exists():
        pytest.skip("domain seeds not available")
    originals = {p["id"]: p for p in yaml.safe_load(seed.read_text(encoding="utf-8"))["practices"]}
    for practice in practices:
        original = originals[practice.id]["summary"]
        ratio = SequenceMatcher(None, original.lower(), practice.summary.lower()).ratio()
        assert ratio < 0.7, (practice.id, ratio)
        # No run of five words is taken over from the extracted summary.
        shared = _ngrams(original) & _ngrams(practice.summary)
        assert not shared, (practice.id, shared)


def test_concept_register_rows():
    rows = read_concepts()
    assert len(rows) == 127
    assert len({r.city for r in rows}) == 79
    keys = {r.key for r in rows}
    assert all(r.update_of in keys for r in rows if r.update_of)
    # Every update points back in time within its own city.
    by_key = {r.key: r for r in rows}
    for row in rows:
        if row.update_of:
            earlier = by_key[row.update_of]
            assert earlier.city == row.city and earlier.seq < row.seq


def test_content_is_german(practices):
    """The extracted facts carry English working notes; none of them may reach the content."""
    english = re.compile(r"\b(the|of|and|uncertain|planned|kind|per|source)\b")
    for practice in practices:
        for value in (practice.summary, practice.problem, practice.approach, practice.results, practice.period):
            assert not english.search(value or ""), (practice.id, value)
    for row in read_concepts():
        for value in (row.note, row.kind_detail, row.period):
            assert not english.search(value or ""), (row.key, value)


def test_case_study_shares_agree_with_their_counts():
    """The published shares follow from the counts, except the three the source flags."""
    for m in read_case_studies():
        if m.foreign_population is not None:
            assert round(100 * m.foreign_population / m.population, 1) == m.foreign_share_pct, m.name
        if m.schutzsuchende is not None:
            agrees = round(100 * m.schutzsuchende / m.population, 1) == m.schutzsuchende_share_pct
            assert agrees == (m.flag != "/"), m.name
    flagged = sorted(m.name for m in read_case_studies() if m.flag == "/")
    assert flagged == ["Cottbus/Chósebuz", "Hannover", "Landkreis Kassel"]
