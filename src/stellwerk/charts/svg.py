# SPDX-License-Identifier: EUPL-1.2
"""Server-side SVG: a time-series line chart and a choropleth map from GeoJSON.

Pure string builders (no JavaScript). Every chart has a ``<title>`` and an
``aria-label``; the pages show the same numbers as a table next to it.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from stellwerk.charts.numbers import number_de

__all__ = ["line_chart", "choropleth", "PALETTE"]

# sequential blues, light to dark (ColorBrewer Blues 5, readable in greyscale)
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")


def _nice_range(low: float, high: float) -> tuple[float, float]:
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    span = high - low
    step = 10 ** math.floor(math.log10(span))
    return math.floor(low / step) * step, math.ceil(high / step) * step


def line_chart(points: Sequence[tuple[int, float | None, str | None]], title: str, unit: str,
               decimals: int = 1, width: int = 640, height: int = 260) -> str:
    """Points (year, value, flag) as a line; flagged points drawn hollow, gaps left open."""
    data = [(y, v, f) for y, v, f in points if v is not None]
    label = escape(f"{title} ({unit})")
    if not data:
        return (f'<svg role="img" aria-label="{label}" viewBox="0 0 {width} 60" class="chart">'
                f'<title>{label}</title><text x="10" y="35">Keine Werte vorhanden.</text></svg>')
    left, right, top, bottom = 64, 16, 16, 36
    years = [p[0] for p in points]
    x0, x1 = min(years), max(years)
    lo, hi = _nice_range(min(v for _, v, _ in data), max(v for _, v, _ in data))
    if lo > 0 and hi > 0 and lo < (hi - lo):
        lo = 0.0

    def sx(year: float) -> float:
        return left + (0.5 if x0 == x1 else (year - x0) / (x1 - x0)) * (width - left - right)

    def sy(value: float) -> float:
        return top + (1 - (value - lo) / (hi - lo)) * (height - top - bottom)

    parts = [f'<svg role="img" aria-label="{label}" viewBox="0 0 {width} {height}" class="chart">', f"<title>{label}</title>"]
    for i in range(5):
        value = lo + (hi - lo) * i / 4
        y = sy(value)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{escape(number_de(value, decimals))}</text>')
    step = max(1, math.ceil(len(years) / 10))
    for year in years[::step]:
        parts.append(f'<text x="{sx(year):.1f}" y="{height - 12}" text-anchor="middle" class="tick">{year}</text>')
    segment: list[str] = []
    for year, value, _flag in points:
        if value is None:
            if len(segment) > 1:
                parts.append(f'<polyline points="{" ".join(segment)}" class="line"/>')
            segment = []
            continue
        segment.append(f"{sx(year):.1f},{sy(value):.1f}")
    if len(segment) > 1:
        parts.append(f'<polyline points="{" ".join(segment)}" class="line"/>')
    for year, value, flag in data:
        css = "point flagged" if flag else "point"
        tip = f"{year}: {number_de(value, decimals)} {unit}" + (f" ({flag})" if flag else "")
        parts.append(f'<circle cx="{sx(year):.1f}" cy="{sy(value):.1f}" r="4" class="{css}"><title>{escape(tip)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _rings(geometry: dict) -> list[list[list[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    if kind == "Feature":
        return _rings(geometry.get("geometry") or {})
    if kind == "FeatureCollection":
        return [r for f in geometry.get("features", []) for r in _rings(f)]
    return []


def classes(values: Sequence[float], n: int = 5) -> list[float]:
    """Quantile class breaks (upper bounds of the first n-1 classes)."""
    ordered = sorted(values)
    if not ordered:
        return []
    return [ordered[min(len(ordered) - 1, int(len(ordered) * k / n))] for k in range(1, n)]


def choropleth(shapes: dict[int, dict], values: dict[int, float | None], names: dict[int, str], title: str,
               unit: str, decimals: int = 1, width: int = 640, height: int = 480) -> str | None:
    """A map of sub-areas coloured by quantile class; None when no geometry is known."""
    rings = {area_id: _rings(geo) for area_id, geo in shapes.items()}
    rings = {k: v for k, v in rings.items() if v}
    if not rings:
        return None
    lons = [pt[0] for rs in rings.values() for ring in rs for pt in ring]
    lats = [pt[1] for rs in rings.values() for ring in rs for pt in ring]
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((lat0 + lat1) / 2))  # equirectangular, true to scale at the mid latitude
    w, h = max((lon1 - lon0) * kx, 1e-9), max(lat1 - lat0, 1e-9)
    scale = min((width - 20) / w, (height - 60) / h)
    known = [v for v in values.values() if v is not None]
    breaks = classes(known)
    label = escape(f"Karte: {title} ({unit})")
    parts = [f'<svg role="img" aria-label="{label}" viewBox="0 0 {width} {height}" class="map">', f"<title>{label}</title>"]
    for area_id, rs in rings.items():
        value = values.get(area_id)
        if value is None:
            fill = "url(#nodata)"
        else:
            fill = PALETTE[sum(value > b for b in breaks)]
        d = " ".join(
            "M" + " L".join(f"{10 + (pt[0] - lon0) * kx * scale:.1f},{10 + (lat1 - pt[1]) * scale:.1f}" for pt in ring) + " Z"
            for ring in rs
        )
        tip = f"{names.get(area_id, area_id)}: " + (f"{number_de(value, decimals)} {unit}" if value is not None else "kein Wert")
        parts.append(f'<path d="{d}" fill="{fill}" class="area" fill-rule="evenodd"><title>{escape(tip)}</title></path>')
    parts.insert(2, '<defs><pattern id="nodata" width="6" height="6" patternUnits="userSpaceOnUse">'
                    '<path d="M0,6 L6,0" stroke="#999" stroke-width="1"/></pattern></defs>')
    # legend
    bounds = [min(known) if known else 0.0, *breaks, max(known) if known else 0.0]
    y = height - 36
    for i, colour in enumerate(PALETTE[: len(bounds) - 1]):
        x = 10 + i * 120
        text = f"{number_de(bounds[i], decimals)} – {number_de(bounds[i + 1], decimals)}"
        parts.append(f'<rect x="{x}" y="{y}" width="16" height="16" fill="{colour}" stroke="#555"/>')
        parts.append(f'<text x="{x + 22}" y="{y + 13}" class="tick">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
