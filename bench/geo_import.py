#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""How long importing one Gemeindeverzeichnis (31.12.2017, ~16,000 rows) takes.

Baseline: openpyxl merely reading the data sheet's values, the least any
import of the workbook must do. Prints medians of several runs and the ratio
of each step to that baseline (the machines are shared, so ratios tell more).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from stellwerk.config import find_data_dir
from stellwerk.geo.gv import parse_gv_workbook
from stellwerk.geo.store import write_stand
from stellwerk.storage import create_db_engine, session_scope, upgrade

RUNS = 3
FILE = Path("gemeinden/destatis_gv_auszug/31122017_Auszug_GV.xlsx")


def _median(action) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    data_dir = find_data_dir()
    if data_dir is None or not (data_dir / FILE).exists():
        print("Datenverzeichnis fehlt (STELLWERK_DATA_DIR)", file=sys.stderr)
        return 1
    path = data_dir / FILE

    def read_only() -> None:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for _ in book.worksheets[1].iter_rows(values_only=True, max_col=12):
            pass
        book.close()

    stand = parse_gv_workbook(path)

    def write() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            engine = create_db_engine(f"sqlite:///{Path(tmp) / 'b.db'}")
            upgrade(engine)
            start = time.perf_counter()
            with session_scope(engine) as session:
                write_stand(session, stand, "gv")
            write.elapsed.append(time.perf_counter() - start)
            engine.dispose()

    write.elapsed = []  # type: ignore[attr-defined]
    baseline = _median(read_only)
    parse = _median(lambda: parse_gv_workbook(path))
    _median(write)
    store = statistics.median(write.elapsed)  # type: ignore[attr-defined]
    print(f"Baseline openpyxl lesen: {baseline:.2f} s")
    print(f"Parsen + Prüfen:         {parse:.2f} s  (×{parse / baseline:.2f})")
    print(f"Schreiben (SQLite):      {store:.2f} s  (×{store / baseline:.2f})")
    print(f"Import gesamt:           {parse + store:.2f} s  (×{(parse + store) / baseline:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
