# SPDX-License-Identifier: EUPL-1.2
"""One real-data workspace for the report tests, built once per session, and the reports rendered once.

A copy of the areas database (GV 2016/2017, Kreise 2018/2023) with official Kreis statistics
imported through the CLI, plus Köln's Stadtteile with their population by nationality from
the city's open data (the sources module has no importer for city statistics yet).
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.cli import main
from stellwerk.storage import create_db_engine

KREIS = "05158"  # Kreis Mettmann: a Landkreis with Gemeinden
KOELN = "05315"
STATISTICS = (
    "kreise/genesis_12411-0015_bevoelkerung_kreise_2009-2016.csv",
    "kreise/regionalstatistik_12411-03-03-4_bevoelkerung_nationalitaet_kreise_2011.csv",
    "kreise/regionalstatistik_13211-02-05-4_arbeitslose_auslaender_kreise_2001-2017.csv",
    "kreise/schutzsuchende_kreise_2018-12-31.csv",
)
KOELN_FILE = "city/koeln/koeln_bevoelkerung_stadtteile_2005-2012.csv"


def _add_koeln_stadtteile(url: str, path: Path) -> int:
    """Köln's Stadtteile (codes 101…) under the Kreis 05315 with total and foreign population."""
    from stellwerk.geo.models import Area
    from stellwerk.observations.models import Dataset, Observation, Variable

    wanted = {("Einwohner in Köln", "10"): "", ("Einwohner mit Migrationshintergrund", "50"): "nationality=auslaender"}
    values: dict[tuple[str, str, int], float] = {}
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = wanted.get((row["tabelle"], row["zei_id"]))
            if key is None or len(row["raum_id"]) != 3 or int(row["raum_id"]) < 100 or not row["zahl"]:
                continue
            names[row["raum_id"]] = row["raum"]
            values[(row["raum_id"], key, int(row["jahr"]))] = float(row["zahl"])
    engine = create_db_engine(url)
    with Session(engine) as session:
        kreis = session.scalars(select(Area).where(Area.code == KOELN, Area.level == "kreis")).first()
        if session.get(Variable, "bevoelkerung") is None:
            session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
        ds = Dataset(source="Stadt Köln", table_code="koeln-bevoelkerung-stadtteile", title="Einwohner nach Stadtteilen",
                     licence="CC BY", attribution="Stadt Köln, Amt für Stadtentwicklung und Statistik",
                     file_name=path.name, file_sha256="0" * 64, importer="test", importer_version="1")
        session.add(ds)
        areas = {code: Area(level="stadtteil", code=f"{KOELN}-{code}", name=name, name_key=f"koeln-{code}",
                            parent_id=kreis.id) for code, name in names.items()}
        session.add_all(areas.values())
        session.flush()
        for (code, breakdown, year), value in values.items():
            session.add(Observation(dataset_id=ds.id, area_id=areas[code].id, period=f"{year}-12-31", year=year,
                                    variable_code="bevoelkerung", breakdown=breakdown, value=value))
        session.commit()
    engine.dispose()
    return len(areas)


@pytest.fixture(scope="session")
def report_db(gv_engines, data_dir, tmp_path_factory) -> str:
    """URL of the SQLite workspace with statistics and Köln's Stadtteile (read only for tests)."""
    target = tmp_path_factory.mktemp("reports") / "stellwerk.db"
    shutil.copy(gv_engines["sqlite"].url.database, target)
    url = f"sqlite:///{target}"
    result = CliRunner().invoke(main, ["import", "auto", *(str(data_dir / p) for p in STATISTICS), "--json", "--database", url])
    assert result.exit_code == 0, result.stderr
    assert _add_koeln_stadtteile(url, data_dir / KOELN_FILE) > 80
    _add_demo_steering(url, data_dir)
    return url


STEERING_TENANTS = ("musterstadt", "beispielstadt")


def _add_demo_steering(url: str, data_dir: Path) -> None:
    """What ``stellwerk demo`` loads for the steering sections: the example concept and network
    »Musterstadt« (tenant musterstadt, goals linked to Köln's figures) and the example workshop
    of the self-check (tenant beispielstadt). None of the tenants is linked to an area."""
    from stellwerk.cli import demo
    from stellwerk.cli.assessment_cmds import demo_step
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(url)
    lines: list[str] = []
    demo._network_example(workspace, data_dir, lines.append)
    demo_step(workspace, data_dir, lines.append)
    demo._strategy_step(workspace, data_dir, lines.append)
    assert not any("übersprungen" in line for line in lines), lines


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="session")
def rendered(report_db, tmp_path_factory) -> dict:
    """The reports of the Kreis and of Köln: HTML through the CLI, PDF and XLSX from the same
    gathered report (gathering is the expensive part, so it runs once per area)."""
    from stellwerk.reports.content import build_report
    from stellwerk.reports.service import report_bytes, report_summary

    out = tmp_path_factory.mktemp("rendered")
    files: dict = {}
    engine = create_db_engine(report_db)
    for name, area, year, tenants in (("kreis", KREIS, 2016, ()), ("koeln", KOELN, 2012, STEERING_TENANTS)):
        path = out / f"{name}.html"
        options = [x for slug in tenants for x in ("--tenant", slug)]
        result = _cli("report", area, "--year", str(year), "--format", "html", "--out", str(path), "--json",
                      *options, "--database", report_db)
        assert result.exit_code == 0, result.stderr or result.output
        files[(name, "html")] = path
        files[(name, "json")] = json.loads(result.stdout)
        with Session(engine) as session:
            report = build_report(session, area, year, tenants=tenants)
        assert report_summary(report)["indicators"] == files[(name, "json")]["indicators"]
        files[(name, "report")] = report
        for fmt in ("pdf", "xlsx"):
            files[(name, fmt)] = out / f"{name}.{fmt}"
            files[(name, fmt)].write_bytes(report_bytes(report, fmt))
    engine.dispose()
    return files
