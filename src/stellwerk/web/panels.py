# SPDX-License-Identifier: EUPL-1.2
"""Start page panels: the extension point through which modules fill a tenant's start page.

A panel has a key, a title, an order, a template and a ``load`` function. The
start page calls ``load(ctx)`` with the :class:`~stellwerk.web.deps.TenantContext`
(tenant, user, session). It returns the template's context as a dict, or None
when there is nothing to show yet – then the panel's ``empty_text`` appears.
A module replaces a placeholder by registering a panel with the same key::

    register_panel(Panel("goals", "Ziele", order=20, template="panels/goals.html",
                         load=load_goal_lights, empty_text="…"))

``load`` must respect visibility (``ctx.include_internal``) and stay fast: it
runs on every view of the start page.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Panel", "register_panel", "panels"]


@dataclass(frozen=True)
class Panel:
    key: str
    title: str  # German; translated through the UI catalogue
    order: int
    empty_text: str
    template: str | None = None
    load: Callable[[Any], dict[str, Any] | None] | None = None
    # Link to the module's page, with {tenant} for the slug.
    href: str | None = None


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    """Add or replace (same key) a start page panel."""
    _PANELS[panel.key] = panel


def panels() -> list[Panel]:
    """All panels in order."""
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


# Placeholders until the modules register their panels.
register_panel(Panel(
    "indicators", "Kennzahlen", 10,
    "Noch keine Kennzahlen. Sobald amtliche Daten importiert und Indikatoren berechnet sind, "
    "stehen hier die wichtigsten Werte mit ihrer Entwicklung.",
))
register_panel(Panel(
    "goals", "Ziele", 20,
    "Noch keine Ziele. Wenn das Integrationskonzept mit Zielen und Maßnahmen erfasst ist, "
    "zeigt hier eine Ampel, wie weit jedes Ziel erreicht ist.",
))
register_panel(Panel(
    "data_health", "Datenlage", 30,
    "Noch keine Daten. Hier steht, welche Tabellen importiert sind, wie aktuell sie sind "
    "und wo Werte fehlen oder geheim gehalten werden.",
))
register_panel(Panel(
    "self_check", "Selbstcheck", 40,
    "Noch kein Selbstcheck. Nach dem ersten Selbstcheck steht hier sein Ergebnis "
    "mit dem Datum der Erhebung.",
))
