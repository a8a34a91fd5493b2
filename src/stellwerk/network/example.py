# SPDX-License-Identifier: EUPL-1.2
"""The fictional example network "Musterstadt" shipped as content.

The YAML uses the column names of the import template; loading it writes a
workbook and runs the ordinary importer, so the example passes the same
validation as any user's list.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from openpyxl import Workbook
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant
from stellwerk.accounts.tenants import create_tenant, find_tenant
from stellwerk.network.content import CONTENT_DIR
from stellwerk.network.importer import ImportResult, import_network
from stellwerk.network.workbook import SHEETS

__all__ = ["EXAMPLE_PATH", "example_workbook", "load_example"]

EXAMPLE_PATH = CONTENT_DIR / "network" / "musterstadt.yaml"
_KEYS = {"Akteure": "akteure", "Gremien": "gremien", "Mitgliedschaften": "mitgliedschaften", "Beziehungen": "beziehungen"}


def example_workbook(out: Path, path: Path = EXAMPLE_PATH, *, published: bool = True) -> tuple[dict, Path]:
    """Write the example as an import workbook; returns the tenant spec and the path."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, key in _KEYS.items():
        ws = wb.create_sheet(sheet)
        headers = [c.header for c in SHEETS[sheet]]
        ws.append(headers)
        for row in raw.get(key, []):
            row = dict(row)
            if "Veröffentlicht" in headers:
                row.setdefault("Veröffentlicht", "ja" if published else "nein")
            ws.append([row.get(h) for h in headers])
    wb.save(out)
    return raw["tenant"], out


def load_example(session: Session, *, slug: str | None = None, by: str = "demo") -> tuple[Tenant, ImportResult]:
    """Create the example tenant (if missing) and import the example network into it."""
    with tempfile.TemporaryDirectory() as tmp:
        spec, book = example_workbook(Path(tmp) / "musterstadt.xlsx")
        slug = slug or spec["slug"]
        tenant = find_tenant(session, slug) or create_tenant(session, slug, spec["name"], kind="kommune")
        result = import_network(session, book, tenant.id, by=by)
    return tenant, result
