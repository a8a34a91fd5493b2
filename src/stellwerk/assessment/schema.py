# SPDX-License-Identifier: EUPL-1.2
"""The schema of an instrument (questionnaire) as it is written in content/instruments/*.yaml.

An instrument has scales (answer options with a score 0–100), sections with items,
a scoring rule per section (item weights) and one for the whole instrument
(section weights), and recommendation rules. ``Instrument.check`` enforces what a
schema alone cannot: unique ids, every scored item in its section's rule, every
section in the overall rule, known scales and benchmark figures.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "ItemType",
    "Option",
    "Scale",
    "NumberBand",
    "BenchmarkRef",
    "Item",
    "Section",
    "OverallScoring",
    "RecommendationLink",
    "Condition",
    "Recommendation",
    "Instrument",
    "SCALED_TYPES",
    "MODULES",
]

ItemType = Literal["single_choice", "likert", "yes_no", "number", "text"]
SCALED_TYPES = ("single_choice", "likert", "yes_no")
# Stellwerk modules a recommendation may point to (their pages: web/routes/assessment_views.MODULE_PATHS).
MODULES = ("strategy", "network", "indicators", "knowledge", "reports", "assessment")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One answer option; ``score`` None means the option is shown but not scored (e.g. "weiß nicht")."""

    value: str
    label: str
    score: float | None = Field(default=None, ge=0, le=100)

    @field_validator("value", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        # YAML reads ja/nein or 1..5 as bool/int; answers are compared as text.
        if isinstance(value, bool):
            return "ja" if value else "nein"
        if isinstance(value, (int, float)):
            return str(value)
        return value


class Scale(_Strict):
    id: str
    label: str
    options: list[Option] = Field(min_length=2)


class NumberBand(_Strict):
    """A number item scores ``score`` from ``min`` upwards (bands sorted ascending)."""

    min: float
    score: float = Field(ge=0, le=100)


class BenchmarkRef(_Strict):
    """Compare this item with a published figure: the share of municipalities answering ``positive``.

    ``positive`` lists the answer values that correspond to the published "yes" (one value, or
    several for a graded scale, e.g. "sehr wichtig" and "wichtig"); ``note`` says how the item
    was matched to the published question where that is not obvious.
    """

    figure: str  # "<benchmark file id>/<figure id>"
    positive: list[str] = Field(default_factory=lambda: ["ja"], min_length=1)
    note: str | None = None

    @field_validator("positive", mode="before")
    @classmethod
    def _as_list(cls, value: object) -> object:
        values = value if isinstance(value, list) else [value]
        return [("ja" if v else "nein") if isinstance(v, bool) else str(v) if isinstance(v, (int, float)) else v
                for v in values]


class Item(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str
    help: str | None = None
    type: ItemType
    scale: str | None = None
    reverse: bool = False  # score = 100 - option score (a factor that fosters passivity)
    scored: bool = True
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    bands: list[NumberBand] = Field(default_factory=list)
    benchmarks: list[BenchmarkRef] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _one_benchmark(cls, data: object) -> object:
        # ``benchmark: {...}`` is the short form of a list with one reference.
        if isinstance(data, dict) and "benchmark" in data:
            data = dict(data)
            if "benchmarks" in data:
                raise ValueError("benchmark und benchmarks nicht zugleich angeben")
            single = data.pop("benchmark")
            data["benchmarks"] = [] if single is None else [single]
        return data

    @property
    def is_scored(self) -> bool:
        if not self.scored or self.type == "text":
            return False
        if self.type == "number":
            return bool(self.bands)
        return True


class Section(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    short: str | None = None  # axis label in charts
    description: str | None = None
    lever: Literal["gestaltbar", "gegeben"] | None = None
    items: list[Item] = Field(min_length=1)
    weights: dict[str, float] = Field(default_factory=dict)  # the section's scoring rule: item id → weight

    @property
    def label(self) -> str:
        return self.short or self.title


class OverallScoring(_Strict):
    weights: dict[str, float]  # section id → weight
    # Cross-cutting dimensions: item tag → label (e.g. the parts of resilience: cope, learn, adapt).
    # A dimension's score is the unweighted mean of the answered scored items carrying the tag.
    dimensions: dict[str, str] = Field(default_factory=dict)


class RecommendationLink(_Strict):
    kind: Literal["practice", "module", "step"]
    label: str
    field: str | None = None  # practice: field of the knowledge catalogue (e.g. Vernetzung)
    sub_topic: str | None = None
    practice_id: str | None = None
    module: str | None = None  # module: strategy, network, indicators, knowledge, reports, assessment


class Condition(_Strict):
    """When a rule fires: a section's or an item's mean score below a threshold, or a given answer."""

    section: str | None = None
    item: str | None = None
    below: float | None = Field(default=None, ge=0, le=100)
    answer_in: list[str] = Field(default_factory=list)
    disagreement: bool = False  # the section's perspectives diverge (workshop)


class Recommendation(_Strict):
    id: str
    title: str
    text: str
    when: Condition
    links: list[RecommendationLink] = Field(default_factory=list)


class Instrument(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    version: int = Field(ge=1)
    title: str
    summary: str
    basis: str  # where the content comes from, in our own words
    audience: str | None = None
    scales: list[Scale]
    sections: list[Section] = Field(min_length=1)
    scoring: OverallScoring
    recommendations: list[Recommendation] = Field(default_factory=list)

    def scale(self, scale_id: str) -> Scale:
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        raise KeyError(scale_id)

    def items(self) -> list[tuple[Section, Item]]:
        return [(section, item) for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        for _, item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def check(self, known_figures: set[str] | None = None) -> list[str]:
        """Problems a schema cannot see; an empty list means the instrument is consistent."""
        problems: list[str] = []
        seen: dict[str, str] = {}

        def claim(identifier: str, what: str) -> None:
            if identifier in seen:
                problems.append(f"Kennung {identifier!r} doppelt ({seen[identifier]} und {what})")
            else:
                seen[identifier] = what

        scale_ids = set()
        for scale in self.scales:
            if scale.id in scale_ids:
                problems.append(f"Skala {scale.id!r} doppelt")
            scale_ids.add(scale.id)
            values = [option.value for option in scale.options]
            if len(values) != len(set(values)):
                problems.append(f"Skala {scale.id!r}: Antwortwerte doppelt")
        for section in self.sections:
            claim(section.id, "Abschnitt")
            for item in section.items:
                claim(item.id, f"Frage in {section.id}")
                problems.extend(self._check_item(section, item, scale_ids, known_figures))
            scored = {item.id for item in section.items if item.is_scored}
            for item_id in sorted(scored - set(section.weights)):
                problems.append(f"Abschnitt {section.id!r}: Frage {item_id!r} fehlt in der Bewertungsregel (weights)")
            for item_id, weight in section.weights.items():
                if item_id not in scored:
                    problems.append(
                        f"Abschnitt {section.id!r}: Bewertungsregel nennt {item_id!r}, "
                        "das keine bewertete Frage dieses Abschnitts ist"
                    )
                if weight <= 0:
                    problems.append(f"Abschnitt {section.id!r}: Gewicht von {item_id!r} muss größer als 0 sein")
        section_ids = {section.id for section in self.sections}
        scored_sections = {s.id for s in self.sections if s.weights}
        for section_id in sorted(scored_sections - set(self.scoring.weights)):
            problems.append(f"Abschnitt {section_id!r} fehlt in der Gesamtbewertung (scoring.weights)")
        for section_id, weight in self.scoring.weights.items():
            if section_id not in section_ids:
                problems.append(f"Gesamtbewertung nennt unbekannten Abschnitt {section_id!r}")
            if weight <= 0:
                problems.append(f"Gesamtbewertung: Gewicht von {section_id!r} muss größer als 0 sein")
        for tag in self.scoring.dimensions:
            if not any(tag in item.tags and item.is_scored for _, item in self.items()):
                problems.append(f"Dimension {tag!r}: keine bewertete Frage trägt diese Markierung (tags)")
        rule_ids = set()
        for rule in self.recommendations:
            if rule.id in rule_ids:
                problems.append(f"Empfehlung {rule.id!r} doppelt")
            rule_ids.add(rule.id)
            if (rule.when.section is None) == (rule.when.item is None):
                problems.append(f"Empfehlung {rule.id!r}: genau eines von section oder item angeben")
            if rule.when.section and rule.when.section not in section_ids:
                problems.append(f"Empfehlung {rule.id!r}: unbekannter Abschnitt {rule.when.section!r}")
            if rule.when.item and rule.when.item not in seen:
                problems.append(f"Empfehlung {rule.id!r}: unbekannte Frage {rule.when.item!r}")
            elif rule.when.item and rule.when.answer_in:
                problems.extend(self._check_answers(rule))
            if rule.when.below is None and not rule.when.answer_in and not rule.when.disagreement:
                problems.append(f"Empfehlung {rule.id!r}: Bedingung fehlt (below, answer_in oder disagreement)")
            for number, link in enumerate(rule.links, start=1):
                problems.extend(f"Empfehlung {rule.id!r}, Verweis {number}: {p}" for p in _check_link(link))
        return problems

    def _check_answers(self, rule: Recommendation) -> list[str]:
        item = self.item(rule.when.item or "")
        if item.scale is None or item.scale not in {s.id for s in self.scales}:
            return [f"Empfehlung {rule.id!r}: answer_in geht nur bei Auswahlfragen"]
        allowed = {option.value for option in self.scale(item.scale).options}
        return [
            f"Empfehlung {rule.id!r}: Antwort {value!r} gibt es bei Frage {item.id!r} nicht"
            for value in rule.when.answer_in
            if value not in allowed
        ]

    def _check_item(
        self, section: Section, item: Item, scale_ids: set[str], known_figures: set[str] | None
    ) -> list[str]:
        problems = []
        where = f"Frage {item.id!r}"
        if item.type in SCALED_TYPES:
            if item.scale is None:
                problems.append(f"{where}: Antworttyp {item.type} braucht eine Skala (scale)")
            elif item.scale not in scale_ids:
                problems.append(f"{where}: unbekannte Skala {item.scale!r}")
        elif item.scale is not None:
            problems.append(f"{where}: Antworttyp {item.type} hat keine Skala")
        if item.bands and item.type != "number":
            problems.append(f"{where}: Bänder (bands) gibt es nur bei Zahlenfragen")
        if item.bands and [b.min for b in item.bands] != sorted(b.min for b in item.bands):
            problems.append(f"{where}: Bänder müssen aufsteigend nach min sortiert sein")
        if item.benchmarks and item.type not in SCALED_TYPES:
            problems.append(f"{where}: Vergleichszahlen nur bei Auswahlfragen")
        figures = [ref.figure for ref in item.benchmarks]
        for figure in sorted({f for f in figures if figures.count(f) > 1}):
            problems.append(f"{where}: Vergleichszahl {figure!r} doppelt")
        allowed = None
        if item.scale in scale_ids:
            allowed = {option.value for option in self.scale(item.scale or "").options}
        for ref in item.benchmarks:
            if known_figures is not None and ref.figure not in known_figures:
                problems.append(f"{where}: unbekannte Vergleichszahl {ref.figure!r}")
            if allowed is not None:
                for value in ref.positive:
                    if value not in allowed:
                        problems.append(
                            f"{where}: Vergleichszahl {ref.figure!r}: Antwort {value!r} gibt es auf der Skala nicht"
                        )
        return problems


def _check_link(link: RecommendationLink) -> list[str]:
    """What a recommendation link needs to lead somewhere."""
    if link.kind == "practice":
        if link.practice_id is None and not (link.field and link.sub_topic):
            return ["Praxis-Verweis braucht practice_id oder field und sub_topic"]
        if link.module is not None:
            return ["Praxis-Verweis hat kein module"]
    elif link.kind == "module":
        if link.module not in MODULES:
            return [f"Modul {link.module!r} ist unbekannt (erwartet: {', '.join(MODULES)})"]
        if link.field or link.sub_topic or link.practice_id:
            return ["Modul-Verweis hat kein field, sub_topic oder practice_id"]
    elif link.module or link.field or link.sub_topic or link.practice_id:
        return ["Nächster Schritt (step) hat nur ein label"]
    return []
