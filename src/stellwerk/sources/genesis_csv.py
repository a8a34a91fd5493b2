# SPDX-License-Identifier: EUPL-1.2
"""Regionaldatenbank / GENESIS table CSV as downloaded (``;``, Latin-1).

Two layouts occur:

* the full download: ``GENESIS-Tabelle: CODE`` in line 1, title lines,
  multi-line column headers (one header line per column dimension), data rows
  ``[year;]code;name[;row label];values…`` and a footer after ``__________``
  or the copyright notice;
* a shortened copy with one header line of column names
  (``;Kreis;Stadt;schutzsuchende``) and rows ``period;code;name;values…``, codes
  without leading zeros. The table is recognised by its column names.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.observations import breakdown as bd
from stellwerk.sources.records import (
    ATTRIBUTION_LAENDER,
    LICENCE_DL_DE,
    ParsedTable,
    VariableSpec,
    file_sha256,
    make_cell,
)
from stellwerk.sources.values import area_level, normalise_code, parse_cell, parse_period, read_text
from stellwerk.sources.vocabulary import (
    BREAKDOWN_LABELS,
    NEUTRAL_LABELS,
    UNIT_LABELS,
    VARIABLE_LABELS,
    VARIABLES,
    age_key,
)

__all__ = ["parse", "sniff", "TABLES", "VERSION"]

VERSION = "1.0"
KIND = "genesis"
_CODE = re.compile(r"^(DG|\d{1,12})$")
_YEAR = re.compile(r"^\d{4}$")
_DATE_IN_TEXT = re.compile(r"\b(\d{2}\.\d{2}\.\d{4})\b")

# Known tables: default variable and title. A table code not listed here is an unknown layout.
TABLES: dict[str, tuple[str, str]] = {
    "12411-03-03-4": ("bevoelkerung", "Bevölkerung nach Geschlecht, Nationalität und Altersgruppen, Kreise"),
    "12411-0015": ("bevoelkerung", "Bevölkerung: Kreise, Stichtag"),
    "12111-06-01-4": ("bevoelkerung", "Zensus 2011: Bevölkerung nach Geschlecht, Nationalität und Religion, Kreise"),
    "13211-02-05-4": ("arbeitslose", "Arbeitslose nach ausgewählten Personengruppen sowie Arbeitslosenquoten, Kreise"),
}

# Shortened layout: column name → (variable, breakdown parts); the first column name identifies the table.
_SHORT_TABLES: dict[str, tuple[str, str]] = {
    "schutzsuchende": ("12531", "Schutzsuchende nach Kreisen"),
    "arbeitslose_insgesamt": ("13211-02-05-4", "Arbeitslose nach ausgewählten Personengruppen, Kreise"),
    "empfaenger_asylbewerber": ("22221", "Empfänger von Regelleistungen nach dem AsylbLG, Kreise"),
    "sozialhilfe_empfaenger": ("22111", "Empfänger von Sozialhilfe (Hilfe zum Lebensunterhalt), Kreise"),
}
_SHORT_COLUMNS: dict[str, tuple[str, dict[str, str]]] = {
    "schutzsuchende": ("schutzsuchende", {}),
    "arbeitslose_insgesamt": ("arbeitslose", {}),
    "arbeitslose_auslaender": ("arbeitslose", {"nationality": "auslaender"}),
    "arbeitslose_schwerbehindert": ("arbeitslose", {"group": "schwerbehindert"}),
    "arbeitslose_1520": ("arbeitslose", {"age": "15-20"}),
    "arbeitslose_1525": ("arbeitslose", {"age": "15-25"}),
    "arbeitslose_5565": ("arbeitslose", {"age": "55-65"}),
    "arbeitslose_langzeit": ("arbeitslose", {"group": "langzeitarbeitslos"}),
    "empfaenger_asylbewerber": ("asylblg_empfaenger", {}),
    # The "weiblich" columns never exceed the total and give plausible shares; the "maennlich"
    # columns do not fit (above the total in places) and stay under their own names.
    "empfaenger_asylbewerber_weiblich": ("asylblg_empfaenger", {"sex": "w"}),
    "sozialhilfe_empfaenger": ("sozialhilfe_empfaenger", {}),
    "sozialhilfeempfaenger_weiblich": ("sozialhilfe_empfaenger", {"sex": "w"}),
    "sozialhilfe_ausser_einrichtung": ("sozialhilfe_ausserhalb_einrichtungen", {}),
    "sozialhilfe_ausser_einrichtung_ausland": ("sozialhilfe_ausserhalb_einrichtungen", {"nationality": "auslaender"}),
}
_FOOTER_START = ("__", "©", '"©', "(C)", "Stand:")


def sniff(head: str) -> bool:
    """True for both layouts of Regionaldatenbank table CSV."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    if first.startswith("GENESIS-Tabelle:") and ";" in head:
        return True
    parts = [p.strip() for p in first.split(";")]
    return len(parts) >= 4 and parts[1:3] == ["Kreis", "Stadt"] and parts[3] in _SHORT_TABLES


