# SPDX-License-Identifier: EUPL-1.2
"""Aggregate derived persons into small-area tables (area × sex × age group × status).

Two linked tables are built: migration status (Köln's published structure:
Einwohner mit Migrationshintergrund = Ausländer + Deutsche mit MH, the latter =
Eingebürgerte + Aussiedler + familiärer MH) and Einwanderungsgeschichte. The
area dimension climbs from the small areas to their districts and the city.
"""
from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from stellwerk.disclosure.perturb import record_keys
from stellwerk.disclosure.table import TOTAL, Hierarchy, Table, build_table
from stellwerk.errors import InputError
from stellwerk.register.columns import encode, years

__all__ = [
    "AGE_GROUPS",
    "age_groups",
    "area_hierarchy",
    "read_area_parents",
    "city_area_parents",
    "register_tables",
]

#: Age groups (lower bound inclusive) as in small-area publications of German cities.
AGE_GROUPS: tuple[tuple[str, int], ...] = (
    ("0-5", 0), ("6-14", 6), ("15-17", 15), ("18-24", 18), ("25-44", 25), ("45-64", 45), ("65+", 65),
)
UNKNOWN = "unbekannt"
SEX_LABELS = {"m": "männlich", "w": "weiblich", "d": "divers", UNKNOWN: "unbekannt"}
STATUS_PARENTS = {
    "ohne_mh": TOTAL, "mit_mh": TOTAL, "mh_unbekannt": TOTAL,
    "auslaender": "mit_mh", "deutsche_mit_mh": "mit_mh",
    "eingebuergert": "deutsche_mit_mh", "aussiedler": "deutsche_mit_mh", "familiaer": "deutsche_mit_mh",
    "gruppe_unbekannt": "deutsche_mit_mh",
}
STATUS_LABELS = {
    "ohne_mh": "ohne Migrationshintergrund", "mit_mh": "mit Migrationshintergrund",
    "mh_unbekannt": "Migrationshintergrund unbestimmt", "auslaender": "Ausländerinnen und Ausländer",
    "deutsche_mit_mh": "Deutsche mit Migrationshintergrund", "eingebuergert": "Eingebürgerte",
    "aussiedler": "(Spät-)Aussiedlerinnen und -Aussiedler", "familiaer": "familiärer Migrationshintergrund",
    "gruppe_unbekannt": "Deutsche mit Migrationshintergrund, Gruppe unbestimmt",
}
EG_LABELS = {"mit_eg": "mit Einwanderungsgeschichte", "ohne_eg": "ohne Einwanderungsgeschichte",
             "eg_unbekannt": "Einwanderungsgeschichte unbestimmt"}
OPTIONAL_LEAVES = {"d", UNKNOWN, "mh_unbekannt", "gruppe_unbekannt", "eg_unbekannt"}


def age_groups(birth_year: pd.Series, reference_year: int) -> tuple[np.ndarray, np.ndarray]:
    """Age group per person as codes into the returned labels (age = reference year − birth year)."""
    age = reference_year - years(birth_year)[0]
    bounds = np.array([b for _, b in AGE_GROUPS])
    labels = np.array([name for name, _ in AGE_GROUPS] + [UNKNOWN], dtype=object)
    index = np.searchsorted(bounds, np.nan_to_num(age, nan=-1), side="right") - 1
    index[np.isnan(age) | (age < 0)] = len(AGE_GROUPS)
    return index.astype(np.int64), labels


def read_area_parents(path: Path) -> dict[str, str]:
    """Read a mapping of small-area codes to their district (CSV with columns code, parent)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"code", "parent"} <= set(reader.fieldnames):
                raise InputError("Spalten code und parent fehlen", file=path.name, row=1, expected="code,parent")
            mapping: dict[str, str] = {}
            for number, row in enumerate(reader, start=2):
                code, parent = (row.get("code") or "").strip(), (row.get("parent") or "").strip()
                if not code:
                    raise InputError("Gebietsschlüssel fehlt", file=path.name, row=number, column="code")
                mapping[code] = parent or TOTAL
    except UnicodeDecodeError as error:
        raise InputError("Datei ist nicht UTF-8-kodiert", file=path.name) from error
    return mapping


def city_area_parents(city: str, codes: list[str]) -> dict[str, str]:
    """Built-in parents: Köln Stadtteil 101 → Stadtbezirk 1; Berlin Planungsraum 01100101 → Bezirk 01."""
    if city == "koeln":
        return {c: f"bezirk-{c[0]}" for c in codes}
    if city == "berlin":
        return {c: f"bezirk-{c[:2]}" for c in codes}
    raise ValueError(f"unknown city {city}")


def area_hierarchy(codes: list[str], parents: Mapping[str, str] | None = None) -> Hierarchy:
    """The area dimension: small areas under their districts (if known) under the city total."""
    mapping = {code: TOTAL for code in codes}
    if parents:
        mapping = {code: parents.get(code, TOTAL) for code in codes}
        for parent in set(mapping.values()) - {TOTAL}:
            mapping.setdefault(parent, parents.get(parent, TOTAL))
    return Hierarchy("area", mapping)


def _categorical(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(dtype=np.int64), np.asarray(series.cat.categories, dtype=object)
    return encode(series.astype("string").fillna(""))


def _status(derived: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Leaf of the status hierarchy per person, as codes into the returned labels."""
    mh_codes, mh_values = _categorical(derived["migrationshintergrund"])
    group_codes, group_values = _categorical(derived["mh_gruppe"])
    labels = np.array(list(STATUS_PARENTS) + ["keiner"], dtype=object)
    position = {label: i for i, label in enumerate(labels)}
    # Decide once per (value, group) pair, then look up per person.
    table = np.empty((len(mh_values), len(group_values)), dtype=np.int64)
    for i, mh in enumerate(mh_values):
        for j, group in enumerate(group_values):
            if mh == "false":
                leaf = "ohne_mh"
            elif mh == "":
                leaf = "mh_unbekannt"
            elif group in ("", "keiner"):
                leaf = "gruppe_unbekannt"
            else:
                leaf = group
            table[i, j] = position[leaf]
    return table[mh_codes, group_codes], labels


