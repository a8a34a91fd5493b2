# SPDX-License-Identifier: EUPL-1.2
"""Bad register extracts: every problem is reported with counts and row numbers, nothing is written."""
from __future__ import annotations

import pytest

from stellwerk.errors import InputError
from stellwerk.register.pipeline import derive_file, prepare
from stellwerk.register.schema import read_extract, write_frame
from stellwerk.register.validate import validate

from .helpers import REFERENCE_YEAR, extract, person


def kinds(frame, **kwargs):
    report = validate(frame, REFERENCE_YEAR, **kwargs)
    return {p.kind: p for p in report.problems}, report


def test_clean_extract_has_no_problems():
    found, report = kinds(extract(person("a"), person("b", mother_id="a", birth_year="2010")))
    assert found == {}
    assert report.ok


def test_missing_required_columns(tmp_path):
    path = tmp_path / "auszug.csv"
    path.write_text("person_id,area\n1,101\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_extract(path)
    assert "birth_year" in str(error.value) and "auszug.csv" in str(error.value)


def test_wrong_encoding(tmp_path):
    path = tmp_path / "latin1.csv"
    write_frame(extract(person("a", area="Sülz")), path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        read_extract(path)


def test_unknown_codes_with_rows():
    frame = extract(person("a"), person("b", sex="x"), person("c", citizenship_1="ZZZ"),
                    person("d", german_by="ius"), person("e", birth_country="<script>"))
    found, _ = kinds(frame)
    assert found["sex_unbekannt"].rows == [3]
    assert found["citizenship_1_unbekannt"].rows == [4]
    assert found["german_by_unbekannt"].rows == [5]
    assert found["birth_country_unbekannt"].count == 1


def test_unknown_area_codes_against_a_mapping():
    found, _ = kinds(extract(person("a", area="101"), person("b", area="=cmd|' /C calc'!A0")), area_codes=["101"])
    assert found["area_unbekannt"].rows == [3]


def test_parent_link_to_missing_person():
    found, _ = kinds(extract(person("a", mother_id="nobody"), person("b", father_id="a")))
    assert found["mother_id_fehlt"].count == 1
    assert found["mother_id_fehlt"].rows == [2]
    assert "father_id_fehlt" not in found


def test_cycle_in_links():
    frame = extract(person("a", mother_id="b"), person("b", mother_id="a"), person("c", mother_id="a"),
                    person("d", father_id="d"))
    found, report = kinds(frame)
    assert found["zyklus"].count == 3  # a and b form a cycle, d is its own father; c only hangs below
    assert found["zyklus"].rows == [2, 3, 5]


def test_birth_year_in_the_future_and_bad_years():
    found, _ = kinds(extract(person("a", birth_year="2031"), person("b", birth_year="19x0"),
                             person("c", birth_year="1700"), person("d", immigration_year="1970")))
    assert found["birth_year_zukunft"].rows == [2]
    assert found["birth_year_ungueltig"].rows == [3, 4]
    assert found["immigration_year_ungueltig"].rows == [5]  # before the birth year 1980


def test_duplicated_person_ids():
    found, _ = kinds(extract(person("a"), person("b"), person("a"), person("a")))
    assert found["person_id_doppelt"].count == 2
    assert found["person_id_doppelt"].rows == [4, 5]


def test_german_by_without_german_citizenship():
    found, _ = kinds(extract(person("a", citizenship_1="TUR", german_by="naturalisation")))
    assert "german_by_ohne_deu" in found


def test_invalid_extract_stops_before_writing(tmp_path):
    source = tmp_path / "auszug.csv"
    write_frame(extract(person("a"), person("b", birth_year="2099"), person("c", sex="q")), source)
    with pytest.raises(InputError) as error:
        prepare(source, REFERENCE_YEAR)
    text = str(error.value)
    assert "Zeile 3" in text and "nichts geschrieben" in text and "Zeile 4" in text
    assert not (tmp_path / "out.csv").exists()


def test_skip_invalid_drops_persons_and_dangling_links(tmp_path):
    source = tmp_path / "auszug.parquet"
    write_frame(extract(person("a", birth_year="2099"), person("b", mother_id="a", birth_year="2010"),
                        person("c")), source)
    prepared = prepare(source, REFERENCE_YEAR, skip_invalid=True)
    assert prepared.skipped == 1
    assert list(prepared.derived["person_id"]) == ["b", "c"]
    assert prepared.validation.removed_links == 1
    out = tmp_path / "out.csv"
    derive_file(prepared, out)
    written = read_extract(out)
    assert list(written["person_id"]) == ["b", "c"]
    assert written.loc[0, "mother_id"] == ""
