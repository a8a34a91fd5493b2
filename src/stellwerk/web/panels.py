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


def _lazy(name: str) -> Callable[[Any], dict[str, Any] | None]:
    """A loader from ``stellwerk.web.start_panels``, imported on first use (it needs the domain modules)."""

    def load(ctx: Any) -> dict[str, Any] | None:
        from stellwerk.web import start_panels

        return getattr(start_panels, name)(ctx)

    load.__name__ = name
    return load


# The built-in panels; a module may replace one by registering the same key.
register_panel(Panel(
    "indicators", "Kennzahlen", 10,
    "Noch keine Kennzahlen. Sobald der Arbeitsbereich einem Gebiet zugeordnet ist und für dieses "
    "amtliche Daten importiert sind, stehen hier die wichtigsten Werte mit ihrer Entwicklung und "
    "dem Vergleich mit ähnlichen Gebieten.",
    template="panels/indicators.html", load=_lazy("load_indicators"), href="/indikatoren",
))
register_panel(Panel(
    "goals", "Ziele", 20,
    "Noch keine Ziele. Wenn das Integrationskonzept mit Zielen und Maßnahmen erfasst ist, "
    "zeigt hier eine Ampel, wie weit jedes Ziel erreicht ist.",
))
register_panel(Panel(
    "data_health", "Datenlage", 30,
    "Noch keine Daten zum Gebiet des Arbeitsbereichs. Hier steht, welche Tabellen importiert sind, "
    "wie aktuell sie sind und wo Werte fehlen oder geheim gehalten werden.",
    template="panels/data_health.html", load=_lazy("load_data_health"), href="/daten",
))
register_panel(Panel(
    "self_check", "Selbstcheck", 40,
    "Noch kein Selbstcheck. Nach dem ersten Selbstcheck steht hier sein Ergebnis "
    "mit dem Datum der Erhebung.",
    template="panels/self_check.html", load=_lazy("load_self_check"),
))
