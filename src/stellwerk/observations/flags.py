# SPDX-License-Identifier: EUPL-1.2
"""Status flags: the official symbols of German statistical tables, and Stellwerk's own.

The meanings follow the symbol conventions of the Statistische Ämter des Bundes
und der Länder. A flag never turns into a number: a cell with ``.`` has no value.
"""
from __future__ import annotations

__all__ = ["FLAGS", "OFFICIAL_FLAGS", "OWN_FLAGS", "is_known", "label"]

OFFICIAL_FLAGS: dict[str, str] = {
    "-": "nichts vorhanden (genau null)",
    ".": "Zahlenwert unbekannt oder geheim zu halten",
    "x": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
    "/": "keine Angabe, da Zahlenwert nicht sicher genug",
    "...": "Angabe fällt später an",
    "p": "vorläufige Zahl",
    "r": "berichtigte Zahl",
}
OWN_FLAGS: dict[str, str] = {
    "s": "von Stellwerk geheim gehalten (Geheimhaltung)",
    "e": "von Stellwerk geschätzt (z. B. auf einen anderen Gebietsstand umgerechnet)",
    "g": "von Stellwerk zur Geheimhaltung auf ein Vielfaches gerundet",
    "u": "von Stellwerk zur Geheimhaltung zufällig überlagert (Cell-Key-Verfahren)",
}
FLAGS: dict[str, str] = {**OFFICIAL_FLAGS, **OWN_FLAGS}


def is_known(flag: str | None) -> bool:
    return flag is None or flag in FLAGS


def label(flag: str | None) -> str:
    return "" if flag is None else FLAGS.get(flag, flag)
