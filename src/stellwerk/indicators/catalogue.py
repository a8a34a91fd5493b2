# SPDX-License-Identifier: EUPL-1.2
"""Load and check the indicator catalogue from ``content/``.

Layout: ``content/taxonomy/handlungsfelder.yaml`` (the Handlungsfelder),
``content/indicators/_sets.yaml`` (indicator sets), ``content/indicators/_variables.yaml``
(the one place where catalogue names meet observation-store variable codes)
and every other ``content/indicators/*.yaml`` with a list ``indicators``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from stellwerk.errors import InputError, NotFoundError
from stellwerk.indicators.expressions import Term
from stellwerk.indicators.schema import Handlungsfeld, Indicator, IndicatorSet, VariableAlias
from stellwerk.observations import breakdown as bd

__all__ = ["Catalogue", "content_dir", "load_catalogue", "default_catalogue"]


def content_dir() -> Path:
    """The shipped ``content/`` folder (next to ``src/`` in the source tree)."""
    return Path(__file__).resolve().parents[3] / "content"


@dataclass
class Catalogue:
    """All indicators with the taxonomy, sets and variable aliases they use."""

    indicators: dict[str, Indicator]
    handlungsfelder: dict[str, Handlungsfeld]
    sets: dict[str, IndicatorSet]
    variables: dict[str, VariableAlias]
    files: dict[str, str] = field(default_factory=dict)

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise NotFoundError(f"Indikator {indicator_id!r} ist nicht im Katalog") from None

    def in_set(self, set_id: str | None) -> list[Indicator]:
        if set_id and set_id not in self.sets:
            raise NotFoundError(f"Indikatorenset {set_id!r} gibt es nicht ({', '.join(self.sets)})")
        return [i for i in self.indicators.values() if not set_id or set_id in i.sets]

    def resolve(self, term: Term) -> tuple[str, dict[str, str]]:
        """Store variable code and breakdown filter of a variable term."""
        alias = self.variables.get(term.name)
        if alias is None:
            return term.name, term.filter_dict
        merged = dict(alias.breakdown)
        for key, value in term.filters:
            if key in merged and merged[key] != value:
                raise InputError(f"Filter {key}={value} widerspricht dem Alias {term.name}")
            merged[key] = value
        return alias.code, merged

    def dependencies(self, indicator_id: str) -> list[str]:
        """Indicators this one refers to, directly."""
        ind = self.get(indicator_id)
        return [t.name for e in ind.expressions().values() for t in e.references() if t.is_indicator]

    def store_variables(self, indicator_id: str) -> set[str]:
        """Every store variable code the indicator needs, through referenced indicators too."""
        codes: set[str] = set()
        for expr in self.get(indicator_id).expressions().values():
            for term in expr.references():
                if term.is_indicator:
                    codes |= self.store_variables(term.name)
                else:
                    codes.add(self.resolve(term)[0])
        return codes

    def store_keys(self, indicator_ids: Iterable[str]) -> dict[str, set[str] | None]:
        """Per store variable the encoded breakdowns these indicators read (``None``: all of them).

        A ``dim=*`` filter sums over every value of a dimension, so it needs every
        breakdown of its variable. Only valid without an extra breakdown of the
        whole computation (``value --breakdown``), which changes the keys.
        """
        keys: dict[str, set[str] | None] = {}
        seen: set[str] = set()
        todo = list(indicator_ids)
        while todo:
            ind_id = todo.pop()
            if ind_id in seen:
                continue
            seen.add(ind_id)
            for expr in self.get(ind_id).expressions().values():
                for term in expr.references():
                    if term.is_indicator:
                        todo.append(term.name)
                        continue
                    code, filters = self.resolve(term)
                    if "*" in filters.values():
                        keys[code] = None
                    elif code not in keys or keys[code] is not None:
                        keys.setdefault(code, set()).add(bd.encode(filters))
        return keys

    def label_of(self, term: Term) -> str:
        if term.is_indicator:
            return self.get(term.name).short_title
        alias = self.variables.get(term.name)
        return alias.label if alias else term.name


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise InputError(f"kein gültiges YAML: {error}", file=path.name) from error


def _validation_error(path: Path, error: ValidationError, index: int | None = None) -> InputError:
    details = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]
    where = f"Eintrag {index + 1}" if index is not None else "Datei"
    return InputError(f"{where} entspricht nicht dem Schema", file=path.name, details=details)


def _load_list(path: Path, key: str, model: type) -> list:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError(f"erwartet eine Liste unter dem Schlüssel {key!r}", file=path.name)
    items = []
    for index, raw in enumerate(data[key]):
        try:
            items.append(model.model_validate(raw))
        except ValidationError as error:
            raise _validation_error(path, error, index) from error
    return items


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Read and cross-check the catalogue; raises :class:`InputError` naming the file."""
    root = root or content_dir()
    felder = {h.id: h for h in _load_list(root / "taxonomy" / "handlungsfelder.yaml", "handlungsfelder", Handlungsfeld)}
    ind_dir = root / "indicators"
    sets = {s.id: s for s in _load_list(ind_dir / "_sets.yaml", "sets", IndicatorSet)}
    raw_vars = _read_yaml(ind_dir / "_variables.yaml")
    if not isinstance(raw_vars, dict) or not isinstance(raw_vars.get("variables"), dict):
        raise InputError("erwartet eine Zuordnung unter 'variables'", file="_variables.yaml")
    variables: dict[str, VariableAlias] = {}
    for name, raw in raw_vars["variables"].items():
        try:
            variables[name] = VariableAlias.model_validate(raw)
        except ValidationError as error:
            raise _validation_error(ind_dir / "_variables.yaml", error) from error
    indicators: dict[str, Indicator] = {}
    files: dict[str, str] = {}
    for path in sorted(ind_dir.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        for ind in _load_list(path, "indicators", Indicator):
            if ind.id in indicators:
                raise InputError(f"Indikator {ind.id!r} doppelt (auch in {files[ind.id]})", file=path.name)
            indicators[ind.id] = ind
            files[ind.id] = path.name
    catalogue = Catalogue(indicators, felder, sets, variables, files)
    _cross_check(catalogue)
    return catalogue


def _cross_check(cat: Catalogue) -> None:
    for ind in cat.indicators.values():
        file = cat.files[ind.id]
        if ind.handlungsfeld not in cat.handlungsfelder:
            raise InputError(f"{ind.id}: unbekanntes Handlungsfeld {ind.handlungsfeld!r}", file=file)
        for set_id in ind.sets:
            if set_id not in cat.sets:
                raise InputError(f"{ind.id}: unbekanntes Set {set_id!r}", file=file)
        for variant in ind.variants:
            if variant not in cat.indicators:
                raise InputError(f"{ind.id}: verknüpfte Variante {variant!r} fehlt im Katalog", file=file)
        for expr in ind.expressions().values():
            for term in expr.references():
                if term.is_indicator and term.name not in cat.indicators:
                    raise InputError(f"{ind.id}: verweist auf unbekannten Indikator #{term.name}", file=file)
    # no indicator may depend on itself, directly or through others
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            raise InputError("Zirkelbezug zwischen Indikatoren: " + " → ".join(path + [node]), file=cat.files[node])
        state[node] = 1
        for dep in cat.dependencies(node):
            visit(dep, path + [node])
        state[node] = 2

    for ind_id in cat.indicators:
        visit(ind_id, [])


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The shipped catalogue, loaded once per process."""
    return load_catalogue()
