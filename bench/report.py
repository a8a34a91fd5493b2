#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: the full Integrationsbericht of an area as PDF (issue 11: Köln ≤ 20 s on 2 cores).

Needs a workspace with the official data (``stellwerk demo``: Kreis statistics, Köln's
Stadtbezirke and Stadtteile, the example concept, network and workshop). Prints the median of
gathering + HTML + PDF, and as baseline the median of gathering + HTML only (same run), and the
ratio between them. ``--tenant`` adds the steering sections of these tenants (the demo's are
``musterstadt`` and ``beispielstadt``).

    .venv/bin/python bench/report.py --database URL [--area 05315] [--year 2012] [--runs 3] \
        [--tenant musterstadt --tenant beispielstadt]
"""
from __future__ import annotations

import argparse
import statistics
import time

from stellwerk.reports.content import build_report
from stellwerk.reports.render import html_to_pdf, render_html
from stellwerk.reports.template import load_template
from stellwerk.workspace import open_workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default=None)
    parser.add_argument("--area", default="05315")
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tenant", action="append", default=[], help="steering sections of this tenant (repeatable)")
    args = parser.parse_args()
    workspace = open_workspace(args.database)
    template = load_template()
    html_times, pdf_times = [], []
    for _ in range(args.runs):
        with workspace.session() as session:
            start = time.perf_counter()
            report = build_report(session, args.area, args.year, tenants=args.tenant)
            html = render_html(report, template)
            html_done = time.perf_counter()
            pdf = html_to_pdf(html)
            end = time.perf_counter()
        html_times.append(html_done - start)
        pdf_times.append(end - start)
    html_median, pdf_median = statistics.median(html_times), statistics.median(pdf_times)
    print(f"report {args.area} ({report.area['name']}, {report.year}, {len(report.entries)} indicators, "
          f"{sum(1 for e in report.entries if e.subareas)} with sub-areas, "
          f"{sum(1 for s in report.sections.values() if s['available'])} steering sections): "
          f"PDF median {pdf_median:.2f} s ({len(pdf) / 1024:.0f} KiB; runs {', '.join(f'{t:.1f}' for t in pdf_times)}), "
          f"HTML only (baseline) {html_median:.2f} s, ratio {pdf_median / html_median:.2f}; target ≤ 20 s")


if __name__ == "__main__":
    main()
