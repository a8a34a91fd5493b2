# SPDX-License-Identifier: EUPL-1.2
"""The main navigation as data: modules register their entries, base.html renders them.

A module's router module calls, at import time::

    register_nav(NavItem("network", "Netzwerk", "/t/{tenant}/netzwerk", order=40))

``href`` may contain ``{tenant}`` (the slug); such entries appear only inside a
tenant and only when the user may do ``action`` there.
"""
from __future__ import annotations

from dataclasses import dataclass

from stellwerk.accounts.policy import Principal, can

__all__ = ["NavItem", "register_nav", "nav_items"]


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # German text; translated through the UI catalogue
    href: str
    order: int = 50
    action: str = "view"

    @property
    def tenant_scoped(self) -> bool:
        return "{tenant}" in self.href


_ITEMS: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    """Add or replace (same key) a navigation entry."""
    _ITEMS[item.key] = item


def nav_items(principal: Principal, tenant=None) -> list[tuple[NavItem, str]]:
    """The entries to show, with their resolved links, in order."""
    shown = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if item.tenant_scoped:
            if tenant is None or not can(principal, item.action, tenant):
                continue
            shown.append((item, item.href.format(tenant=tenant.slug)))
        else:
            shown.append((item, item.href))
    return shown


register_nav(NavItem("start", "Start", "/", order=0))
register_nav(NavItem("areas", "Gebiete", "/gebiete", order=10))
register_nav(NavItem("overview", "Übersicht", "/t/{tenant}/", order=20))
register_nav(NavItem("notices", "Hinweise", "/t/{tenant}/hinweise", order=80))
register_nav(NavItem("members", "Mitglieder", "/t/{tenant}/mitglieder", order=90, action="admin"))
register_nav(NavItem("audit", "Protokoll", "/t/{tenant}/protokoll", order=95, action="admin"))
