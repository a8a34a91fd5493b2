# SPDX-License-Identifier: EUPL-1.2
"""The result of a run as one JSON-ready document: scores, spread, disagreement, benchmarks,
recommendations; and the comparison of repeated runs over time."""
from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy.orm import object_session

from stellwerk.assessment.benchmarks import PeerComparison, compare
from stellwerk.assessment.catalogue import Catalogue
from stellwerk.assessment.models import AssessmentRun, Mode, Sector
from stellwerk.assessment.runs import respondents_with_answers
from stellwerk.assessment.schema import SCALED_TYPES, Instrument, Recommendation
from stellwerk.assessment.scoring import (
    DISAGREEMENT_RANGE,
    RespondentScores,
    Spread,
    score_respondent,
    spread,
    weighted_mean,
)
from stellwerk.errors import InputError

__all__ = ["run_results", "consensus", "compare_runs", "LEVER_LABELS"]

LEVER_LABELS = {
    "gestaltbar": "Vor Ort gestaltbar",
    "gegeben": "Vor Ort gegeben",
}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _spread_dict(result: Spread) -> dict[str, Any]:
    return {
        "n": result.stats.n,
        "mean": _round(result.stats.mean),
        "sd": _round(result.stats.sd),
        "min": _round(result.stats.minimum),
        "max": _round(result.stats.maximum),
        "by_sector": {sector: _round(value) for sector, value in result.by_sector.items()},
        "sector_range": _round(result.sector_range),
        "disagreement": result.disagreement,
    }


def consensus(values: list[str]) -> str | None:
    """The most frequent answer; None when nobody answered or the top answers tie."""
    if not values:
        return None
    ranked = Counter(values).most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _benchmarks(catalogue: Catalogue, instrument: Instrument, run: AssessmentRun,
                scored: list[tuple[Any, dict[str, Any], RespondentScores]]) -> list[PeerComparison]:
    """Every benchmark reference of the instrument, with the municipality's answer.

    The municipality counts as positive when more respondents chose a positive answer than
    another one; "weiß nicht" (an option without score) counts for neither side.
    """
    comparisons = []
    for _, item in instrument.items():
        if not item.benchmarks:
            continue
        assert item.scale is not None
        options = instrument.scale(item.scale).options
        labels = {option.value: option.label for option in options}
        undecided = {option.value for option in options if option.score is None}
        given = [str(answers[item.id]) for _, answers, _ in scored if answers.get(item.id) is not None]
        answer = consensus(given)
        votes = [value for value in given if value not in undecided]
        for ref in item.benchmarks:
            source, figure = catalogue.figure(ref.figure)
            positive = sum(value in ref.positive for value in votes)
            negative = len(votes) - positive
            comparisons.append(compare(
                source, figure, item_id=item.id, question=item.text, answer=answer,
                answer_label=labels.get(answer or ""), positive=list(ref.positive),
                positive_labels=[labels[value] for value in ref.positive if value in labels],
                answer_positive=None if positive == negative else positive > negative,
                respondents_positive=_round(100 * positive / len(votes)) if votes else None,
                mapping_note=ref.note, gemeindetyp=run.gemeindetyp, land=run.land,
            ))
    return comparisons


def _levers(instrument: Instrument, scored: list[tuple[Any, dict[str, Any], RespondentScores]]) -> list[dict[str, Any]]:
    """Scores of the sections grouped by lever (gestaltbar / gegeben): per respondent the
    weighted mean of those sections (overall weights), then mean and spread across respondents."""
    groups: dict[str, list[str]] = {}
    for section in instrument.sections:
        if section.lever and section.id in instrument.scoring.weights:
            groups.setdefault(section.lever, []).append(section.id)
    result = []
    for lever in sorted(groups, key=lambda key: (key != "gestaltbar", key)):
        ids = groups[lever]
        per_person = [
            (person.sector, weighted_mean((scores.sections.get(i), instrument.scoring.weights[i]) for i in ids))
            for person, _, scores in scored
        ]
        entry: dict[str, Any] = {"lever": lever, "label": LEVER_LABELS.get(lever, lever),
                                 "sections": [instrument.section(i).title for i in ids]}
        entry.update(_spread_dict(spread(per_person)))
        result.append(entry)
    return result


def _fires(rule: Recommendation, sections: dict[str, dict], items: dict[str, dict]) -> str | None:
    """Why the rule applies (German), or None."""
    when = rule.when
    target = sections.get(when.section) if when.section else items.get(when.item or "")
    if target is None:
        return None
    name = f"Abschnitt „{target['title']}“" if when.section else f"Frage „{target['text']}“"
    if when.below is not None and target["mean"] is not None and target["mean"] < when.below:
        return f"{name}: {target['mean']:.0f} von 100 Punkten (Schwelle {when.below:.0f})"
    if when.answer_in and target.get("consensus") in when.answer_in:
        return f"{name}: Antwort „{target['consensus_label']}“"
    if when.disagreement and target["disagreement"]:
        return f"{name}: die Perspektiven gehen auseinander"
    return None


