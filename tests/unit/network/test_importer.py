# SPDX-License-Identifier: EUPL-1.2
"""The Excel import: good lists, broken lists, nothing saved on error."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from stellwerk.accounts.models import AuditEntry
from stellwerk.errors import InputError
from stellwerk.network.importer import import_network
from stellwerk.network.models import Actor, Body, BodyMembership, Tie
from stellwerk.network.workbook import SHEETS, write_template

ACTORS = [
    {"Name": "Integrationsbüro", "Typ": "Integrationsbeauftragte / Integrationsbüro", "Handlungsfelder": "Sprache; flucht_asyl"},
    {"Name": "Jobcenter", "Typ": "jobcenter"},
    {"Name": "Verein Brücke e.V.", "Typ": "Migrantenorganisation", "Veröffentlicht": "ja"},
]
BODIES = [
    {"Name": "Runder Tisch", "Format": "Runder Tisch", "Ebene": "Fachebene", "Gegründet": "01.03.2012",
     "Handlungsfelder": "Gesellschaftliche und politische Teilhabe"},
    {"Name": "Lenkungsgruppe", "Format": "lenkungsgruppe", "Ebene": "steuerung", "Dauerhaft": "nein",
     "Gegründet": "2015", "Aufgelöst": "2017"},
]
MEMBERS = [
    {"Gremium": "Runder Tisch", "Akteur": "Integrationsbüro", "Rolle": "Vorsitz", "Von": "01.03.2012"},
    {"Gremium": "Runder Tisch", "Akteur": "Verein Brücke e.V.", "Von": "01.01.2016"},
    {"Gremium": "Lenkungsgruppe", "Akteur": "Jobcenter"},
]
TIES = [{"Akteur A": "Integrationsbüro", "Akteur B": "Jobcenter", "Intensität": 3, "Von": "2016"}]


def write_book(path, actors=ACTORS, bodies=BODIES, members=MEMBERS, ties=TIES):
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, rows in (("Akteure", actors), ("Gremien", bodies), ("Mitgliedschaften", members), ("Beziehungen", ties)):
        ws = wb.create_sheet(sheet)
        headers = [c.header for c in SHEETS[sheet]]
        ws.append(headers)
        for row in rows:
            ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


def counts(session, tenant):
    return tuple(
        session.scalar(select(func.count()).select_from(model).where(model.tenant_id == tenant.id))
        for model in (Actor, Body, Tie)
    ) + (session.scalar(select(func.count()).select_from(BodyMembership).join(Body).where(Body.tenant_id == tenant.id)),)


def test_import_creates_everything_and_is_idempotent(session, tenant, tmp_path):
    path = write_book(tmp_path / "netz.xlsx")
    result = import_network(session, path, tenant.id)
    assert result.created == {"Akteure": 3, "Gremien": 2, "Mitgliedschaften": 3, "Beziehungen": 1}
    assert counts(session, tenant) == (3, 2, 1, 3)
    office = session.scalar(select(Actor).where(Actor.tenant_id == tenant.id, Actor.name == "Integrationsbüro"))
    assert office.actor_type == "integrationsstelle" and office.sector == "verwaltung"
    assert office.handlungsfelder == ["flucht_asyl", "sprache"]
    mo = session.scalar(select(Actor).where(Actor.tenant_id == tenant.id, Actor.name == "Verein Brücke e.V."))
    assert mo.visibility == "published" and mo.sector == "migrantenorganisation"
    steering = session.scalar(select(Body).where(Body.tenant_id == tenant.id, Body.name == "Lenkungsgruppe"))
    assert (steering.founded, steering.dissolved, steering.permanent) == (dt.date(2015, 1, 1), dt.date(2017, 12, 31), False)
    tie = session.scalar(select(Tie).where(Tie.tenant_id == tenant.id))
    assert (tie.kind, tie.intensity, tie.valid_from) == ("horizontal", 3, dt.date(2016, 1, 1))
    audits = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.tenant_id == tenant.id))
    assert audits == 9
    again = import_network(session, path, tenant.id)
    assert sum(again.created.values()) == 0 and sum(again.updated.values()) == 0
    assert again.unchanged == {"Akteure": 3, "Gremien": 2, "Mitgliedschaften": 3, "Beziehungen": 1}
    assert counts(session, tenant) == (3, 2, 1, 3)


def test_reimport_updates_changed_fields_with_audit(session, tenant, tmp_path):
    import_network(session, write_book(tmp_path / "a.xlsx"), tenant.id)
    changed = [dict(ACTORS[0], Kontaktfunktion="Leitung"), *ACTORS[1:]]
    result = import_network(session, write_book(tmp_path / "b.xlsx", actors=changed), tenant.id)
    assert result.updated["Akteure"] == 1
    entry = session.scalars(select(AuditEntry).where(AuditEntry.tenant_id == tenant.id, AuditEntry.action == "update")).one()
    assert entry.after["contact_function"] == "Leitung" and entry.before["contact_function"] is None


def assert_rejected(session, tenant, path, *, sheet, row, column, words):
    before = counts(session, tenant)
    with pytest.raises(InputError) as caught:
        import_network(session, path, tenant.id)
    error = caught.value
    assert (error.sheet, error.row, error.column) == (sheet, row, column), str(error)
    for word in words:
        assert word in str(error)
    assert counts(session, tenant) == before
    return error


def test_membership_outside_the_bodys_lifetime_is_rejected(session, tenant, tmp_path):
    members = [*MEMBERS, {"Gremium": "Lenkungsgruppe", "Akteur": "Integrationsbüro", "Von": "2014"}]
    assert_rejected(session, tenant, write_book(tmp_path / "x.xlsx", members=members),
                    sheet="Mitgliedschaften", row=5, column="Von", words=["vor der Gründung", "01.01.2015"])
    late = [*MEMBERS, {"Gremium": "Lenkungsgruppe", "Akteur": "Integrationsbüro", "Bis": "30.06.2018"}]
    assert_rejected(session, tenant, write_book(tmp_path / "y.xlsx", members=late),
                    sheet="Mitgliedschaften", row=5, column="Bis", words=["nach der Auflösung"])


def test_tie_to_itself_is_rejected(session, tenant, tmp_path):
    ties = [*TIES, {"Akteur A": "Jobcenter", "Akteur B": "Jobcenter"}]
    assert_rejected(session, tenant, write_book(tmp_path / "x.xlsx", ties=ties),
                    sheet="Beziehungen", row=3, column="Akteur B", words=["zu sich selbst"])


def test_unknown_actor_type_is_rejected(session, tenant, tmp_path):
    actors = [*ACTORS, {"Name": "Sportbund", "Typ": "Sportfreunde"}]
    error = assert_rejected(session, tenant, write_book(tmp_path / "x.xlsx", actors=actors),
                            sheet="Akteure", row=5, column="Typ", words=["Unbekannte Angabe 'Sportfreunde'", "Verein"])
    assert error.file == "x.xlsx"


def test_duplicate_actor_is_rejected_naming_both_rows(session, tenant, tmp_path):
    actors = [*ACTORS, {"Name": "jobcenter ", "Typ": "Jobcenter"}]
    assert_rejected(session, tenant, write_book(tmp_path / "x.xlsx", actors=actors),
                    sheet="Akteure", row=5, column="Name", words=["doppelt", "Zeile 3 und Zeile 5", "merge"])


def test_all_errors_are_listed_and_nothing_is_saved(session, tenant, tmp_path):
    actors = [*ACTORS, {"Name": "X", "Typ": "unbekannt"}, {"Name": "", "Typ": "verein"}]
    ties = [{"Akteur A": "Jobcenter", "Akteur B": "Niemand"}]
    error = assert_rejected(session, tenant, write_book(tmp_path / "x.xlsx", actors=actors, ties=ties),
                            sheet="Akteure", row=5, column="Typ", words=["3 Fehler", "nichts wurde gespeichert"])
    assert any("Zeile 6" in d and "Pflichtangabe fehlt" in d for d in error.details)
    assert any("Blatt 'Beziehungen'" in d and "Niemand" in d for d in error.details)


@pytest.mark.parametrize("hostile", ["=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+1"])
def test_formulas_are_refused(session, tenant, tmp_path, hostile):
    actors = [*ACTORS, {"Name": hostile, "Typ": "verein"}]
    assert_rejected(session, tenant, write_book(tmp_path / "x.xlsx", actors=actors),
                    sheet="Akteure", row=5, column="Name", words=["Formeln"])


def test_script_tags_are_kept_as_plain_text(session, tenant, tmp_path):
    actors = [*ACTORS, {"Name": "<script>alert(1)</script>", "Typ": "verein"}]
    import_network(session, write_book(tmp_path / "x.xlsx", actors=actors), tenant.id)
    assert session.scalar(select(Actor.name).where(Actor.tenant_id == tenant.id, Actor.name.like("<script>%"))) == "<script>alert(1)</script>"


def test_contact_name_needs_consent(session, tenant, tmp_path):
    actors = [*ACTORS, {"Name": "Verein Nord", "Typ": "verein", "Kontaktname": "Erika Beispiel"}]
    assert_rejected(session, tenant, write_book(tmp_path / "x.xlsx", actors=actors),
                    sheet="Akteure", row=5, column="Einwilligung", words=["Einwilligung"])


def test_bad_dates_and_missing_columns(session, tenant, tmp_path):
    bodies = [*BODIES, {"Name": "AK", "Format": "arbeitskreis", "Ebene": "arbeit", "Gegründet": "31.02.2019"}]
    assert_rejected(session, tenant, write_book(tmp_path / "x.xlsx", bodies=bodies),
                    sheet="Gremien", row=4, column="Gegründet", words=["Kein gültiges Datum", "TT.MM.JJJJ"])
    wb = Workbook()
    wb.active.title = "Akteure"
    wb.active.append(["Name", "Sektor"])
    wb.save(tmp_path / "y.xlsx")
    assert_rejected(session, tenant, tmp_path / "y.xlsx", sheet="Akteure", row=1, column="Typ",
                    words=["Pflichtspalte fehlt"])


def test_not_an_excel_file(session, tenant, tmp_path):
    path = tmp_path / "netz.xlsx"
    path.write_bytes("Name;Typ\nBüro;verein\n".encode("cp1252"))
    with pytest.raises(InputError, match="keine lesbare Excel-Arbeitsmappe"):
        import_network(session, path, tenant.id)


def test_similar_names_are_warned_not_merged(session, tenant, tmp_path):
    actors = [*ACTORS, {"Name": "Verein Brücke", "Typ": "Migrantenorganisation"}]
    result = import_network(session, write_book(tmp_path / "x.xlsx", actors=actors), tenant.id)
    assert result.created["Akteure"] == 4
    assert any("ähnelt 'Verein Brücke e.V.'" in w for w in result.warnings)


def test_template_has_all_sheets_and_imports_its_examples(session, tenant, tmp_path):
    path = write_template(tmp_path / "vorlage.xlsx")
    wb = load_workbook(path)
    assert {"Akteure", "Gremien", "Mitgliedschaften", "Beziehungen", "Listen", "Hinweise"} <= set(wb.sheetnames)
    assert wb["Akteure"]["A1"].value == "Name *"
    # the fictional examples are consistent with each other … except the tie partner,
    # which the example never lists as an actor
    with pytest.raises(InputError, match="Jobcenter Musterstadt"):
        import_network(session, path, tenant.id)


def test_membership_ending_before_the_founding_is_rejected(session, tenant, tmp_path):
    # open start, but it ends before the body exists: the whole period lies outside its lifetime
    early = [*MEMBERS, {"Gremium": "Lenkungsgruppe", "Akteur": "Integrationsbüro", "Bis": "31.12.2014"}]
    assert_rejected(session, tenant, write_book(tmp_path / "x.xlsx", members=early),
                    sheet="Mitgliedschaften", row=5, column="Bis", words=["endet am 31.12.2014", "vor der Gründung"])


def test_moving_a_bodys_lifetime_past_its_memberships_is_rejected(session, tenant, tmp_path):
    import_network(session, write_book(tmp_path / "a.xlsx"), tenant.id)
    # Verein Brücke sits in the Runder Tisch from 01.01.2016; the body's dissolution moves before that.
    bodies = [{**BODIES[0], "Aufgelöst": "31.12.2015"}, BODIES[1]]
    error = assert_rejected(session, tenant, write_book(tmp_path / "b.xlsx", bodies=bodies, members=[]),
                            sheet="Gremien", row=2, column="Aufgelöst",
                            words=["Verein Brücke e.V.", "außerhalb der neuen Lebenszeit", "beginnt am 01.01.2016, nach der Auflösung"])
    assert "Mitgliedschaften" in error.expected
    body = session.scalar(select(Body).where(Body.tenant_id == tenant.id, Body.name == "Runder Tisch"))
    assert body.dissolved is None
    # moving the founding after a membership's start is refused the same way, naming the column
    bodies = [{**BODIES[0], "Gegründet": "01.06.2016"}, BODIES[1]]
    assert_rejected(session, tenant, write_book(tmp_path / "c.xlsx", bodies=bodies, members=[]),
                    sheet="Gremien", row=2, column="Gegründet", words=["Integrationsbüro", "vor der Gründung"])


def test_lifetime_change_is_checked_after_the_memberships_of_the_same_file(session, tenant, tmp_path):
    until_2017 = [MEMBERS[0], {**MEMBERS[1], "Bis": "30.06.2017"}, MEMBERS[2]]
    import_network(session, write_book(tmp_path / "a.xlsx", members=until_2017), tenant.id)
    dissolved = [{**BODIES[0], "Aufgelöst": "31.12.2016"}, BODIES[1]]
    assert_rejected(session, tenant, write_book(tmp_path / "b.xlsx", bodies=dissolved, members=[]),
                    sheet="Gremien", row=2, column="Aufgelöst", words=["30.06.2017", "nach der Auflösung"])
    # the same file shortening the membership to the new lifetime is accepted
    fitting = [MEMBERS[0], {**MEMBERS[1], "Bis": "31.12.2016"}, MEMBERS[2]]
    result = import_network(session, write_book(tmp_path / "c.xlsx", bodies=dissolved, members=fitting), tenant.id)
    assert result.updated["Gremien"] == 1 and result.updated["Mitgliedschaften"] == 1
