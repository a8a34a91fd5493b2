# SPDX-License-Identifier: EUPL-1.2
"""Choosing a peer group for one area and summarising an indicator over it.

A peer group is either one of the fixed kinds (same Land, Ost/West,
Gemeindegrößenklasse, whole level) among the areas of the same level, or a
user-given list of area codes ("eigene Liste"). The area itself always belongs
to its group, so its rank is defined whenever it has a value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session

from stellwerk.errors import InputError, NotFoundError, StellwerkError
from stellwerk.geo.models import Area
from stellwerk.indicators.compare import PeerStats, peer_groups, peer_stats
from stellwerk.indicators.store import find_area, latest_population

__all__ = ["PEER_KINDS", "CUSTOM", "MAX_CUSTOM", "PeerChoice", "PeerComparison", "parse_peers", "resolve_peers",
           "compare_with_peers"]

CUSTOM = "liste"
MAX_CUSTOM = 500
PEER_KINDS = {
    "land": "Gebiete derselben Ebene im selben Land",
    "ost_west": "Gebiete derselben Ebene in Ost- bzw. Westdeutschland",
    "groesse": "Gebiete derselben Gemeindegrößenklasse",
    "ebene": "alle Gebiete derselben Ebene",
    CUSTOM: "eigene Liste von Gebieten",
}
CUSTOM_GROUP = "eigene Liste"
_SPLIT = re.compile(r"[,;\s]+")


@dataclass(frozen=True)
class PeerChoice:
    """What the user asked for: a fixed kind, or ``liste`` with the given codes."""

    kind: str
    codes: tuple[str, ...] = ()

    @property
    def param(self) -> str:
        """The value of ``--peers`` / ``?vergleich=`` that asks for this choice again."""
        return ",".join(self.codes) if self.kind == CUSTOM else self.kind


def parse_peers(text: str | None, field_name: str = "vergleich") -> PeerChoice:
    """``land`` (default), ``ost_west``, ``groesse``, ``ebene`` or a list of area codes ``05111,05113``."""
    text = (text or "").strip()
    if not text:
        return PeerChoice("land")
    if text == CUSTOM:
        raise InputError("Eigene Vergleichsliste gewählt, aber keine Gebiete angegeben", column=field_name,
                         expected="amtliche Schlüssel, durch Kommas getrennt, z. B. 05111,05113")
    if text in PEER_KINDS:
        return PeerChoice(text)
    codes = tuple(dict.fromkeys(c for c in _SPLIT.split(text) if c))
    if not codes:
        return PeerChoice("land")
    if len(codes) > MAX_CUSTOM:
        raise InputError(f"Zu viele Vergleichsgebiete: {len(codes)}", column=field_name,
                         expected=f"höchstens {MAX_CUSTOM} Schlüssel")
    return PeerChoice(CUSTOM, codes)


def resolve_peers(session: Session, codes: tuple[str, ...], field_name: str = "vergleich") -> list[Area]:
    """The areas of a custom list; an unknown or ambiguous code is an input error naming it."""
    found: list[Area] = []
    for code in codes:
        try:
            found.append(find_area(session, code))
        except NotFoundError:
            raise InputError(f"Vergleichsgebiet {code!r} nicht gefunden", column=field_name,
                             expected="amtliche Schlüssel, durch Kommas getrennt, z. B. 05111,05113") from None
        except StellwerkError as error:
            raise InputError(f"Vergleichsgebiet {code!r}: {error}", column=field_name,
                             expected="eindeutige amtliche Schlüssel") from None
    return found


@dataclass
class PeerComparison:
    choice: PeerChoice
    label: str
    stats: PeerStats
    rows: list[dict] = field(default_factory=list)  # members with a value, best first
    without_value: list[dict] = field(default_factory=list)  # members of a custom list without a value
    group_label: str | None = None  # the group for readers: the Land's name instead of its code

    def as_dict(self) -> dict:
        return {
            "kind": self.choice.kind,
            "label": self.label,
            "codes": list(self.choice.codes),
            "group": self.stats.group,
            "group_label": self.group_label,
            "n": self.stats.n,
            "median": self.stats.median,
            "q1": self.stats.q1,
            "q3": self.stats.q3,
            "rank": self.stats.rank,
            "members": self.rows,
            "without_value": self.without_value,
        }


def compare_with_peers(
    session: Session,
    areas: pd.DataFrame,
    area_id: int,
    values: pd.Series,
    polarity: str,
    choice: PeerChoice,
    field_name: str = "vergleich",
) -> PeerComparison:
    """Median, quartiles and rank of ``area_id`` among its peers; ``values`` maps area id → value of one year."""
    values = values.dropna()
    level = areas.at[area_id, "level"]
    if choice.kind == CUSTOM:
        members = [a.id for a in resolve_peers(session, choice.codes, field_name)]
        ids = list(dict.fromkeys([area_id, *members]))
        groups = pd.Series(CUSTOM_GROUP, index=pd.Index(ids, dtype="int64"), dtype=object)
    else:
        same_level = areas[areas["level"] == level]
        if choice.kind == "ebene":
            groups = pd.Series("alle", index=same_level.index, dtype=object)
        elif choice.kind == "groesse":
            groups = peer_groups(same_level, "groesse", population=latest_population(session))
        else:
            groups = peer_groups(same_level, choice.kind)
    stats = peer_stats(values, groups, area_id, polarity)
    rows: list[dict] = []
    missing: list[dict] = []
    if stats.group is not None:
        for i in groups[groups == stats.group].index:
            entry = {"area_id": int(i), "code": str(areas.at[i, "code"]), "name": str(areas.at[i, "name"])}
            if i in values.index:
                rows.append({**entry, "value": float(values[i])})
            elif choice.kind == CUSTOM:
                missing.append(entry)
        rows.sort(key=lambda r: r["value"], reverse=polarity != "lower_better")
    return PeerComparison(choice, PEER_KINDS[choice.kind], stats, rows, missing, _group_label(areas, choice, stats.group))


def _group_label(areas: pd.DataFrame, choice: PeerChoice, group: str | None) -> str | None:
    """``05`` → ``Nordrhein-Westfalen`` for groups by Land; other groups are named by their key."""
    if group is None or choice.kind != "land":
        return group
    lands = areas[(areas["level"] == "land") & (areas["code"] == group)]
    return str(lands["name"].iloc[0]) if len(lands) else group
