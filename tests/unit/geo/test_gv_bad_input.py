# SPDX-License-Identifier: EUPL-1.2
"""Broken register files: a clear message naming file, sheet, row and column; nothing written."""
from __future__ import annotations

import shutil
import zipfile

import pytest
from sqlalchemy import func, select

from stellwerk.errors import InputError
from stellwerk.geo.importing import import_gv, import_kreise
from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand

pytestmark = pytest.mark.data


def _counts(session):
    return tuple(
        session.scalar(select(func.count()).select_from(model)) for model in (Gebietsstand, Area, AreaSnapshot)
    )


def _fails(session, path, importer=import_gv) -> InputError:
    before = _counts(session)
    with pytest.raises(InputError) as caught:
        importer(session, path)
    assert _counts(session) == before
    assert caught.value.file == path.name
    return caught.value


def _row_index(rows, satzart, name_start):
    return next(i for i, r in enumerate(rows) if r[0] == satzart and str(r[7]).startswith(name_start))


def test_the_sample_itself_imports(session, gv_sample_rows, write_gv):
    result = import_gv(session, write_gv(gv_sample_rows))
    assert result.counts["gemeinde"] == sum(1 for r in gv_sample_rows if r[0] == "60")
    assert result.reference_date.isoformat() == "2017-12-31"


def test_missing_file(session, tmp_path):
    error = _fails(session, tmp_path / "fehlt.xlsx")
    assert "nicht gefunden" in str(error)


def test_the_kreise_workbook_is_not_a_gemeindeverzeichnis(session, data_dir):
    error = _fails(session, data_dir / "kreise/destatis_gv_04-kreise_2018-12-31.xlsx")
    assert "Unbekannter Aufbau" in error.message
    assert error.sheet == "Kreisfreie Städte u. Landkreise"
    assert "Satzart" in error.expected


def test_a_gemeindeverzeichnis_is_not_a_kreise_table(session, gv_sample_rows, write_gv):
    error = _fails(session, write_gv(gv_sample_rows), import_kreise)
    assert "Unbekannter Aufbau" in error.message


def test_a_csv_file_is_rejected(session, data_dir, tmp_path):
    path = tmp_path / "kreise.csv"
    shutil.copy(data_dir / "kreise/destatis_gv_04-kreise_2023-12-31.csv", path)
    error = _fails(session, path)
    assert "keine Excel-Arbeitsmappe" in error.message


def test_a_corrupt_sheet(session, gv_sample_rows, write_gv, tmp_path):
    good = write_gv(gv_sample_rows)
    broken = tmp_path / "kaputt.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    error = _fails(session, broken)
    assert "beschädigt" in error.message
    assert error.sheet == "Onlineprodukt_Gemeinden_311217"


def test_a_duplicated_ars(session, gv_sample_rows, write_gv):
    rows = list(gv_sample_rows)
    kiel = _row_index(rows, "60", "Kiel")
    copy = list(rows[kiel])
    copy[7] = "Doppelt"
    rows.insert(kiel + 1, tuple(copy))
    error = _fails(session, write_gv(rows))
    assert error.row == kiel + 2
    assert error.column == "C–G (Regionalschlüssel)"
    assert "010020000000 doppelt" in error.message and f"Zeile {kiel + 1}" in error.message


def test_a_gemeinde_whose_kreis_is_unknown(session, gv_sample_rows, write_gv):
    rows = list(gv_sample_rows)
    index = _row_index(rows, "60", "Neumünster")
    changed = list(rows[index])
    changed[4] = "99"
    rows[index] = tuple(changed)
    error = _fails(session, write_gv(rows))
    assert (error.row, error.column) == (index + 1, "E (Kreis)")
    assert "Kreis 01099" in error.message
    assert "Datei gv.xlsx, Blatt 'Onlineprodukt_Gemeinden_311217', Zeile" in str(error)


def test_text_in_a_population_cell(session, gv_sample_rows, write_gv):
    rows = list(gv_sample_rows)
    index = _row_index(rows, "60", "Flensburg")
    changed = list(rows[index])
    changed[9] = "12 Tsd."
    rows[index] = tuple(changed)
    error = _fails(session, write_gv(rows))
    assert (error.row, error.column) == (index + 1, "J (Bevölkerung insgesamt)")


def test_hostile_names_are_kept_as_plain_text(session, gv_sample_rows, write_gv):
    rows = list(gv_sample_rows)
    index = _row_index(rows, "60", "Flensburg")
    changed = list(rows[index])
    changed[7] = "<script>alert(1)</script>"
    rows[index] = tuple(changed)
    import_gv(session, write_gv(rows))
    area = session.scalar(select(Area).where(Area.code == "010010000000"))
    assert area.name == "<script>alert(1)</script>"


def test_an_unknown_textkennzeichen(session, gv_sample_rows, write_gv):
    rows = list(gv_sample_rows)
    index = _row_index(rows, "40", "Kiel")
    changed = list(rows[index])
    changed[1] = "49"
    rows[index] = tuple(changed)
    error = _fails(session, write_gv(rows))
    assert (error.row, error.column) == (index + 1, "B (Textkennzeichen)")


def _kreise_copy(data_dir, tmp_path, change):
    import openpyxl

    book = openpyxl.load_workbook(data_dir / "kreise/destatis_gv_04-kreise_2018-12-31.xlsx")
    change(book.worksheets[1])
    path = tmp_path / "kreise.xlsx"
    book.save(path)
    return path


def test_kreise_table_with_text_in_a_population_cell(session, data_dir, tmp_path):
    path = _kreise_copy(data_dir, tmp_path, lambda sheet: sheet.cell(row=9, column=6, value="viele"))
    error = _fails(session, path, import_kreise)
    assert (error.row, error.column) == (9, "insgesamt")


def test_kreise_table_with_a_duplicated_key(session, data_dir, tmp_path):
    path = _kreise_copy(data_dir, tmp_path, lambda sheet: sheet.cell(row=10, column=1, value="01001"))
    error = _fails(session, path, import_kreise)
    assert error.row == 10 and "01001 doppelt" in error.message


def test_kreise_table_imports_the_published_figures(session, data_dir):
    result = import_kreise(session, data_dir / "kreise/destatis_gv_04-kreise_2018-12-31.xlsx")
    assert result.counts["kreis"] == 401
    kempten = session.scalar(select(Area).where(Area.level == "kreis", Area.code == "09763"))
    snapshot = session.scalar(select(AreaSnapshot).where(AreaSnapshot.area_id == kempten.id))
    assert (snapshot.population, snapshot.area_km2) == (68_907, 63.28)


def test_a_binary_file_is_not_a_crosswalk(session, tmp_path):
    from stellwerk.geo.crosswalk import import_crosswalk

    path = tmp_path / "kaputt.csv"
    path.write_bytes(b"year_xw,ags_xw\n\xff\xfe\x00\x81garbage\n")
    with pytest.raises(InputError) as caught:
        import_crosswalk(session, path)
    assert caught.value.file == "kaputt.csv"
