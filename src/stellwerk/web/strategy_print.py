# SPDX-License-Identifier: EUPL-1.2
"""The printable HTML rendering of a concept (browser page and ``stellwerk strategy export --format html``)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from stellwerk.strategy import indicator_source as source
from stellwerk.strategy.completeness import check_completeness
from stellwerk.strategy.lights import LIGHT_CSS
from stellwerk.strategy.steering import steering
from stellwerk.web.templating import templates

__all__ = ["render_print"]

CSS = Path(__file__).with_name("static") / "strategy.css"


def render_print(session: Session, tenant, concept, standalone: bool = False, today: dt.date | None = None) -> str:
    """The whole concept as one HTML document; ``standalone`` embeds the stylesheet (for files)."""
    return templates.env.get_template("strategy/print.html").render(
        tenant=tenant, concept=concept, steer=steering(session, concept, today),
        checklist=check_completeness(concept), fields=source.handlungsfelder(), light_css=LIGHT_CSS,
        inline_css=CSS.read_text(encoding="utf-8") if standalone else None,
        generated=dt.date.today(),
    )
