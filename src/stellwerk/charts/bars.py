# SPDX-License-Identifier: EUPL-1.2
"""A horizontal bar chart for peer comparisons: the own area highlighted, the group median marked."""
from __future__ import annotations

from collections.abc import Sequence
from html import escape

from stellwerk.charts.numbers import number_de

__all__ = ["comparison_bars"]


def comparison_bars(rows: Sequence[tuple[str, float]], highlight: str | None, title: str, unit: str,
                    decimals: int = 1, median: float | None = None, limit: int = 15, width: int = 640) -> str:
    """Bars of (name, value), at most ``limit`` (the highlighted one always kept)."""
    label = escape(f"Vergleich: {title} ({unit})")
    shown = list(rows[:limit])
    if highlight is not None and highlight not in [n for n, _ in shown]:
        shown += [r for r in rows if r[0] == highlight][:1]
    if not shown:
        return (f'<svg role="img" aria-label="{label}" viewBox="0 0 {width} 60" class="chart">'
                f'<title>{label}</title><text x="10" y="35">Keine Vergleichswerte vorhanden.</text></svg>')
    bar, gap, left, right = 16, 6, 220, 80
    height = len(shown) * (bar + gap) + 30
    hi = max(max(v for _, v in shown), median or 0.0, 0.0) or 1.0
    lo = min(min(v for _, v in shown), 0.0)

    def sx(value: float) -> float:
        return left + (value - lo) / (hi - lo) * (width - left - right)

    parts = [f'<svg role="img" aria-label="{label}" viewBox="0 0 {width} {height}" class="chart bars">',
             f"<title>{label}</title>"]
    for i, (name, value) in enumerate(shown):
        y = 10 + i * (bar + gap)
        css = "bar own" if name == highlight else "bar"
        x0, x1 = sorted((sx(0.0), sx(value)))
        parts.append(f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end" class="tick">{escape(name[:34])}</text>')
        parts.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar}" class="{css}">'
                     f'<title>{escape(name)}: {escape(number_de(value, decimals))} {escape(unit)}</title></rect>')
        parts.append(f'<text x="{x1 + 4:.1f}" y="{y + bar - 4}" class="tick">{escape(number_de(value, decimals))}</text>')
    if median is not None:
        x = sx(median)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 22}" class="median"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" class="tick">Median {escape(number_de(median, decimals))}</text>')
    parts.append("</svg>")
    return "".join(parts)
