# SPDX-License-Identifier: EUPL-1.2
"""Is the concept complete? A checklist of the content dimensions the literature names."""
from __future__ import annotations

from typing import Any

from stellwerk.strategy.models import Concept

__all__ = ["check_completeness"]


def check_completeness(concept: Concept) -> list[dict[str, Any]]:
    """One entry per dimension: name, fulfilled, and what is missing."""
    goals, measures = concept.goals, concept.measures
    measured = [g for g in goals if g.indicators]
    owned = [m for m in measures if m.responsible.strip()]
    resourced = [m for m in measures if m.budget is not None or m.funding_source.strip()]
    items = [
        ("leitbild", "Leitbild und Leitlinien", bool(concept.leitbild.strip()),
         "Es fehlt ein Leitbild." if not concept.leitbild.strip() else ""),
        ("bestandsaufnahme", "Bestandsaufnahme der örtlichen Bedarfe", bool(concept.bestandsaufnahme.strip()),
         "Die Ausgangslage und die örtlichen Bedarfe sind nicht beschrieben."),
        ("ziele", "Handlungsfelder mit Zielen", bool(goals),
         "Noch kein Ziel erfasst." if not goals else ""),
        ("massnahmen", "Maßnahmen mit Verantwortung und Mitteln",
         bool(measures) and len(owned) == len(measures) and len(resourced) == len(measures),
         "Noch keine Maßnahme erfasst." if not measures else
         f"{len(measures) - len(owned)} Maßnahme(n) ohne verantwortliche Stelle, "
         f"{len(measures) - len(resourced)} ohne Budget oder Förderquelle."),
        ("monitoring", "Monitoring und Evaluation",
         bool(goals) and len(measured) == len(goals) and (bool(concept.monitoring.strip()) or bool(concept.evaluations)),
         f"{len(goals) - len(measured)} Ziel(e) ohne Indikator; "
         + ("Monitoring und Evaluation sind nicht beschrieben." if not concept.monitoring.strip()
            and not concept.evaluations else "")),
        ("beteiligung", "Beteiligung bei der Erarbeitung", bool(concept.participation.strip()),
         "Es ist nicht beschrieben, wer an der Erarbeitung beteiligt war."),
        ("ratsbeschluss", "Beschluss des Rates", bool(concept.adopted_on and concept.council_ref),
         "Datum und Nummer des Ratsbeschlusses fehlen."),
    ]
    out = []
    for key, label, ok, missing in items:
        out.append({"id": key, "titel": label, "erfuellt": ok, "fehlt": "" if ok else missing.strip("; ")})
    return out
