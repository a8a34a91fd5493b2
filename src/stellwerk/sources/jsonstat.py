# SPDX-License-Identifier: EUPL-1.2
"""GENESIS-Online answers in JSON-stat 2.0 (``{"data": [dataset, …]}`` or a bare dataset).

Values run in row-major order over the dimensions listed in ``id`` with the
sizes in ``size``. ``status`` holds the GENESIS quality marks per cell: ``e``
(endgültig, final) carries no flag in Stellwerk, ``-`` is zero, the other
official symbols are kept.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.observations import breakdown as bd
from stellwerk.sources.genesis_codes import AREA_DIMENSIONS, TIME_DIMENSIONS, area_for, breakdown_part, variable_for
from stellwerk.sources.records import ATTRIBUTION_DESTATIS, LICENCE_DL_DE, ParsedTable, file_sha256, make_cell
from stellwerk.sources.values import parse_period, read_text

__all__ = ["parse", "sniff", "VERSION"]

VERSION = "1.0"
KIND = "jsonstat"
_FINAL = {"e", "", None}
_KNOWN_STATUS = {"-", ".", "x", "/", "...", "p", "r"}


def sniff(head: str) -> bool:
    text = head.lstrip("\ufeff").lstrip()
    return text.startswith("{") and ('"dimension"' in head or '"data"' in head) and '"id"' in head


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse a JSON-stat file from GENESIS-Online."""
    name = display or path.name
    text = read_text(path, encoding="utf-8", display=name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"Kein gültiges JSON: {error.msg}", file=name, row=error.lineno,
                         column=f"Zeichen {error.colno}", expected="ein vollständiges JSON-stat-Dokument") from None
    datasets = document.get("data") if isinstance(document, dict) and "data" in document else [document]
    if not isinstance(datasets, list) or not datasets or not isinstance(datasets[0], dict):
        raise InputError("Unbekanntes Layout: kein JSON-stat-Datensatz", file=name, expected='{"data": [{…}]}')
    match = re.search(r"\d{5}-\d{4}", name)
    first = datasets[0]
    statistic = next(iter(first.get("dimension", {}).get("statistic", {}).get("category", {}).get("index", {"": 0})))
    table = ParsedTable(
        kind=KIND,
        source="GENESIS-Online (Statistisches Bundesamt)",
        table_code=match.group() if match else (statistic or first.get("code", "")),
        title=first.get("label") or f"GENESIS-Statistik {statistic}",
        licence=LICENCE_DL_DE,
        attribution=ATTRIBUTION_DESTATIS,
        reference_date=None,
        file_name=name,
        file_sha256=file_sha256(path),
        importer_version=VERSION,
        meta={"basecubes": first.get("basecubes")},
    )
    for number, dataset in enumerate(datasets, start=1):
        _parse_dataset(dataset, table, name, number)
    dates = [parse_period(p) for p in table.periods]
    table.reference_date = max((d[2] or dt.date(d[1], 12, 31) for d in dates if d), default=None)
    return table


def _categories(dimension: dict, dim_id: str, name: str) -> list[str]:
    index = dimension.get("category", {}).get("index")
    if isinstance(index, dict):
        return [code for code, _ in sorted(index.items(), key=lambda item: item[1])]
    if isinstance(index, list):
        return list(index)
    raise InputError(f"Dimension {dim_id} ohne Kategorien", file=name, expected="category.index")


def _parse_dataset(dataset: dict, table: ParsedTable, name: str, number: int) -> None:
    try:
        ids: list[str] = dataset["id"]
        sizes: list[int] = dataset["size"]
        dimensions: dict = dataset["dimension"]
        values = dataset["value"]
    except KeyError as error:
        raise InputError(f"Datensatz {number}: Feld {error.args[0]!r} fehlt", file=name,
                         expected="JSON-stat mit id, size, dimension, value") from None
    status = dataset.get("status")
    categories = [_categories(dimensions.get(dim, {}), dim, name) for dim in ids]
    total = 1
    for dim, size, cats in zip(ids, sizes, categories):
        if size != len(cats):
            raise InputError(f"Dimension {dim}: {len(cats)} Kategorien, aber size {size}", file=name,
                             expected="size passend zu category.index")
        total *= size
    if isinstance(values, dict):
        values = [values.get(str(i)) for i in range(total)]
    if len(values) != total:
        raise InputError(f"{len(values)} Werte statt {total} (Datei abgeschnitten?)", file=name,
                         expected="so viele Werte wie das Produkt von size")
    if isinstance(status, dict):
        status = [status.get(str(i)) for i in range(total)]
    elif isinstance(status, str) or status is None:
        status = [status] * total
    statistic = next(iter(dimensions.get("statistic", {}).get("category", {}).get("index", {"": 0})), "")
    content = next(iter(dimensions.get("content", {}).get("category", {}).get("index", {"": 0})), "")
    spec = table.add_variable(variable_for(statistic, content, None, None))
    area_dims = [i for i, dim in enumerate(ids) if dim in AREA_DIMENSIONS]
    time_dims = [i for i, dim in enumerate(ids) if dim in TIME_DIMENSIONS]
    if len(area_dims) != 1 or len(time_dims) != 1:
        raise InputError("Unbekanntes Layout: genau eine Gebiets- und eine Zeitdimension erwartet", file=name,
                         expected="z. B. DINSG und JAHR")
    a, t = area_dims[0], time_dims[0]
    other = [i for i, dim in enumerate(ids) if i not in (a, t) and dim not in ("statistic", "content")]
    periods = {}
    for cat in categories[t]:
        parsed = parse_period(cat)
        if parsed is None:
            raise InputError(f"Zeitangabe {cat!r} nicht lesbar", file=name, expected="JJJJ oder JJJJ-MM-TT")
        periods[cat] = parsed[0]
    cells = table.cells
    keys: dict[tuple, str] = {}
    seen_area = set()
    for position, combo in enumerate(itertools.product(*categories)):
        mark = status[position]
        raw = values[position]
        if raw is not None and (isinstance(raw, bool) or not isinstance(raw, (int, float))):
            raise InputError(f"Wert {position} ist keine Zahl: {raw!r}", file=name, column=f"value[{position}]",
                             expected="eine Zahl oder null")
        if mark in _FINAL:
            flag = None
        elif mark in _KNOWN_STATUS:
            flag = mark
        else:
            raise InputError(f"Unbekanntes Qualitätskennzeichen {mark!r} bei Wert {position}", file=name,
                             column="status", expected="e, -, ., x, /, ..., p oder r")
        if flag == "-":
            value = 0.0
        elif flag in (".", "x", "/", "..."):
            value = None
        elif isinstance(raw, (int, float)):
            value = float(raw)
        else:
            value, flag = None, flag or "."
        level, code = area_for(ids[a], combo[a])
        seen_area.add(code)
        other_key = tuple(combo[i] for i in other)
        key = keys.get(other_key)
        if key is None:
            key = keys[other_key] = bd.encode(dict(p for i in other if (p := breakdown_part(ids[i], combo[i]))))
        cells.append(make_cell((level, code, code, periods[combo[t]], spec, key, value, flag, position + 1, "value")))
    table.row_count += total
