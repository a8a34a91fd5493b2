# SPDX-License-Identifier: EUPL-1.2
"""Import a network from the Excel list (see :mod:`.workbook` for the layout).

One call is one transaction (a savepoint): any error in any row leaves the
database as it was. All row errors are collected and raised together, the
first one giving file, sheet, row and column. Re-importing the same list
changes nothing: actors are matched by name and type, bodies by name,
memberships by body, actor and start, ties by the pair and start. Similar
but not equal actor names are reported as warnings, never merged.
"""
from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.errors import InputError
from stellwerk.network.content import actor_types
from stellwerk.network.edit import (
    actor_values,
    add_actor,
    add_body,
    add_membership,
    add_tie,
    body_values,
    check_membership,
    fmt_date,
    update_object,
)
from stellwerk.network.lookup import name_key
from stellwerk.network.models import Actor, Body, Tie
from stellwerk.network.workbook import SHEETS, Column, parse_cell
from stellwerk.progress import Progress, report

__all__ = ["ImportResult", "import_network"]

log = logging.getLogger(__name__)
MAX_ERRORS = 50


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEETS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEETS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEETS, 0))
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "warnings": self.warnings}


@dataclass
class _Row:
    sheet: str
    number: int
    values: dict[str, Any]


class _Errors:
    def __init__(self, file: str):
        self.file = file
        self.items: list[InputError] = []

    def add(self, error: InputError, sheet: str, row: int | None) -> None:
        error.file, error.sheet = self.file, sheet
        if error.row is None:
            error.row = row
        self.items.append(error)
        if len(self.items) >= MAX_ERRORS:
            self.raise_if_any()

    def raise_if_any(self) -> None:
        if not self.items:
            return
        first = self.items[0]
        if len(self.items) == 1:
            raise first
        raise InputError(
            f"{len(self.items)} Fehler, nichts wurde gespeichert. Erster Fehler: {first.message}",
            file=first.file, sheet=first.sheet, row=first.row, column=first.column, expected=first.expected,
            details=[str(e) for e in self.items],
        )


def _open(path: Path):
    try:
        return load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise InputError(
            "Datei ist keine lesbare Excel-Arbeitsmappe", file=path.name,
            expected="eine .xlsx-Datei, z. B. aus 'stellwerk network template'",
        ) from error


def _header(text: Any) -> str:
    return str(text or "").replace("*", "").strip().casefold()


def _rows(wb, sheet: str, errors: _Errors) -> Iterator[_Row]:
    columns = SHEETS[sheet]
    ws = wb[sheet]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {_header(h): i for i, h in enumerate(header) if h is not None}
    missing = [c.header for c in columns if c.required and c.header.casefold() not in positions]
    if missing:
        errors.add(InputError("Pflichtspalte fehlt in der Kopfzeile", column=missing[0],
                              expected="Spalten " + ", ".join(c.header for c in columns)), sheet, 1)
        return
    for number, raw in enumerate(rows, start=2):
        if raw is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        values: dict[str, Any] = {}
        ok = True
        for column in columns:
            index = positions.get(column.header.casefold())
            cell = raw[index] if index is not None and index < len(raw) else None
            try:
                values[column.key] = parse_cell(column, cell)
                _require(column, values[column.key])
            except InputError as error:
                errors.add(error, sheet, number)
                ok = False
        if ok:
            yield _Row(sheet, number, values)


def _require(column: Column, value: Any) -> None:
    if column.required and value in (None, "", []):
        raise InputError("Pflichtangabe fehlt", column=column.header)


