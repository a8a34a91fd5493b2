# SPDX-License-Identifier: EUPL-1.2
"""Datenlage: the page /daten and the API /api/datasets – every imported dataset with its
traffic light, the reasons for it, coverage, licence and attribution (as ``stellwerk datasets``).

Datasets are official statistics and public; the page is the same for everyone.
"""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from stellwerk.web.deps import get_session
from stellwerk.web.navigation import NavItem, register_nav
from stellwerk.web.schemas import UtcDateTime
from stellwerk.web.start_panels import LIGHT_LABELS, LIGHT_ORDER, dataset_rows
from stellwerk.web.templating import render

router = APIRouter()
register_nav(NavItem("datasets", "Daten", "/daten", order=17))


class DatasetOut(BaseModel):
    id: int
    table_code: str
    title: str
    source: str
    reference_date: dt.date | None
    imported_at: UtcDateTime | None
    status: str
    observations: int
    areas: int
    periods: int
    flagged_share: float
    age_days: int | None
    light: str
    light_reasons: list[str]
    licence: str
    attribution: str


@router.get("/daten", response_class=HTMLResponse, include_in_schema=False)
def datasets_page(request: Request, session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    """All datasets with traffic light; current ones first, superseded ones at the end."""
    rows = sorted(dataset_rows(session), key=lambda r: (r["status"] != "active", r["table_code"],
                                                        str(r["reference_date"] or ""), r["id"]))
    counts = {light: sum(1 for r in rows if r["light"] == light) for light in LIGHT_ORDER}
    return render(request, "datasets/list.html", {"rows": rows, "counts": counts, "light_labels": LIGHT_LABELS})


@router.get("/api/datasets", tags=["Daten"], response_model=list[DatasetOut])
def datasets_api(session: Session = Depends(get_session, scope="function")) -> list[DatasetOut]:
    """Alle importierten Datensätze mit Ampel (gruen, gelb, rot, grau = ersetzt) und Begründung."""
    return [DatasetOut(**{k: r[k] for k in DatasetOut.model_fields}) for r in dataset_rows(session)]
