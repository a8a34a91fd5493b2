# SPDX-License-Identifier: EUPL-1.2
"""Server-side SVG charts of results: a radar (spider) chart and horizontal bars, no JavaScript.

Every chart carries a <title> and <desc> for screen readers; pages show the same
numbers as a table next to it.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Series", "PALETTE", "radar_svg", "bars_svg"]

# Colour-blind-safe palette (Okabe–Ito), in series order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # 0–100 per axis; None = no value


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _colour(number: int, count: int) -> str:
    if count > 1:
        return "#222222" if number == 0 else PALETTE[(number - 1) % len(PALETTE)]
    return PALETTE[0]


def radar_svg(axes: Sequence[str], series: Sequence[Series], title: str, size: int = 520) -> str:
    """A radar chart with one polygon per series (0 in the centre, 100 at the rim)."""
    if len(axes) < 3:
        raise ValueError("a radar chart needs at least three axes")
    # Extra width on both sides keeps long axis labels inside; the legend sits below the chart.
    width, height = size + 200, (round(size * 0.9) + 18 * len(series) + 6) if len(series) > 1 else size - 20
    cx, cy = width / 2, size / 2
    radius = size * 0.3
    count = len(axes)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return cx + radius * value / 100 * math.cos(angle), cy + radius * value / 100 * math.sin(angle)

    desc = "; ".join(
        f"{s.name}: " + ", ".join(f"{a} {_number(v)}" for a, v in zip(axes, s.values)) for s in series
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="radar-title radar-desc" class="chart radar" font-family="sans-serif">',
        f'<title id="radar-title">{escape(title)}</title>',
        f'<desc id="radar-desc">{escape(desc)} (Punkte von 0 bis 100)</desc>',
    ]
    for ring in (25, 50, 75, 100):
        ring_points = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#bbb" stroke-width="1"/>')
        x, y = point(0, ring)
        parts.append(f'<text x="{_fmt(x + 4)}" y="{_fmt(y + 4)}" font-size="11" fill="#555">{ring}</text>')
    for index, label in enumerate(axes):
        x, y = point(index, 100)
        parts.append(f'<line x1="{_fmt(cx)}" y1="{_fmt(cy)}" x2="{_fmt(x)}" y2="{_fmt(y)}" stroke="#bbb"/>')
        lx, ly = point(index, 118)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{_fmt(lx)}" y="{_fmt(ly + 4)}" font-size="13" text-anchor="{anchor}" fill="#222">'
            f"{escape(label)}</text>"
        )
    for number, one in enumerate(series):
        colour = _colour(number, len(series))
        coords = [point(i, v or 0.0) for i, v in enumerate(one.values)]
        polygon = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)
        # With several series the first is the total: dark and dashed, unfilled, drawn like a reference line.
        fill = "none" if number == 0 and len(series) > 1 else colour
        dash = ' stroke-dasharray="7 4"' if number == 0 and len(series) > 1 else ""
        parts.append(
            f'<polygon points="{polygon}" fill="{fill}" fill-opacity="0.12" stroke="{colour}" '
            f'stroke-width="2.5"{dash}><title>{escape(one.name)}</title></polygon>'
        )
        for (x, y), value in zip(coords, one.values):
            if value is not None:
                parts.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5" fill="{colour}"/>')
    for number, one in enumerate(series if len(series) > 1 else []):
        colour = _colour(number, len(series))
        y = round(size * 0.9) + 18 * number
        parts.append(f'<rect x="{_fmt(cx - 90)}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{_fmt(cx - 72)}" y="{y + 11}" font-size="13" fill="#222">{escape(one.name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def bars_svg(rows: Sequence[tuple[str, float | None]], title: str, width: int = 520) -> str:
    """Horizontal bars 0–100, one per row (for sections with fewer than three items)."""
    bar_height, gap, label_width = 18, 10, 200
    height = len(rows) * (bar_height + gap) + 10
    scale = (width - label_width - 50) / 100
    desc = ", ".join(f"{label} {_number(value)}" for label, value in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" class="chart bars" font-family="sans-serif"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
    ]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * (bar_height + gap)
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="0" y="{y + 13}" font-size="12" fill="#222">{escape(short)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{_fmt(100 * scale)}" height="{bar_height}" fill="#eee"/>')
        if value is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{_fmt(value * scale)}" height="{bar_height}" fill="{PALETTE[0]}"/>'
            )
        parts.append(
            f'<text x="{_fmt(label_width + 100 * scale + 6)}" y="{y + 13}" font-size="12" fill="#222">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