def run_results(catalogue: Catalogue, run: AssessmentRun) -> dict[str, Any]:
    """Everything the results page, the CLI and the API show about one run."""
    instrument = catalogue.instrument(run.instrument_id)
    session = object_session(run)
    if session is not None:
        people = respondents_with_answers(session, run)
    else:
        people = [(person, person.answer_map()) for person in run.respondents]
    scored = [(person, answers, score_respondent(instrument, answers)) for person, answers in people]
    items: dict[str, dict[str, Any]] = {}
    sections: dict[str, dict[str, Any]] = {}
    free_text = []
    for section in instrument.sections:
        section_items = []
        for item in section.items:
            raw = [answers.get(item.id) for _, answers, _ in scored]
            entry: dict[str, Any] = {"id": item.id, "text": item.text, "type": item.type, "scored": item.is_scored}
            entry.update(_spread_dict(spread((p.sector, s.items[item.id]) for p, _, s in scored)))
            if item.type in SCALED_TYPES:
                assert item.scale is not None
                options = instrument.scale(item.scale).options
                given = [str(v) for v in raw if v is not None]
                counts = Counter(given)
                entry["answers"] = [{"value": o.value, "label": o.label, "count": counts.get(o.value, 0)} for o in options]
                entry["consensus"] = consensus(given)
                entry["consensus_label"] = next((o.label for o in options if o.value == entry["consensus"]), None)
            elif item.type == "number":
                entry["values"] = [v for v in raw if v is not None]
            else:
                texts = [str(v) for v in raw if v]
                if texts:
                    free_text.append({"item": item.id, "text": item.text, "answers": texts})
            items[item.id] = entry
            section_items.append(entry)
        section_entry: dict[str, Any] = {
            "id": section.id,
            "title": section.title,
            "short": section.label,
            "lever": section.lever,
            "weight": instrument.scoring.weights.get(section.id),
            "items": section_items,
        }
        section_entry.update(_spread_dict(spread((p.sector, s.sections.get(section.id)) for p, _, s in scored)))
        sections[section.id] = section_entry
    overall = _spread_dict(spread((p.sector, s.overall) for p, _, s in scored))
    recommendations = []
    for rule in instrument.recommendations:
        reason = _fires(rule, sections, items)
        if reason:
            recommendations.append(
                {"id": rule.id, "title": rule.title, "text": rule.text, "reason": reason,
                 "links": [link.model_dump() for link in rule.links]}
            )
    benchmarks = [comparison.model_dump() for comparison in _benchmarks(catalogue, instrument, run, scored)]
    sectors = sorted({p.sector for p, _, _ in scored if p.sector})
    return {
        "run": {
            "id": run.id, "title": run.title, "mode": run.mode, "mode_label": Mode.LABELS.get(run.mode),
            "status": run.status, "gemeindetyp": run.gemeindetyp, "land": run.land,
            "instrument_version": run.instrument_version, "created_at": run.created_at,
            "closed_at": run.closed_at, "respondents": len(scored), "tenant_id": run.tenant_id,
        },
        "instrument": {"id": instrument.id, "title": instrument.title, "version": instrument.version,
                       "version_differs": instrument.version != run.instrument_version},
        "overall": overall,
        "sections": list(sections.values()),
        "disagreements": [s["id"] for s in sections.values() if s["disagreement"]],
        "levers": _levers(instrument, scored),
        "dimensions": [
            {"id": tag, "label": label,
             **_spread_dict(spread((p.sector, s.dimensions.get(tag)) for p, _, s in scored))}
            for tag, label in instrument.scoring.dimensions.items()
        ],
        "sectors": [{"id": s, "label": Sector.LABELS.get(s, s)} for s in sectors],
        "respondents": [
            {"label": p.label, "role": p.role, "sector": p.sector, "overall": _round(s.overall)} for p, _, s in scored
        ],
        "benchmarks": benchmarks,
        "recommendations": recommendations,
        "free_text": free_text,
        "rule": {"disagreement_range": DISAGREEMENT_RANGE,
                 "text": f"Spannweite der Sektor-Mittelwerte ≥ {DISAGREEMENT_RANGE:.0f} Punkte bei mindestens zwei Sektoren"},
    }


def compare_runs(catalogue: Catalogue, runs: list[AssessmentRun]) -> dict[str, Any]:
    """Section and overall means of repeated runs of one instrument, oldest first, with the change."""
    if not runs:
        raise InputError("keine Durchläufe zum Vergleichen")
    instrument_ids = {run.instrument_id for run in runs}
    if len(instrument_ids) > 1:
        raise InputError(
            "Durchläufe verschiedener Instrumente lassen sich nicht vergleichen",
            details=sorted(instrument_ids),
        )
    ordered = sorted(runs, key=lambda r: (r.created_at, r.id))
    results = [run_results(catalogue, run) for run in ordered]
    instrument: Instrument = catalogue.instrument(ordered[0].instrument_id)

    def change(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return _round(present[-1] - present[0]) if len(present) >= 2 else None

    sections = []
    for section in instrument.sections:
        if not section.weights:
            continue
        values = [next(s["mean"] for s in r["sections"] if s["id"] == section.id) for r in results]
        sections.append({"id": section.id, "title": section.title, "means": values, "change": change(values)})
    overall = [r["overall"]["mean"] for r in results]
    return {
        "instrument": {"id": instrument.id, "title": instrument.title},
        "runs": [{"id": r["run"]["id"], "title": r["run"]["title"], "created_at": r["run"]["created_at"],
                  "respondents": r["run"]["respondents"], "overall": r["overall"]["mean"]} for r in results],
        "overall": {"means": overall, "change": change(overall)},
        "sections": sections,
        "versions_differ": len({run.instrument_version for run in ordered}) > 1,
    }
