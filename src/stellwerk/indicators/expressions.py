# SPDX-License-Identifier: EUPL-1.2
"""The expression language of numerators and denominators.

An expression is a sum or difference of terms::

    auslaender + schutzsuchende[sex=w] - bevoelkerung[nationality=deutsche]@t-1
    #auslaenderanteil

A term names a variable (an alias from ``content/indicators/variables.yaml`` or
an observation-store variable code), optionally with a breakdown filter in
brackets (``dim=*`` sums over every value of that dimension) and a period offset ``@t-N`` (N years earlier). ``#id`` refers to the
value of another indicator. Numbers are allowed as constant terms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Term", "Expression", "parse", "ExpressionError"]

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<op>[+-])"
    r"|(?P<ref>#?[a-z][a-z0-9_]*)"
    r"(?:\[(?P<filters>[^\]]*)\])?"
    r"(?:@t(?P<offset>[+-]\d+))?"
    r"|(?P<number>\d+(?:\.\d+)?)"
    r")"
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_VALUE = re.compile(r"^(?:[A-Za-z0-9_.\-+]+|\*)$")


class ExpressionError(ValueError):
    """An expression that does not follow the grammar."""


@dataclass(frozen=True)
class Term:
    """One signed term: a variable, an indicator or a constant."""

    sign: int
    name: str = ""
    is_indicator: bool = False
    filters: tuple[tuple[str, str], ...] = ()
    offset: int = 0
    constant: float | None = None

    @property
    def filter_dict(self) -> dict[str, str]:
        return dict(self.filters)

    def __str__(self) -> str:
        if self.constant is not None:
            return f"{self.constant:g}"
        text = ("#" if self.is_indicator else "") + self.name
        if self.filters:
            text += "[" + ",".join(f"{k}={v}" for k, v in self.filters) + "]"
        if self.offset:
            text += f"@t{self.offset:+d}"
        return text


@dataclass(frozen=True)
class Expression:
    """A parsed expression: the source text and its terms."""

    source: str
    terms: tuple[Term, ...] = field(default_factory=tuple)

    def references(self) -> list[Term]:
        return [t for t in self.terms if t.constant is None]


def _parse_filters(text: str, source: str) -> tuple[tuple[str, str], ...]:
    pairs: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if "=" not in part:
            raise ExpressionError(f"Filter {part!r} in {source!r}: erwartet dimension=wert")
        key, value = (s.strip() for s in part.split("=", 1))
        if not _NAME.match(key) or not _VALUE.match(value):
            raise ExpressionError(f"Filter {part!r} in {source!r}: ungültiger Name oder Wert")
        if key in pairs:
            raise ExpressionError(f"Filter {key!r} in {source!r} doppelt angegeben")
        pairs[key] = value
    return tuple(sorted(pairs.items()))


def parse(source: str) -> Expression:
    """Parse an expression; raises :class:`ExpressionError` naming the fault."""
    text = source.strip()
    if not text:
        raise ExpressionError("leerer Ausdruck")
    terms: list[Term] = []
    sign = 1
    expect_term = True
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ExpressionError(f"unerwartetes Zeichen an Position {pos + 1} in {source!r}")
        pos = match.end()
        if match.group("op"):
            if expect_term:
                if terms or sign == -1:
                    raise ExpressionError(f"zwei Operatoren hintereinander in {source!r}")
                sign = -1 if match.group("op") == "-" else 1
                continue
            sign = -1 if match.group("op") == "-" else 1
            expect_term = True
            continue
        if not expect_term:
            raise ExpressionError(f"Operator fehlt vor Position {match.start() + 1} in {source!r}")
        if match.group("number"):
            terms.append(Term(sign=sign, constant=float(match.group("number"))))
        else:
            ref = match.group("ref")
            offset = int(match.group("offset") or 0)
            if offset > 0:
                raise ExpressionError(f"nur Verschiebungen in die Vergangenheit (@t-N) erlaubt: {source!r}")
            terms.append(
                Term(
                    sign=sign,
                    name=ref.lstrip("#"),
                    is_indicator=ref.startswith("#"),
                    filters=_parse_filters(match.group("filters") or "", source),
                    offset=offset,
                )
            )
        sign = 1
        expect_term = False
    if expect_term:
        raise ExpressionError(f"Ausdruck endet mit einem Operator: {source!r}")
    return Expression(source=source, terms=tuple(terms))
