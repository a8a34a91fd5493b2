# SPDX-License-Identifier: EUPL-1.2
"""Small GV workbooks cut from the real 31.12.2017 one, to break on purpose."""
from __future__ import annotations

import openpyxl
import pytest

GV_2017 = "gemeinden/destatis_gv_auszug/31122017_Auszug_GV.xlsx"


@pytest.fixture(scope="session")
def gv_sample_rows(data_dir) -> list[tuple]:
    """The first 120 rows of the real 2017 workbook's data sheet (titles, header, Schleswig-Holstein)."""
    book = openpyxl.load_workbook(data_dir / GV_2017, read_only=True, data_only=True)
    rows = [tuple(r) for r in book.worksheets[1].iter_rows(values_only=True, max_col=13, max_row=120)]
    book.close()
    return rows


@pytest.fixture
def write_gv(tmp_path):
    """Write rows as a GV-style workbook (cover sheet + data sheet) and return its path."""

    def write(rows, name="gv.xlsx"):
        book = openpyxl.Workbook()
        book.active.title = "Inhalt"
        book.active.append(["Gemeindeverzeichnis"])
        sheet = book.create_sheet("Onlineprodukt_Gemeinden_311217")
        for row in rows:
            sheet.append(list(row))
        path = tmp_path / name
        book.save(path)
        return path

    return write


def _gemeinde_rows(path) -> dict[str, tuple]:
    """Satzart-60 rows of a GV workbook read independently of the importer: ARS → (pop, m, w)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows: dict[str, tuple] = {}
    for row in book.worksheets[1].iter_rows(values_only=True, max_col=12):
        if row[0] == "60":
            ars = "".join(row[2:7])
            values = tuple(None if v == "/" else v for v in row[9:12])
            assert rows.get(ars, values) == values  # repeated rows must be identical
            rows[ars] = values
    book.close()
    return rows


@pytest.fixture(scope="session")
def workbook_gemeinden(data_dir) -> dict[int, dict[str, tuple]]:
    """Satzart-60 rows of the 2016 and 2017 workbooks by year, read once per session."""
    return {
        year: _gemeinde_rows(data_dir / f"gemeinden/destatis_gv_auszug/3112{year}_Auszug_GV.xlsx")
        for year in (2016, 2017)
    }