def _reader(text: str) -> list[tuple[int, list[str]]]:
    """Rows with the physical line number each one starts on."""
    reader = csv.reader(io.StringIO(text), delimiter=";")
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse a Regionaldatenbank/GENESIS table CSV into tidy cells."""
    name = display or path.name
    text = read_text(path, encoding="cp1252", display=name)
    rows = _reader(text)
    first = rows[0][1]
    if first and first[0].startswith("GENESIS-Tabelle:"):
        table = _new_table(path, name, first[0].split(":", 1)[1].strip())
        _parse_full(rows, table, name)
    elif len(first) >= 4 and [p.strip() for p in first[1:3]] == ["Kreis", "Stadt"]:
        key = first[3].strip()
        if key not in _SHORT_TABLES:
            raise InputError(
                f"Unbekanntes Tabellenlayout (erste Wertspalte {key!r})",
                file=name, row=1, column="D", expected="eine der Spalten " + ", ".join(sorted(_SHORT_TABLES)),
            )
        code, title = _SHORT_TABLES[key]
        table = _new_table(path, name, code, title=title)
        table.meta["layout"] = "gekürzte Kopfzeile (Spaltennamen von Dritten vergeben)"
        _parse_short(rows, table, name)
    else:
        raise InputError(
            "Unbekanntes Tabellenlayout", file=name, row=1,
            expected="'GENESIS-Tabelle: CODE' in Zeile 1 oder die Kopfzeile ';Kreis;Stadt;…'",
        )
    if not table.cells:
        raise InputError("Die Tabelle enthält keine Datenzeilen", file=name, expected="mindestens eine Datenzeile")
    table.reference_date = max((parse_period(p)[2] for p in table.periods if parse_period(p)[2]), default=None) or (
        _year_end(table.periods)
    )
    return table


def _year_end(periods: list[str]):
    import datetime as dt

    years = [int(p[:4]) for p in periods]
    return dt.date(max(years), 12, 31) if years else None


def _new_table(path: Path, name: str, code: str, title: str | None = None) -> ParsedTable:
    return ParsedTable(
        kind=KIND,
        source="Regionaldatenbank Deutschland / GENESIS",
        table_code=code,
        title=title or TABLES.get(code, ("", code))[1],
        licence=LICENCE_DL_DE,
        attribution=ATTRIBUTION_LAENDER,
        reference_date=None,
        file_name=name,
        file_sha256=file_sha256(path),
        importer_version=VERSION,
    )


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _label_parts(labels: list[str], *, file: str, line: int, column: str) -> tuple[str | None, dict[str, str], str | None]:
    """Map header labels to (variable, breakdown parts, unit); unknown labels are an error."""
    variable = None
    parts: dict[str, str] = {}
    unit = None
    for label in labels:
        text = " ".join(label.split())
        if text in NEUTRAL_LABELS:
            unit = UNIT_LABELS.get(text, unit)
            continue
        if text in VARIABLE_LABELS:
            variable = VARIABLE_LABELS[text]
        elif text in BREAKDOWN_LABELS:
            dim, value = BREAKDOWN_LABELS[text]
            parts[dim] = value
        elif (age := age_key(text)) is not None:
            parts["age"] = age
        else:
            raise InputError(
                f"Unbekannte Beschriftung {text!r}", file=file, row=line, column=column,
                expected="eine bekannte Merkmalsausprägung (siehe docs/sources.md)",
            )
    return variable, parts, unit


def _parse_full(rows: list[tuple[int, list[str]]], table: ParsedTable, name: str) -> None:
    if table.table_code not in TABLES:
        raise InputError(
            f"Unbekanntes Tabellenlayout: GENESIS-Tabelle {table.table_code}", file=name, row=1,
            expected="eine der Tabellen " + ", ".join(sorted(TABLES)),
        )
    default_variable = TABLES[table.table_code][0]
    # The first data row: its code column holds DG or digits (after an optional year column).
    start = None
    for index, (_, row) in enumerate(rows[1:], start=1):
        if len(row) >= 3 and row[0].strip():
            if _CODE.match(row[0].strip()) and not _YEAR.match(row[0].strip()):
                start, period_col, code_col = index, None, 0
                break
            if _YEAR.match(row[0].strip()) and _CODE.match(row[1].strip()):
                start, period_col, code_col = index, 0, 1
                break
    if start is None:
        raise InputError("Keine Datenzeilen gefunden", file=name, expected="Zeilen 'Schlüssel;Name;Werte…'")
    header_rows = [row for _, row in rows[1:start] if row and not row[0].strip() and any(c.strip() for c in row)]
    title_rows = [row for _, row in rows[1:start] if row and row[0].strip()]
    width = len(rows[start][1])
    keys = 0
    while keys < width and all(keys >= len(h) or not h[keys].strip() for h in header_rows):
        keys += 1
    global_period = None
    for row in title_rows:
        match = _DATE_IN_TEXT.search(row[0])
        if match:
            global_period = parse_period(match.group(1))
            break
    header_line = rows[start - 1][0]
    columns = []  # (index, letter, period, variable, parts, unit)
    for j in range(keys, width):
        labels = [h[j].strip() for h in header_rows if j < len(h) and h[j].strip()]
        period = None
        rest = []
        for label in labels:
            parsed = parse_period(label) if not label.isdigit() or len(label) == 4 else None
            if parsed:
                period = parsed
            else:
                rest.append(label)
        letter = _column_letter(j)
        variable, parts, unit = _label_parts(rest, file=name, line=header_line, column=letter)
        columns.append((j, letter, period, variable or default_variable, parts, unit))
        spec = VARIABLES[variable or default_variable]
        if unit and unit != spec.unit:
            raise InputError(
                f"Einheit {unit!r} passt nicht zu {spec.label}", file=name, row=header_line, column=letter,
                expected=spec.unit,
            )
        table.add_variable(spec)
    row_dim_cols = [c for c in range(code_col + 2, keys)]
    cells = table.cells
    seen: dict[tuple, int] = {}
    footer = False
    for line, row in rows[start:]:
        first = row[0].strip() if row else ""
        if not first:
            continue
        if first.startswith(_FOOTER_START) or not (_CODE.match(first) or _YEAR.match(first)):
            footer = True
            break
        if len(row) != width:
            raise InputError(
                f"Die Zeile hat {len(row)} statt {width} Felder (Datei abgeschnitten oder Zeile beschädigt?)",
                file=name, row=line, expected=f"{width} durch ';' getrennte Felder",
            )
        code = row[code_col].strip()
        if not _CODE.match(code):
            raise InputError(f"{code!r} ist kein Gebietsschlüssel", file=name, row=line,
                             column=_column_letter(code_col), expected="DG oder Ziffern")
        code = normalise_code(code)
        area_name = row[code_col + 1].strip()
        row_parts: dict[str, str] = {}
        for c in row_dim_cols:
            _, parts, _ = _label_parts([row[c]], file=name, line=line, column=_column_letter(c))
            row_parts.update(parts)
        row_period = parse_period(row[period_col]) if period_col is not None else None
        level = area_level(code)
        table.row_count += 1
        for j, letter, col_period, variable, parts, _ in columns:
            period = col_period or row_period or global_period
            if period is None:
                raise InputError("Kein Stichtag oder Jahr erkennbar", file=name, row=line, column=letter,
                                 expected="ein Datum im Tabellenkopf oder eine Jahresspalte")
            parsed = parse_cell(row[j], file=name, line=line, column=letter)
            if parsed is None:
                continue
            key = bd.encode({**row_parts, **parts})
            ident = (code, period[0], variable, key)
            if ident in seen:
                raise InputError(
                    f"Doppelte Zeile: {code} {period[0]} {variable} {key or 'insgesamt'} stand schon in Zeile {seen[ident]}",
                    file=name, row=line, column=letter, expected="jede Kombination nur einmal",
                )
            seen[ident] = line
            cells.append(make_cell((level, code, area_name, period[0], variable, key, parsed[0], parsed[1], line, letter)))
    if not footer:
        raise InputError(
            "Die Datei endet ohne Fußzeile (abgeschnitten?)", file=name, row=rows[-1][0],
            expected="die Fußzeile mit '__________' oder dem Copyright-Vermerk",
        )
    table.meta["title_lines"] = [row[0].strip() for row in title_rows]


def _parse_short(rows: list[tuple[int, list[str]]], table: ParsedTable, name: str) -> None:
    header = [h.strip() for h in rows[0][1]]
    width = len(header)
    columns = []
    for j in range(3, width):
        column = header[j]
        letter = _column_letter(j)
        if column in _SHORT_COLUMNS:
            variable, parts = _SHORT_COLUMNS[column]
            table.add_variable(VARIABLES[variable])
        else:
            if not re.fullmatch(r"[a-z0-9_]+", column):
                raise InputError(f"Unbekannte Spalte {column!r}", file=name, row=1, column=letter,
                                 expected="Spaltennamen aus Kleinbuchstaben, Ziffern und '_'")
            # Columns whose meaning the shortened header does not make certain are kept under their name.
            variable, parts = column, {}
            table.add_variable(VariableSpec(
                column, f"Spalte „{column}“ der Quelldatei", "Personen",
                "Die Kopfzeile der Quelldatei wurde von Dritten gekürzt; die Bedeutung dieser Spalte ist "
                "nicht gesichert (z. B. ergeben die Spalten nach Geschlecht nicht die Summe). Unverändert übernommen.",
            ))
        columns.append((j, letter, variable, bd.encode(parts)))
    seen: dict[tuple, int] = {}
    for line, row in rows[1:]:
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) != width:
            raise InputError(
                f"Die Zeile hat {len(row)} statt {width} Felder (Datei abgeschnitten oder Zeile beschädigt?)",
                file=name, row=line, expected=f"{width} durch ';' getrennte Felder",
            )
        period = parse_period(row[0])
        if period is None:
            raise InputError(f"{row[0]!r} ist kein Stichtag oder Jahr", file=name, row=line, column="A",
                             expected="TT.MM.JJJJ oder JJJJ")
        raw_code = row[1].strip()
        if not _CODE.match(raw_code):
            raise InputError(f"{raw_code!r} ist kein Gebietsschlüssel", file=name, row=line, column="B",
                             expected="DG oder Ziffern")
        code = normalise_code(raw_code)
        level = area_level(code)
        area_name = row[2].strip()
        table.row_count += 1
        for j, letter, variable, key in columns:
            parsed = parse_cell(row[j], file=name, line=line, column=letter)
            if parsed is None:
                continue
            ident = (code, period[0], variable, key)
            if ident in seen:
                raise InputError(
                    f"Doppelte Zeile: {code} {period[0]} stand schon in Zeile {seen[ident]}",
                    file=name, row=line, column=letter, expected="jedes Gebiet nur einmal je Stichtag",
                )
            seen[ident] = line
            table.cells.append(make_cell((level, code, area_name, period[0], variable, key, parsed[0], parsed[1], line,
                                          letter)))
