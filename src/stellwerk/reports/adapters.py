# SPDX-License-Identifier: EUPL-1.2
"""Small adapters to modules that may be missing or empty: strategy, assessment, network, disclosure.

Each returns a plain section dict with ``available`` and a German ``message`` when there is
nothing to show, so that the report still renders and says why a section is empty.
"""
from __future__ import annotations

import logging
from importlib import import_module
from types import ModuleType

import pandas as pd
from sqlalchemy.orm import Session

__all__ = ["strategy_section", "assessment_section", "network_section", "protect_subarea_counts", "SUPPRESSED"]

log = logging.getLogger(__name__)
SUPPRESSED = "s"


def _module(name: str) -> ModuleType | None:
    try:
        return import_module(name)
    except ImportError:
        return None


def _hook(module_names: tuple[str, ...], function: str):
    """The report hook ``function`` of the first importable module that defines it."""
    for name in module_names:
        module = _module(name)
        if module is not None and callable(getattr(module, function, None)):
            return getattr(module, function)
    return None


def _section(title: str, hook, session: Session, area_id: int, missing: str) -> dict:
    if hook is None:
        return {"title": title, "available": False, "message": missing, "rows": []}
    try:
        rows = list(hook(session, area_id) or [])
    except Exception:  # a broken neighbour module must not stop the whole report
        log.exception("Berichtsabschnitt %s fehlgeschlagen", title)
        return {"title": title, "available": False, "message": "Abschnitt konnte nicht erstellt werden (siehe Protokoll).", "rows": []}
    if not rows:
        return {"title": title, "available": False, "message": "Für dieses Gebiet noch nicht erfasst.", "rows": []}
    return {"title": title, "available": True, "message": "", "rows": rows}


def strategy_section(session: Session, area_id: int) -> dict:
    """Goals and measures with their traffic lights (module ``strategy``), as rows
    ``{"goal", "measure", "light", "light_label", "note"}``."""
    hook = _hook(("stellwerk.strategy.report", "stellwerk.strategy.steering"), "report_rows")
    return _section("Ziele und Maßnahmen", hook, session, area_id,
                    "Keine Daten: Integrationskonzept und Ziele sind noch nicht erfasst (Modul strategy).")


def assessment_section(session: Session, area_id: int) -> dict:
    """The latest self-check (module ``assessment``) as rows ``{"dimension", "score", "label"}``."""
    hook = _hook(("stellwerk.assessment.report", "stellwerk.assessment.results"), "report_rows")
    return _section("Selbstcheck", hook, session, area_id,
                    "Keine Daten: Es liegt noch kein Selbstcheck vor (Modul assessment).")


def network_section(session: Session, area_id: int) -> dict:
    """Network summary (module ``network``) as rows ``{"label", "value"}``."""
    hook = _hook(("stellwerk.network.report", "stellwerk.network.analysis"), "report_rows")
    return _section("Netzwerk", hook, session, area_id,
                    "Keine Daten: Das Netzwerk der Akteure ist noch nicht erfasst (Modul network).")


def protect_subarea_counts(rows: list[dict], threshold: int = 3) -> tuple[list[dict], str]:
    """Apply disclosure control to the counts of a small-area table; returns rows and a method note.

    Uses ``stellwerk.disclosure.protect`` (primary and secondary suppression over the sub-areas and
    their total) when installed. A suppressed numerator hides the count and the share (flag ``s``).
    """
    counts = [r for r in rows if r.get("numerator") is not None]
    disclosure = _module("stellwerk.disclosure")
    if disclosure is None:
        # TODO(disclosure): the module lands with branch ``register``; until then the report says so.
        note = ("Geheimhaltung: Das Modul für die Geheimhaltung ist in dieser Installation nicht verfügbar; "
                "die Fallzahlen der Teilgebiete sind ungeschützt wiedergegeben (TODO).")
        return rows, note
    if not counts:
        return rows, "Geheimhaltung: keine Fallzahlen in dieser Tabelle."
    codes = [str(r["code"]) for r in counts]
    leaves = pd.DataFrame({"area": codes, "value": [int(round(r["numerator"])) for r in counts]})
    table = disclosure.build_table("teilgebiete", "Teilgebiete", leaves, {"area": disclosure.Hierarchy.flat("area", codes)})
    (protected,) = disclosure.protect([table], threshold=threshold)
    cells = protected.cells.set_index("area")
    out = []
    for r in rows:
        code = str(r["code"])
        flag = cells.at[code, "flag"] if code in cells.index else None
        if isinstance(flag, str) and flag == SUPPRESSED:
            r = {**r, "numerator": None, "value": None, "flag": SUPPRESSED}
        out.append(r)
    note = (f"Geheimhaltung: Fallzahlen der Teilgebiete unter {threshold} sind primär und, wo sie sonst "
            "aus Summen errechenbar wären, sekundär gesperrt (Kennzeichen s).")
    return out, note
