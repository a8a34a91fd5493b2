# SPDX-License-Identifier: EUPL-1.2
"""Target reader: the published small-area totals the synthetic register must reproduce.

This is NOT an importer. It reads just the few figures the generator needs
from the raw Köln and Berlin files; the importers of the sources module turn
the same files into observations with provenance.

Köln (Offene Daten Köln, long format): table 005 Einwohner, 010 sex, 020 age
groups, 030 Einwohner mit Migrationshintergrund (Deutsche mit MH, Aussiedler,
Eingebürgerte, Ausländer, origin groups of the Ausländer) per Stadtteil.
Berlin (Amt für Statistik Berlin-Brandenburg via open-lifeworlds, table t1):
residents, residents with migration background and foreigners per LOR
Planungsraum.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from stellwerk.errors import InputError

__all__ = ["Targets", "KOELN_FILE", "berlin_file", "read_koeln", "read_berlin", "KOELN_AGE_BANDS"]

KOELN_FILE = Path("city") / "koeln" / "koeln_bevoelkerung_stadtteile_2005-2012.csv"

#: Köln's age groups (table 020, row 10 … 130) as (label, first age, last age).
KOELN_AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("00 - < 03", 0, 2), ("03 - < 06", 3, 5), ("06 - < 10", 6, 9), ("10 - < 15", 10, 14),
    ("15 - < 18", 15, 17), ("18 - < 25", 18, 24), ("25 - < 35", 25, 34), ("35 - < 45", 35, 44),
    ("45 - < 55", 45, 54), ("55 - < 60", 55, 59), ("60 - < 65", 60, 64), ("65 - < 75", 65, 74),
    ("75 und älter", 75, 99),
)
KOELN_REGIONS: tuple[str, ...] = (
    "Afrika", "Amerika", "Asien", "Europäische Union", "Türkei", "Übriges Europa", "Sonstige",
)


@dataclass
class Targets:
    """Published counts per small area; ``groups`` columns add up to ``einwohner``."""

    city: str
    year: int
    reference_year: int
    areas: pd.DataFrame  # index: code; columns: name, einwohner, auslaender, eingebuergert, aussiedler, familiaer, keiner
    sex: pd.DataFrame | None = None  # columns m, w
    ages: pd.DataFrame | None = None  # columns: KOELN_AGE_BANDS labels
    regions: pd.DataFrame | None = None  # Ausländer by origin group
    age_bands: tuple[tuple[str, int, int], ...] = KOELN_AGE_BANDS
    published: dict[str, pd.Series] = field(default_factory=dict)  # what a test compares against

    GROUPS = ("auslaender", "eingebuergert", "aussiedler", "familiaer", "keiner")


def read_koeln(data_dir: Path, year: int = 2012) -> Targets:
    """Read the Köln Stadtteil targets of one year (2005–2012)."""
    path = Path(data_dir) / KOELN_FILE
    if not path.is_file():
        raise InputError("Köln-Datei nicht gefunden", file=str(KOELN_FILE))
    raw = pd.read_csv(path, dtype={"tab_id": str, "raum_id": str, "zei_id": str}, encoding="utf-8")
    raw = raw[(raw["jahr"] == year) & (raw["raum_id"].str.len() == 3)]
    if raw.empty:
        raise InputError(f"keine Angaben für {year}", file=path.name, column="jahr", expected="2005–2012")
    stadtteile = raw[raw["raum_id"].astype(int) >= 100]

    def table(tab: str) -> pd.DataFrame:
        part = stadtteile[stadtteile["tab_id"] == tab]
        return part.pivot_table(index="raum_id", columns="zeile", values="zahl", aggfunc="sum").fillna(0).astype(np.int64)

    names = stadtteile.drop_duplicates("raum_id").set_index("raum_id")["raum"]
    einwohner = table("005")["Einwohner"]
    mh = table("030")
    areas = pd.DataFrame({
        "name": names,
        "einwohner": einwohner,
        "mit_mh": mh["Einwohner mit Migrationshintergrund"],
        "deutsche_mit_mh": mh["Deutsche mit Migrationshintergrund"],
        "auslaender": mh["Ausländer"],
        "eingebuergert": mh["Eingebürgerte"],
        "aussiedler": mh["Aussiedler"],
    })
    areas["familiaer"] = areas["deutsche_mit_mh"] - areas["eingebuergert"] - areas["aussiedler"]
    areas["keiner"] = areas["einwohner"] - areas["mit_mh"]
    _check(areas, path.name)
    sex = table("010").rename(columns={"Männlich": "m", "Weiblich": "w"})[["m", "w"]]
    ages = table("020")[[label for label, _, _ in KOELN_AGE_BANDS]]
    regions = table("030")[list(KOELN_REGIONS)]
    published = {
        "einwohner": areas["einwohner"], "mit_mh": areas["mit_mh"], "deutsche_mit_mh": areas["deutsche_mit_mh"],
        "auslaender": areas["auslaender"], "eingebuergert": areas["eingebuergert"], "aussiedler": areas["aussiedler"],
    }
    return Targets("koeln", year, year, areas.sort_index(), sex.sort_index(), ages.sort_index(),
                   regions.sort_index(), published=published)


def berlin_file(period: str) -> Path:
    """Relative path of the Berlin t1 planning-area table of a half-year such as ``2024-02``."""
    folder = f"berlin-lor-population-{period}"
    return Path("city") / "berlin_lor" / folder / f"{folder}-t1-planning-areas.csv"


def read_berlin(data_dir: Path, period: str = "2024-02") -> Targets:
    """Read residents, residents with MH and foreigners per Berlin LOR Planungsraum."""
    path = Path(data_dir) / berlin_file(period)
    if not path.is_file():
        raise InputError("Berliner LOR-Datei nicht gefunden", file=str(berlin_file(period)))
    raw = pd.read_csv(path, dtype={"id": str}, encoding="utf-8")
    areas = pd.DataFrame({
        "name": raw["id"],
        "einwohner": raw["inhabitants"].astype(np.int64),
        "mit_mh": raw["inhabitants_with_migration_background"].astype(np.int64),
        "auslaender": raw["inhabitants_foreigners"].astype(np.int64),
    })
    areas.index = raw["id"].rename("code")
    areas["deutsche_mit_mh"] = areas["mit_mh"] - areas["auslaender"]
    # Berlin publishes no split of the Germans with MH: split them by fixed shares (synthetic choice).
    german = areas["deutsche_mit_mh"].to_numpy()
    eingebuergert = np.floor(german * 0.45).astype(np.int64)
    aussiedler = np.floor(german * 0.15).astype(np.int64)
    areas["eingebuergert"] = eingebuergert
    areas["aussiedler"] = aussiedler
    areas["familiaer"] = german - eingebuergert - aussiedler
    areas["keiner"] = areas["einwohner"] - areas["mit_mh"]
    _check(areas, path.name)
    year = int(period[:4])
    published = {"einwohner": areas["einwohner"], "mit_mh": areas["mit_mh"], "auslaender": areas["auslaender"]}
    return Targets("berlin", year, year, areas.sort_index(), published=published)


def _check(areas: pd.DataFrame, file: str) -> None:
    negative = areas[list(Targets.GROUPS)].lt(0).any(axis=1)
    if negative.any():
        raise InputError(f"widersprüchliche Summen in {int(negative.sum())} Gebiet(en), z. B. {negative.idxmax()}",
                         file=file)
