#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: the whole indicator catalogue for every Gemeinde, Kreis and Land and every year.

Target (issue 4): at most 10 s on 2 cores, cold. Each measured run is a fresh
process (imports, catalogue load, grouping of the observations, every
indicator). The baseline is a straightforward loop – per indicator, per area,
per year, summing the observations of the area's Gemeinden with pandas masks –
timed on a sample of areas in the same run and extrapolated to all areas.

Input: a synthetic Germany of the real size (16 Länder, 400 Kreise, about
11 000 Gemeinden, 15 years, the variables the catalogue uses), or with
``--database URL`` the observations of a Stellwerk workspace.

    .venv/bin/python bench/indicators.py [--database URL] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

YEARS = list(range(2009, 2024))
GEMEINDE_VARS = [
    ("bevoelkerung", ""), ("bevoelkerung", "nationality=auslaender"), ("bevoelkerung", "sex=w"),
    ("bevoelkerung", "nationality=auslaender|sex=w"), ("arbeitslose", ""), ("arbeitslose", "nationality=auslaender"),
    ("arbeitslose", "rechtskreis=sgb2"), ("arbeitslose", "nationality=auslaender|rechtskreis=sgb2"), ("arbeitslose", "age=15-25"),
]
KREIS_VARS = [
    ("schutzsuchende", ""), ("asylblg_empfaenger", ""), ("asylblg_empfaenger", "sex=w"), ("sozialhilfe_empfaenger", ""),
    ("bevoelkerung", "age=0-3"), ("bevoelkerung", "age=0-3|nationality=auslaender"), ("arbeitslose", "group=langzeitarbeitslos"),
]
KREIS_RATES = [("arbeitslosenquote", ""), ("arbeitslosenquote", "nationality=auslaender"), ("arbeitslosenquote", "sex=w"),
               ("arbeitslosenquote", "sex=m")]