def _leaves(columns: dict[str, tuple[np.ndarray, np.ndarray]], rkeys: np.ndarray | None) -> pd.DataFrame:
    """Counts (and record-key sums) per combination of leaf codes: one sort, no Python loop per person."""
    sizes = [len(labels) for _, labels in columns.values()]
    radix = np.cumprod([1] + sizes[:-1]).astype(np.int64)
    combined = sum(codes * r for (codes, _), r in zip(columns.values(), radix))
    counts = np.bincount(combined, minlength=int(np.prod(sizes)))
    keys = np.flatnonzero(counts)
    frame = {}
    for (name, (_, labels)), r, size in zip(columns.items(), radix, sizes):
        frame[name] = labels[(keys // r) % size]
    frame["value"] = counts[keys].astype(np.int64)
    if rkeys is not None:
        order = np.argsort(combined, kind="stable")
        starts = np.searchsorted(combined[order], keys)
        frame["rkey"] = np.add.reduceat(rkeys[order], starts) if len(starts) else np.zeros(0, dtype=np.uint64)
    return pd.DataFrame(frame)


def _flat(name: str, present: set[str], codes: list[str], labels: dict[str, str]) -> Hierarchy:
    keep = [c for c in codes if c not in OPTIONAL_LEAVES or c in present]
    return Hierarchy.flat(name, keep, labels)


def register_tables(
    derived: pd.DataFrame,
    reference_year: int,
    area_parents: Mapping[str, str] | None = None,
    *,
    cell_keys: bool = False,
) -> list[Table]:
    """The two linked tables of a derived extract (unprotected: ``value`` holds true counts).

    ``cell_keys`` adds the record-key sums the cell-key method needs (hashing every person id).
    """
    area = encode(derived["area"])
    sex_codes, sex_values = encode(derived["sex"])
    sex = (sex_codes, np.where(sex_values == "", UNKNOWN, sex_values).astype(object))
    age = age_groups(derived["birth_year"], reference_year)
    status = _status(derived)
    eg_codes, eg_values = _categorical(derived["einwanderungsgeschichte"])
    eg_labels = np.array(["mit_eg" if v == "true" else "ohne_eg" if v == "false" else "eg_unbekannt"
                          for v in eg_values], dtype=object)
    eg = (eg_codes, eg_labels)
    rkeys = record_keys(derived["person_id"]) if cell_keys else None

    area_codes = sorted(set(area[1]))
    hierarchy_area = area_hierarchy(area_codes, area_parents)
    hierarchy_sex = _flat("sex", set(sex[1][np.unique(sex[0])]), ["m", "w", "d", UNKNOWN], SEX_LABELS)
    hierarchy_age = _flat("age_group", set(age[1][np.unique(age[0])]), [g for g, _ in AGE_GROUPS] + [UNKNOWN], {})
    present_status = set(status[1][np.unique(status[0])])
    status_parents = {c: p for c, p in STATUS_PARENTS.items() if c not in OPTIONAL_LEAVES or c in present_status}
    hierarchy_status = Hierarchy("migrationsstatus", status_parents, STATUS_LABELS)
    hierarchy_eg = _flat("einwanderungsgeschichte", set(eg_labels[np.unique(eg_codes)]), list(EG_LABELS), EG_LABELS)

    base = {"area": area, "sex": sex, "age_group": age}
    status_leaves = _leaves({**base, "migrationsstatus": status}, rkeys)
    eg_leaves = _leaves({**base, "einwanderungsgeschichte": eg}, rkeys)
    common = {"area": hierarchy_area, "sex": hierarchy_sex, "age_group": hierarchy_age}
    return [
        build_table("migrationsstatus", "Einwohner nach Migrationsstatus, Geschlecht und Altersgruppe",
                    status_leaves, {**common, "migrationsstatus": hierarchy_status}, official_dim="area"),
        build_table("einwanderungsgeschichte", "Einwohner nach Einwanderungsgeschichte, Geschlecht und Altersgruppe",
                    eg_leaves, {**common, "einwanderungsgeschichte": hierarchy_eg}, official_dim="area"),
    ]
