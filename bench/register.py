#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: register extract → derived migration status → all tables with disclosure control.

Target (issue 5): 1 000 000 persons in at most 10 s on 2 cores and under 2 GB;
4 000 000 must work. Input: a SYNTHETIC Köln register (published Stadtteil
totals of 2012, scaled to ``--persons``) written once as Parquet. Each measured
run reads the file, validates, derives, builds both linked tables (86
Stadtteile, 9 Stadtbezirke, city × sex × age group × status) and protects them
(threshold 3, secondary suppression, audit). The baseline is a plain DuckDB
group-by over the same Parquet file (area × sex × birth year × citizenship ×
german_by), measured in the same run. Every measured run (pipeline and
baseline) runs in a fresh child process that reports its own timings and its
peak resident set size (``resource.getrusage``), so the memory figure covers
reading, validation, derivation, tables and disclosure control but not the
generation of the synthetic input.

    .venv/bin/python bench/register.py [--persons 1000000] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def pipeline(path: Path) -> dict[str, float]:
    from stellwerk.register.pipeline import prepare, tabulate
    from stellwerk.register.tables import city_area_parents

    times = {}
    start = time.perf_counter()
    prepared = prepare(path, 2012)
    times["lesen+prüfen+ableiten"] = time.perf_counter() - start
    parents = city_area_parents("koeln", sorted(set(prepared.derived["area"].unique())))
    step = time.perf_counter()
    tables = tabulate(prepared, 2012, threshold=3, area_parents=parents)
    times["tabellen+geheimhaltung"] = time.perf_counter() - step
    times["gesamt"] = time.perf_counter() - start
    assert sum(int((t.cells["flag"] == "s").sum()) for t in tables) > 0
    return times


def baseline(path: Path) -> float:
    import duckdb

    start = time.perf_counter()
    connection = duckdb.connect()
    connection.execute(
        "SELECT area, sex, birth_year, citizenship_1, german_by, count(*) AS n "
        f"FROM read_parquet('{path}') GROUP BY ALL"
    ).fetchall()
    connection.close()
    return time.perf_counter() - start


def peak_mb() -> float:
    """Peak resident set size of this process in MB.

    Linux: VmHWM of /proc/self/status, which starts afresh with the new program after exec
    (``ru_maxrss`` would carry over the parent's peak into the child).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, path: Path, persons: int = 0) -> dict[str, float]:
    """Run one step in a fresh child process (own timings, own peak memory)."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), "--persons", str(persons)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def generate(path: Path, persons: int) -> dict[str, float]:
    from stellwerk.config import get_settings
    from stellwerk.register.schema import write_frame
    from stellwerk.register.synth import synthesize
    from stellwerk.register.targets import read_koeln

    start = time.perf_counter()
    write_frame(synthesize(read_koeln(get_settings().data_dir, 2012), persons), path)
    return {"gesamt": time.perf_counter() - start}


def child(kind: str, path: Path, persons: int) -> int:
    if kind == "synth":
        result = generate(path, persons)
    else:
        result = pipeline(path) if kind == "pipeline" else {"gesamt": baseline(path)}
    print(json.dumps({**result, "peak_mb": peak_mb()}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child[0], Path(args.child[1]), args.persons)

    from stellwerk.config import get_settings

    if get_settings().data_dir is None:
        print("STELLWERK_DATA_DIR fehlt (Köln-Daten für das synthetische Register)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetisch.parquet"
        made = measure("synth", path, args.persons)
        print(f"Synthetisches Köln-Register: {args.persons:,} Personen in {made['gesamt']:.1f} s "
              f"({path.stat().st_size / 1e6:.0f} MB Parquet); CPUs: {os.cpu_count()}".replace(",", "."))
        runs, base = [], []
        for _ in range(args.runs):  # interleaved, so both see the same load on a shared machine
            runs.append(measure("pipeline", path))
            base.append(measure("baseline", path))
    for key in runs[0]:
        if key != "peak_mb":
            print(f"  {key:<24} Median {statistics.median(r[key] for r in runs):6.2f} s")
    total = statistics.median(r["gesamt"] for r in runs)
    duck = statistics.median(b["gesamt"] for b in base)
    print(f"  DuckDB-Group-by (Basis)  Median {duck:6.2f} s")
    print(f"  Verhältnis zur Basis     {total / duck:6.1f}×")
    print(f"  Spitzenspeicher          {max(r['peak_mb'] for r in runs):6.0f} MB (Pipeline), "
          f"{max(b['peak_mb'] for b in base):.0f} MB (DuckDB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