def synthetic() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A deterministic Germany-sized area tree and observation table."""
    rng = np.random.default_rng(4)
    areas = [(1, "DG", "bund", "Deutschland", None)]
    next_id = 2
    kreise, gemeinden = [], []
    per_land = np.array_split(np.arange(400), 16)
    gem_per_kreis = rng.integers(1, 56, size=400)
    gem_per_kreis = np.maximum(1, (gem_per_kreis * 11_000 / gem_per_kreis.sum()).astype(int))
    for land_no, kreis_nos in enumerate(per_land, start=1):
        land_id = next_id
        next_id += 1
        areas.append((land_id, f"{land_no:02d}", "land", f"Land {land_no}", 1))
        for k in kreis_nos:
            kreis_id = next_id
            next_id += 1
            areas.append((kreis_id, f"{land_no:02d}{k:03d}", "kreis", f"Kreis {k}", land_id))
            kreise.append(kreis_id)
            for g in range(gem_per_kreis[k]):
                areas.append((next_id, f"{land_no:02d}{k:03d}{g:07d}", "gemeinde", f"Gemeinde {k}-{g}", kreis_id))
                gemeinden.append(next_id)
                next_id += 1
    frame = pd.DataFrame(areas, columns=["area_id", "code", "level", "name", "parent_id"])
    parts = []
    for ids, specs, scale in ((gemeinden, GEMEINDE_VARS, 5_000), (kreise, KREIS_VARS, 200_000), (kreise, KREIS_RATES, None)):
        ids = np.array(ids)
        for variable, key in specs:
            n = len(ids) * len(YEARS)
            if scale is None:
                values = rng.uniform(2, 20, n).round(1)
            else:
                values = rng.integers(0, scale, n).astype(float) / (1 if key == "" else 5)
            period = [f"{y}" if variable in ("arbeitslose", "arbeitslosenquote") else f"{y}-12-31" for y in YEARS]
            parts.append(pd.DataFrame({
                "area_id": np.repeat(ids, len(YEARS)), "year": np.tile(YEARS, len(ids)), "period": np.tile(period, len(ids)),
                "variable": variable, "breakdown": key, "value": values, "flag": None, "dataset_id": 1,
            }))
    obs = pd.concat(parts, ignore_index=True)
    # a few secret cells, as in the real tables
    secret = rng.choice(len(obs), size=len(obs) // 500, replace=False)
    obs.loc[secret, "value"] = np.nan
    obs.loc[secret, "flag"] = "."
    return frame, obs


def run_once(database: str | None) -> dict:
    """One cold run (in a fresh process): load, group, compute every indicator."""
    start = time.perf_counter()
    cpu_start = time.process_time()
    from stellwerk.indicators.catalogue import load_catalogue
    from stellwerk.indicators.engine import Context, compute_many

    catalogue = load_catalogue()
    if database:
        from stellwerk.indicators.store import load_areas, load_observations
        from stellwerk.workspace import open_workspace

        with open_workspace(database).session() as session:
            codes = set().union(*(catalogue.store_variables(i) for i in catalogue.indicators))
            keys = catalogue.store_keys(catalogue.indicators)
            areas, obs = load_areas(session), load_observations(session, codes, keys)
        loaded = time.perf_counter()
    else:
        build, cpu_build = time.perf_counter(), time.process_time()
        areas, obs = synthetic()
        start += time.perf_counter() - build  # building the synthetic input is not part of the work
        cpu_start += time.process_time() - cpu_build
        loaded = time.perf_counter()
    ctx = Context.build(catalogue, obs, areas)
    results = compute_many(list(catalogue.indicators.values()), ctx)
    end = time.perf_counter()
    cpu = time.process_time() - cpu_start
    values = sum(int(r["value"].notna().sum()) for r in results.values())
    return {"seconds": end - start, "cpu": cpu, "load": loaded - start, "observations": len(obs), "areas": len(areas),
            "values": values}


def baseline(sample: int = 6) -> dict:
    """The straightforward loop on a sample of areas, extrapolated to all areas.

    Per indicator, per area, per year and per term: select the observations of
    the variable (pre-grouped by variable and breakdown, as the engine does) and
    sum the area's own row or, without one, its Gemeinden.
    """
    from stellwerk.indicators.catalogue import load_catalogue
    from stellwerk.observations import breakdown as bd

    catalogue = load_catalogue()
    areas, obs = synthetic()
    groups = {key: frame for key, frame in obs.groupby(["variable", "breakdown"])}
    parents = dict(zip(areas["area_id"], areas["parent_id"]))
    leaves: dict[int, list[int]] = {}
    for area_id in areas.loc[areas["level"] == "gemeinde", "area_id"]:
        node = area_id
        while node is not None and not pd.isna(node):
            leaves.setdefault(int(node), []).append(int(area_id))
            node = parents.get(node)
    ratios = [i for i in catalogue.indicators.values() if i.kind == "ratio"]
    rng = np.random.default_rng(1)
    chosen = rng.choice(areas["area_id"].to_numpy(), size=sample, replace=False)
    empty = obs.iloc[0:0]

    def term_sum(term, area_id, year):
        code, filters = catalogue.resolve(term)
        rows = groups.get((code, bd.encode(filters)), empty)
        rows = rows[rows["year"] == year + term.offset]
        own = rows[rows["area_id"] == area_id]
        if len(own):
            return own["value"].sum()
        part = rows[rows["area_id"].isin(leaves.get(int(area_id), []))]
        return part["value"].sum(min_count=1) if len(part) else np.nan

    start = time.perf_counter()
    for ind in ratios:
        for area_id in chosen:
            for year in YEARS:
                num = sum(t.sign * term_sum(t, area_id, year) for t in ind.expression("numerator").references())
                den = sum(t.sign * term_sum(t, area_id, year) for t in ind.expression("denominator").references())
                _ = num / den * ind.factor if den else np.nan
    elapsed = time.perf_counter() - start
    return {"sample_seconds": elapsed, "sample": sample, "extrapolated": elapsed / sample * len(areas), "indicators": len(ratios)}


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unbekannt"


def _de(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(run_once(args.database)))
        return 0
    load_at_start = _load()
    runs = []
    for _ in range(args.runs):
        cmd = [sys.executable, __file__, "--once"] + (["--database", args.database] if args.database else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    median = statistics.median(r["seconds"] for r in runs)
    info = runs[0]
    source = "Arbeitsbereich" if args.database else "synthetisches Deutschland"
    print(f"Eingabe: {source}, {_de(info['areas'])} Gebiete, {_de(info['observations'])} Beobachtungen")
    print(f"Ganzer Katalog, kalt (eigener Prozess): Median {median:.2f} s aus {len(runs)} Läufen "
          f"(davon Start und Laden {statistics.median(r['load'] for r in runs):.2f} s); {_de(info['values'])} Werte")
    print("Einzelläufe: " + ", ".join(f"{r['seconds']:.2f} s" for r in runs))
    # on a shared machine the wall time includes waiting for a core; the process's CPU time does not
    print(f"CPU-Zeit des Prozesses: Median {statistics.median(r['cpu'] for r in runs):.2f} s "
          f"(Systemlast beim Start: {load_at_start})")
    print(f"Ziel: höchstens 10 s – {'erfüllt' if median <= 10 else 'VERFEHLT'}")
    base = baseline()
    print(f"Vergleich: einfache Schleife je Indikator, Gebiet und Jahr ({base['indicators']} Quoten): "
          f"{base['sample_seconds']:.1f} s für {base['sample']} Gebiete, hochgerechnet {base['extrapolated']:.0f} s "
          f"für alle Gebiete")
    print(f"Verhältnis Schleife / Engine: {base['extrapolated'] / median:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
