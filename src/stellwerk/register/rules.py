# SPDX-License-Identifier: EUPL-1.2
"""The decision tables of the derivation, as data.

Rules are checked from the top; the first that applies decides. Each rule has
an id that :func:`stellwerk.register.derive.derive` reports per person (with
``explain=True``) and per count, so every branch can be tested and audited.
"Parents" are the linked mother and father; a minor without any link falls
back on the adults of the household who are at least 15 years older
(MigraPro's Kernhaushalt rule). ``None`` as a result means "unknown": the
output cell stays empty and the person is counted as undecidable.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Rule", "MH_RULES", "EG_RULES", "BL_RULES", "MH_GROUPS", "rule"]

MH_GROUPS: tuple[str, ...] = ("auslaender", "eingebuergert", "aussiedler", "familiaer", "keiner")


@dataclass(frozen=True)
class Rule:
    id: str
    condition: str
    migrationshintergrund: bool | None = None
    mh_gruppe: str | None = None
    einwanderungsgeschichte: bool | None = None


#: Migrationshintergrund (Mikrozensus sense) and mh_gruppe.
MH_RULES: tuple[Rule, ...] = (
    Rule("M1", "keine deutsche, aber mindestens eine bekannte Staatsangehörigkeit", True, "auslaender"),
    Rule("M2", "deutsch durch Einbürgerung (german_by = naturalisation)", True, "eingebuergert"),
    Rule("M3", "deutsch als (Spät-)Aussiedler (german_by = aussiedler)", True, "aussiedler"),
    Rule("M4", "deutsch nach der Options-/Geburtsortregel (german_by = option): setzt einen "
               "ausländischen Elternteil voraus", True, "familiaer"),
    Rule("M5", "deutsch seit Geburt, ein verknüpfter Elternteil ist nicht deutsch seit Geburt", True, "familiaer"),
    Rule("M6", "deutsch seit Geburt, minderjährig ohne Eltern-Verknüpfung, ein mindestens 15 Jahre "
               "älterer Erwachsener im Haushalt ist nicht deutsch seit Geburt", True, "familiaer"),
    Rule("M7", "deutsch seit Geburt, kein Elternteil mit Migrationshintergrund gefunden, aber der "
               "Status eines gefundenen Elternteils ist unbekannt", None, None),
    Rule("M8", "deutsch seit Geburt, alle gefundenen Eltern deutsch seit Geburt oder keine Eltern "
               "bekannt (Volljährige ohne Verknüpfung)", False, "keiner"),
    Rule("M9", "deutsch, Art unbekannt, ein gefundener Elternteil ist nicht deutsch seit Geburt: "
               "Migrationshintergrund sicher, Gruppe unbestimmt", True, None),
    Rule("M10", "deutsch, Art unbekannt, kein Elternteil mit Migrationshintergrund gefunden", None, None),
    Rule("M11", "keine Staatsangehörigkeit angegeben", None, None),
)

#: Einwanderungsgeschichte (the person immigrated since 1950, or both parents did).
EG_RULES: tuple[Rule, ...] = (
    Rule("E1", "selbst seit 1950 zugezogen (immigration_year ≥ 1950)", einwanderungsgeschichte=True),
    Rule("E2", "nicht selbst zugezogen (oder unbekannt), mindestens zwei Eltern gefunden und alle "
               "seit 1950 zugezogen", einwanderungsgeschichte=True),
    Rule("E3", "nicht selbst zugezogen (kein Zuzugsjahr und in Deutschland oder unbekannt geboren, "
               "oder Zuzug vor 1950), und ein gefundener Elternteil nicht zugezogen oder keine Eltern "
               "bekannt", einwanderungsgeschichte=False),
    Rule("E4", "sonst (im Ausland geboren ohne Zuzugsjahr, oder nur ein zugezogener Elternteil "
               "bekannt, oder Status eines Elternteils unbekannt)", einwanderungsgeschichte=None),
)

#: Bezugsland: the first valid state (not DEU, not XXA…XXX) in this order, for persons with MH.
BL_RULES: tuple[Rule, ...] = (
    Rule("B0", "kein oder unbestimmter Migrationshintergrund: kein Bezugsland"),
    Rule("B1", "erste Staatsangehörigkeit"),
    Rule("B2", "zweite Staatsangehörigkeit"),
    Rule("B3", "Geburtsland"),
    Rule("B4", "Zuzugsherkunft"),
    Rule("B5", "eigenes Land (B1–B4) der verknüpften Mutter, sonst des verknüpften Vaters"),
    Rule("B6", "eigenes Land (B1–B4) eines Haushaltsmitglieds (erstes in der Reihenfolge des Auszugs)"),
    Rule("B7", "kein gültiges Land gefunden: unbekannt"),
)

_ALL = {r.id: r for r in MH_RULES + EG_RULES + BL_RULES}


def rule(rule_id: str) -> Rule:
    """The rule with this id."""
    return _ALL[rule_id]
