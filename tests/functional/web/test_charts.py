# SPDX-License-Identifier: EUPL-1.2
"""The chart macro draws an SVG and offers the same numbers as a table."""
import re

from stellwerk.web.i18n import translator
from stellwerk.web.templating import templates


def _render(rows):
    template = templates.env.from_string(
        '{% from "macros/charts.html" import bar_chart with context %}{{ bar_chart("c1", "Anteil <b>", rows, unit="%") }}'
    )
    return template.render(rows=rows, _=translator("de"))


def test_chart_has_svg_bars_and_an_equivalent_table():
    text = _render([("Altstadt", 20.0, "20,0"), ("Nord", 10.0, "10,0"), ("Süd", None, "")])
    assert 'role="img"' in text and 'aria-describedby="c1-table"' in text
    widths = [float(w) for w in re.findall(r'class="chart-bar"|width="([\d.]+)" class', text) if w]
    assert widths == [320.0, 160.0]
    table = text.split("<table", 1)[1]
    assert re.findall(r'<th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', table) == [
        ("Altstadt", "20,0"), ("Nord", "10,0"), ("Süd", "–")]
    assert "Anteil &lt;b&gt;" in text and "Anteil <b>" not in text
    assert "style=" not in text
