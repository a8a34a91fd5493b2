# SPDX-License-Identifier: EUPL-1.2
"""Loading the shipped instruments and benchmark figures from content/, validated at load."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from stellwerk.assessment.benchmarks import BenchmarkSource, Figure
from stellwerk.assessment.schema import Instrument
from stellwerk.errors import InputError, NotFoundError

__all__ = ["content_dir", "Catalogue", "load_catalogue", "default_catalogue", "load_instrument_file"]

log = logging.getLogger(__name__)


def content_dir() -> Path:
    """The repository's content/ folder (next to src/)."""
    return Path(__file__).resolve().parents[3] / "content"


def _read_yaml(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError("Datei ist nicht UTF-8-kodiert", file=path.name, expected="UTF-8") from error
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(
            f"kein gültiges YAML: {getattr(error, 'problem', error)}",
            file=path.name,
            row=mark.line + 1 if mark else None,
        ) from error


def _validate(model: type[BaseModel], data: object, path: Path) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        details = [
            f"{'.'.join(str(p) for p in problem['loc']) or '(Wurzel)'}: {problem['msg']}"
            for problem in error.errors()
        ]
        raise InputError("Datei entspricht nicht dem Schema", file=path.name, details=details) from error


def load_benchmark_file(path: Path) -> BenchmarkSource:
    """One benchmark file, schema-checked."""
    source = _validate(BenchmarkSource, _read_yaml(path), path)
    assert isinstance(source, BenchmarkSource)
    problems = source.check()
    if problems:
        raise InputError("Vergleichszahlen sind nicht stimmig", file=path.name, details=problems)
    return source


def load_instrument_file(path: Path, known_figures: set[str] | None = None) -> Instrument:
    """One instrument file, schema-checked and cross-checked (ids, scoring rules, scales)."""
    instrument = _validate(Instrument, _read_yaml(path), path)
    assert isinstance(instrument, Instrument)
    problems = instrument.check(known_figures)
    if problems:
        raise InputError("Instrument ist nicht stimmig", file=path.name, details=problems)
    return instrument


@dataclass(frozen=True)
class Catalogue:
    """All instruments and benchmark sources of one content folder."""

    instruments: dict[str, Instrument]
    benchmarks: dict[str, BenchmarkSource]

    def instrument(self, instrument_id: str) -> Instrument:
        try:
            return self.instruments[instrument_id]
        except KeyError:
            known = ", ".join(sorted(self.instruments)) or "keine"
            raise NotFoundError(f"Instrument {instrument_id!r} gibt es nicht (vorhanden: {known})") from None

    def figure(self, reference: str) -> tuple[BenchmarkSource, Figure]:
        source_id, _, figure_id = reference.partition("/")
        source = self.benchmarks[source_id]
        for figure in source.figures:
            if figure.id == figure_id:
                return source, figure
        raise KeyError(reference)


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Read content/benchmarks/*.yaml and content/instruments/*.yaml; any fault raises InputError."""
    root = root or content_dir()
    benchmarks: dict[str, BenchmarkSource] = {}
    for path in sorted((root / "benchmarks").glob("*.yaml")):
        source = load_benchmark_file(path)
        if source.id in benchmarks:
            raise InputError(f"Vergleichsquelle {source.id!r} doppelt", file=path.name)
        benchmarks[source.id] = source
    figures = {f"{s.id}/{f.id}" for s in benchmarks.values() for f in s.figures}
    instruments: dict[str, Instrument] = {}
    for path in sorted((root / "instruments").glob("*.yaml")):
        instrument = load_instrument_file(path, figures)
        if instrument.id in instruments:
            raise InputError(f"Instrument {instrument.id!r} doppelt", file=path.name)
        instruments[instrument.id] = instrument
    log.debug("loaded %d instruments, %d benchmark sources", len(instruments), len(benchmarks))
    return Catalogue(instruments=instruments, benchmarks=benchmarks)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The shipped catalogue, loaded once per process."""
    return load_catalogue()
