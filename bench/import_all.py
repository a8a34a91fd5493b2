#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Import every official statistics file of the data directory into a fresh SQLite database.

The Gebietsstände are imported once beforehand (not timed) and the database
file is copied for each run. Prints the median of several runs, rows per
second, and the ratio to a baseline measured in the same run: reading the same
files with ``pandas.read_csv``/``read_excel``/``json.load`` (parsing only, no checks, no
database). The issue asks for at most 60 s on 2 cores. ``--runs N`` sets the
number of runs (default 3).
"""
from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from stellwerk.config import get_settings
from stellwerk.geo.importing import import_registers
from stellwerk.sources.areas import AreaIndex, HistoricCodes
from stellwerk.sources.importer import import_file
from stellwerk.sources.registry import find_statistics_files
from stellwerk.storage import create_db_engine, session_scope, upgrade

RUNS = 3


def _baseline(files: list[tuple[str, Path]]) -> float:
    start = time.perf_counter()
    for kind, path in files:
        if path.suffix == ".xlsx":
            pd.read_excel(path, header=None)
        elif path.suffix == ".json":
            with open(path, encoding="utf-8") as handle:
                json.load(handle)
        elif kind == "genesis":
            pd.read_csv(path, sep=";", encoding="latin-1", header=None, on_bad_lines="skip", engine="python")
        elif kind == "ba-gemeinden":
            pd.read_csv(path, encoding="cp1252", header=None, skiprows=8, thousands=",")
        else:
            pd.read_csv(path)
    return time.perf_counter() - start


def _import_all(template: Path, workdir: Path, files: list[tuple[str, Path]],
                crosswalks: Path) -> tuple[float, float, int, dict[str, float], dict[str, float]]:
    target = workdir / "run.db"
    shutil.copy(template, target)
    engine = create_db_engine(f"sqlite:///{target}")
    start, cpu = time.perf_counter(), time.process_time()
    observations = 0
    per_kind: dict[str, float] = {}
    per_kind_cpu: dict[str, float] = {}
    with session_scope(engine) as session:
        # One area index for all files, as ``import_files`` (the CLI) does for one transaction.
        areas = AreaIndex(session, HistoricCodes(crosswalks))
        for kind, path in files:
            began, began_cpu = time.perf_counter(), time.process_time()
            observations += import_file(session, path, kind, areas=areas).observations
            per_kind[kind] = per_kind.get(kind, 0.0) + time.perf_counter() - began
            per_kind_cpu[kind] = per_kind_cpu.get(kind, 0.0) + time.process_time() - began_cpu
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    engine.dispose()
    target.unlink()
    return elapsed, cpu, observations, per_kind, per_kind_cpu


def main() -> int:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else RUNS
    data_dir = get_settings().data_dir
    if data_dir is None:
        print("Kein Datenverzeichnis (STELLWERK_DATA_DIR).", file=sys.stderr)
        return 1
    files = find_statistics_files(data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        template = workdir / "areas.db"
        engine = create_db_engine(f"sqlite:///{template}")
        upgrade(engine)
        with session_scope(engine) as session:
            import_registers(session, data_dir)
        engine.dispose()
        timings, cpus, baselines, observations, kinds, kinds_cpu = [], [], [], 0, [], []
        for _ in range(runs):
            baselines.append(_baseline(files))
            elapsed, cpu, observations, per_kind, per_kind_cpu = _import_all(template, workdir, files,
                                                                             data_dir / "crosswalks")
            kinds.append(per_kind)
            kinds_cpu.append(per_kind_cpu)
            timings.append(elapsed)
            cpus.append(cpu)
    median, base = statistics.median(timings), statistics.median(baselines)
    print(f"Dateien: {len(files)}, Beobachtungen: {observations:,}")
    print(f"Import aller Dateien (Median von {runs}): {median:.1f} s, {observations / median:,.0f} Zeilen/s")
    # On a shared machine the wall time depends on the load; the CPU time of this process does not.
    print(f"CPU-Zeit des Imports (Median): {statistics.median(cpus):.1f} s")
    print(f"Basis pandas.read_csv/read_excel/json.load derselben Dateien (Median): {base:.1f} s")
    print(f"Verhältnis Import/Basis: {median / base:.1f}")
    for label, runs_of_kind in (("Anteil je Format (Median, s)", kinds), ("CPU-Zeit je Format (Median, s)", kinds_cpu)):
        shares = {kind: statistics.median(run.get(kind, 0.0) for run in runs_of_kind) for kind in runs_of_kind[0]}
        print(f"{label}: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1])))
    print(f"Ziel: höchstens 60 s – {'erfüllt' if median <= 60 else 'NICHT erfüllt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
