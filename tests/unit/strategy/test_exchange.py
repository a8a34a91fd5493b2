# SPDX-License-Identifier: EUPL-1.2
"""YAML/JSON and Excel round-trips are lossless; broken workbooks are refused with the cell named."""
from __future__ import annotations

import io

import pytest
import yaml
from openpyxl import load_workbook

from stellwerk.errors import InputError
from stellwerk.network.edit import add_actor, same_actor
from stellwerk.strategy import concepts as c
from stellwerk.strategy.exchange import dump_json, dump_yaml
from stellwerk.strategy.schema import parse_document
from stellwerk.strategy.store import save_document, to_document
from stellwerk.strategy.workbook import read_workbook, write_workbook

HOSTILE = "=cmd|' /C calc'!A0 <script>alert(1)</script>"


def _full(session, city):
    concept = c.create_concept(session, city.tenant, "ed", {
        "titel": "Integrationskonzept Musterstadt", "gebiet": "05999", "zeitraum_von": 2016, "zeitraum_bis": 2025,
        "leitbild": "Vielfalt als Stärke\nmit zweiter Zeile", "leitlinien": ["Teilhabe für alle", HOSTILE],
        "bestandsaufnahme": "Bedarfe erhoben", "beteiligung": "Integrationsrat", "monitoring": "jährlich",
        "handlungsfelder": {"einbuergerung": "Einbürgerung & Staatsbürgerschaft", "teilhabe": ""}})
    goal = c.add_goal(session, concept, "ed", "Einbürgerungen steigern", "einbuergerung")
    c.link_indicator(session, concept, goal, "ed", {"indikator": "auslaenderanteil", "basisjahr": 2016,
                                                    "zielwert": 12.75, "zieljahr": 2025, "richtung": "sinken"})
    c.add_goal(session, concept, "ed", HOSTILE, "teilhabe")
    # the partner actor (a second call of _full in one test reuses it: same name and type is refused)
    verein = (same_actor(session, city.tenant.id, "Migrantenverein e. V.", "migrantenorganisation")
              or [add_actor(session, city.tenant.id, name="Migrantenverein e. V.", actor_type="migrantenorganisation")])[0]
    m = c.add_measure(session, concept, "ed", {
        "titel": "Einbürgerungslotsen", "beschreibung": "Lotsinnen begleiten", "handlungsfelder": ["einbuergerung"],
        "ziele": ["Z1", "Z2"], "verantwortlich": "Amt für Integration",
        "partner": [{"name": "Migrantenverein e. V.", "akteur_id": verein.id}, {"name": "VHS"}],
        "zielgruppen": ["Drittstaatsangehörige", "Geflüchtete"], "beginn": "2024-01-01", "ende": "2026-12-31",
        "budget": 125000.5, "foerderquelle": "Land NRW", "foerderung_bis": "2025-06-30", "status": "laufend",
        "meilensteine": [{"titel": "Start", "faellig": "2024-02-01", "erledigt": True}, {"titel": "Bilanz"}]})
    c.add_report(session, concept, m, "ed", "2024-H1", "laufend", "40 Beratungen")
    c.add_evaluation(session, concept, "ed", {"titel": "Zwischenbilanz", "art": "extern", "methode": "Interviews",
                                              "ergebnisse": "wirkt", "empfehlungen": "ausbauen",
                                              "massnahmen": ["M1"], "datum": "2025-01-15"})
    session.flush()
    return concept


def test_excel_round_trip_is_lossless(session, city):
    concept = _full(session, city)
    before = to_document(concept)
    data = write_workbook(concept)
    doc = read_workbook(data, "k.xlsx", concept)
    save_document(session, city.tenant, doc, "ed", concept)
    session.flush()
    session.expire_all()
    assert to_document(concept) == before
    # and into a new concept
    other = save_document(session, city.tenant, read_workbook(data, "k.xlsx"), "ed")
    assert to_document(other) == before


def test_excel_cells_are_text_never_formulas(session, city):
    book = load_workbook(io.BytesIO(write_workbook(_full(session, city))))
    cell = book["Ziele"]["C3"]
    assert cell.value == HOSTILE and cell.data_type == "s"


def test_yaml_and_json_round_trip(session, city):
    concept = _full(session, city)
    before = to_document(concept)
    for text in (dump_yaml(concept), dump_json(concept)):
        other = save_document(session, city.tenant, parse_document(yaml.safe_load(text)), "ed")
        assert to_document(other) == before


def _edited(session, city, edit) -> tuple[object, bytes]:
    concept = _full(session, city)
    book = load_workbook(io.BytesIO(write_workbook(concept)))
    edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return concept, buffer.getvalue()


def test_changed_id_is_refused_naming_the_cell(session, city):
    def change(book):
        book["Maßnahmen"]["A2"] = "M9"
    concept, data = _edited(session, city, change)
    with pytest.raises(InputError) as error:
        read_workbook(data, "k.xlsx", concept)
    assert error.value.sheet == "Maßnahmen" and error.value.row == 2 and "M9" in str(error.value)


def test_missing_column_is_refused(session, city):
    def drop(book):
        book["Indikatoren"].delete_cols(7)  # Zieljahr
    concept, data = _edited(session, city, drop)
    with pytest.raises(InputError) as error:
        read_workbook(data, "k.xlsx", concept)
    assert error.value.sheet == "Indikatoren" and error.value.column == "Zieljahr"


def test_bad_cells_are_refused_and_nothing_saved(session, city):
    def dates(book):
        book["Maßnahmen"]["J2"] = "2023-01-01"  # Ende before Beginn 2024-01-01
    concept, data = _edited(session, city, dates)
    before = to_document(concept)
    with pytest.raises(InputError) as error:
        read_workbook(data, "k.xlsx", concept)
    assert error.value.sheet == "Maßnahmen" and error.value.row == 2 and "Beginn" in str(error.value)
    assert to_document(concept) == before

    def years(book):
        book["Indikatoren"]["G2"] = 2010  # Zieljahr before Basisjahr 2016
    _, data = _edited(session, city, years)
    with pytest.raises(InputError) as error:
        read_workbook(data, "k.xlsx")
    assert (error.value.sheet, error.value.row) == ("Indikatoren", 2) and "Basisjahr" in str(error.value)


def test_new_rows_with_empty_id_get_the_next_id(session, city):
    def add(book):
        book["Ziele"].append([None, "teilhabe", "Beiräte stärken"])
    concept, data = _edited(session, city, add)
    doc = read_workbook(data, "k.xlsx", concept)
    assert [g.id for g in doc.ziele] == ["Z1", "Z2", "Z3"]


def test_not_a_workbook(session, city):
    with pytest.raises(InputError) as error:
        read_workbook(b"PK\x03\x04 kaputt", "kaputt.xlsx")
    assert error.value.file == "kaputt.xlsx"