class _Importer:
    def __init__(self, session: Session, tenant_id: int, file: str, by: str):
        self.session, self.tenant_id, self.by = session, tenant_id, by
        self.errors = _Errors(file)
        self.result = ImportResult()
        self.actors: dict[str, list[Actor]] = {}
        for actor in session.scalars(select(Actor).where(Actor.tenant_id == tenant_id)):
            self.actors.setdefault(actor.name.casefold(), []).append(actor)
        # Bodies whose row changed an existing body, with that row: their memberships are re-checked.
        self.changed_bodies: dict[int, tuple[Body, _Row]] = {}
        self.bodies: dict[str, list[Body]] = {}
        for body in session.scalars(select(Body).where(Body.tenant_id == tenant_id)):
            self.bodies.setdefault(body.name.casefold(), []).append(body)

    def _count(self, sheet: str, outcome: str) -> None:
        getattr(self.result, outcome)[sheet] += 1

    def actor_rows(self, rows: list[_Row]) -> None:
        seen: dict[tuple[str, str], int] = {}
        for row in rows:
            v = row.values
            key = (" ".join(v["name"].split()).casefold(), v["actor_type"])
            if key in seen:
                self.errors.add(InputError(
                    f"Akteur {v['name']!r} (Typ {actor_types()[v['actor_type']].label}) steht doppelt "
                    f"in Zeile {seen[key]} und Zeile {row.number}",
                    column="Name", expected="jeden Akteur nur einmal; ähnliche Einträge mit "
                    "'stellwerk network duplicates' prüfen und mit 'stellwerk network merge' zusammenführen",
                ), row.sheet, row.number)
                continue
            seen[key] = row.number
            try:
                values = actor_values(**v)
                same = [a for a in self.actors.get(values["name"].casefold(), []) if a.actor_type == v["actor_type"]]
                if len(same) > 1:
                    raise InputError(f"Akteur {v['name']!r} ist in der Datenbank mehrfach vorhanden",
                                     column="Name", expected="vorher 'stellwerk network merge' ausführen")
                if same:
                    changed = update_object(self.session, same[0], values, object_type="network_actor", by=self.by)
                    self._count(row.sheet, "updated" if changed else "unchanged")
                    continue
                actor = add_actor(self.session, self.tenant_id, by=self.by, **v)
                self._warn_similar(actor, row)
                self.actors.setdefault(actor.name.casefold(), []).append(actor)
                self._count(row.sheet, "created")
            except InputError as error:
                self.errors.add(error, row.sheet, row.number)

    def _warn_similar(self, actor: Actor, row: _Row) -> None:
        key = name_key(actor.name)
        for others in self.actors.values():
            for other in others:
                if other.actor_type == actor.actor_type and name_key(other.name) == key:
                    self.result.warnings.append(
                        f"Blatt {row.sheet!r}, Zeile {row.number}: {actor.name!r} ähnelt {other.name!r} "
                        "(gleicher Typ) – mögliche Dublette, prüfen mit 'stellwerk network duplicates'"
                    )

    def body_rows(self, rows: list[_Row]) -> None:
        seen: dict[str, int] = {}
        for row in rows:
            v = row.values
            key = " ".join(v["name"].split()).casefold()
            if key in seen:
                self.errors.add(InputError(f"Gremium {v['name']!r} steht doppelt in Zeile {seen[key]} "
                                           f"und Zeile {row.number}", column="Name",
                                           expected="jedes Gremium nur einmal"), row.sheet, row.number)
                continue
            seen[key] = row.number
            try:
                values = body_values(**v)
                existing = self.bodies.get(values["name"].casefold(), [])
                if existing:
                    changed = update_object(self.session, existing[0], values, object_type="network_body", by=self.by)
                    if changed:
                        self.changed_bodies[existing[0].id] = (existing[0], row)
                    self._count(row.sheet, "updated" if changed else "unchanged")
                    continue
                body = add_body(self.session, self.tenant_id, by=self.by, **v)
                self.bodies[body.name.casefold()] = [body]
                self._count(row.sheet, "created")
            except InputError as error:
                self.errors.add(error, row.sheet, row.number)

    def _actor(self, name: str, column: str, actor_type: str | None = None) -> Actor:
        found = self.actors.get(" ".join(name.split()).casefold(), [])
        if actor_type:
            found = [a for a in found if a.actor_type == actor_type]
        if not found:
            raise InputError(f"Unbekannter Akteur {name!r}", column=column,
                             expected="einen Namen aus dem Blatt 'Akteure' oder einen vorhandenen Akteur")
        if len(found) > 1:
            raise InputError(f"Akteur {name!r} ist nicht eindeutig ({len(found)} Akteure dieses Namens)",
                             column=column, expected="den Akteurstyp in der Spalte 'Akteurstyp'")
        return found[0]

    def membership_rows(self, rows: list[_Row]) -> None:
        for row in rows:
            v = row.values
            try:
                bodies = self.bodies.get(" ".join(v["body"].split()).casefold())
                if not bodies:
                    raise InputError(f"Unbekanntes Gremium {v['body']!r}", column="Gremium",
                                     expected="einen Namen aus dem Blatt 'Gremien' oder ein vorhandenes Gremium")
                body = bodies[0]
                actor = self._actor(v["actor"], "Akteur", v["actor_type"])
                role = v["role"] or "mitglied"
                existing = next((m for m in body.memberships
                                 if m.actor_id == actor.id and m.valid_from == v["valid_from"]), None)
                if existing:
                    check_membership(body, role=role, valid_from=v["valid_from"], valid_to=v["valid_to"])
                    changed = update_object(self.session, existing, {"role": role, "valid_to": v["valid_to"]},
                                            object_type="network_membership", by=self.by)
                    self._count(row.sheet, "updated" if changed else "unchanged")
                    continue
                add_membership(self.session, body, actor, role=role, valid_from=v["valid_from"],
                               valid_to=v["valid_to"], by=self.by)
                self._count(row.sheet, "created")
            except InputError as error:
                self.errors.add(error, row.sheet, row.number)

    def changed_lifetimes(self) -> None:
        """A body whose founding or dissolution moved must still hold all its memberships (after the sheets)."""
        for body, row in self.changed_bodies.values():
            for m in body.memberships:
                try:
                    check_membership(body, role=m.role, valid_from=m.valid_from, valid_to=m.valid_to)
                except InputError as error:
                    column = "Gegründet" if "Gründung" in error.message else "Aufgelöst"
                    self.errors.add(InputError(
                        f"Die Mitgliedschaft von {m.actor.name!r} "
                        f"({fmt_date(m.valid_from)} bis {fmt_date(m.valid_to)}) läge außerhalb der neuen "
                        f"Lebenszeit des Gremiums: {error.message}",
                        column=column,
                        expected="eine Lebenszeit, die alle Mitgliedschaften umfasst, oder die Mitgliedschaft "
                        "im Blatt 'Mitgliedschaften' anpassen",
                    ), row.sheet, row.number)

    def tie_rows(self, rows: list[_Row]) -> None:
        existing = {
            (frozenset((t.source_id, t.target_id)), t.valid_from): t
            for t in self.session.scalars(select(Tie).where(Tie.tenant_id == self.tenant_id))
        }
        for row in rows:
            v = row.values
            try:
                source = self._actor(v["source"], "Akteur A")
                target = self._actor(v["target"], "Akteur B")
                key = (frozenset((source.id, target.id)), v["valid_from"])
                fields = {k: v[k] for k in ("kind", "intensity", "formal", "valid_from", "valid_to", "published", "notes")}
                if key in existing and source.id != target.id:
                    tie = existing[key]
                    values = {k: fields[k] for k in ("intensity", "formal", "valid_to", "notes")}
                    values["kind"] = fields["kind"] or tie.kind
                    values["visibility"] = "published" if fields["published"] else "internal"
                    changed = update_object(self.session, tie, values, object_type="network_tie", by=self.by)
                    self._count(row.sheet, "updated" if changed else "unchanged")
                    continue
                tie = add_tie(self.session, source, target, by=self.by, **fields)
                existing[key] = tie
                self._count(row.sheet, "created")
            except InputError as error:
                self.errors.add(error, row.sheet, row.number)


def import_network(
    session: Session,
    path: Path,
    tenant_id: int,
    *,
    by: str = "import",
    progress: Progress | None = None,
) -> ImportResult:
    """Import actors, bodies, memberships and ties from an Excel list; all or nothing."""
    path = Path(path)
    wb = _open(path)
    present = [s for s in SHEETS if s in wb.sheetnames]
    if not present:
        raise InputError("Kein bekanntes Blatt gefunden", file=path.name,
                         expected="Blätter " + ", ".join(SHEETS))
    with session.begin_nested():
        importer = _Importer(session, tenant_id, path.name, by)
        steps = (("Akteure", importer.actor_rows), ("Gremien", importer.body_rows),
                 ("Mitgliedschaften", importer.membership_rows), ("Beziehungen", importer.tie_rows))
        for done, (sheet, handler) in enumerate(steps, start=1):
            if sheet in present:
                handler(list(_rows(wb, sheet, importer.errors)))
            report(progress, done, len(steps), f"Netzwerk-Import: {sheet}")
        importer.changed_lifetimes()
        wb.close()
        importer.errors.raise_if_any()
    log.info("network import %s: %s", path.name, importer.result.to_dict())
    return importer.result
