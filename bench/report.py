#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: the full Integrationsbericht of an area as PDF (issue 11: Köln ≤ 20 s on 2 cores).

Needs a workspace with the official data (``stellwerk demo``) and, for Köln's Stadtteile, their
statistics. Prints the median of gathering + HTML + PDF, and as baseline the median of gathering
+ HTML only (same run), and the ratio between them.

    .venv/bin/python bench/report.py --database URL [--area 05315] [--year 2012] [--runs 3]
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
    args = parser.parse_args()
    workspace = open_workspace(args.database)
    template = load_template()
    html_times, pdf_times = [], []
    for _ in range(args.runs):
        with workspace.session() as session:
            start = time.perf_counter()
            html = render_html(build_report(session, args.area, args.year), template)
            html_done = time.perf_counter()
            pdf = html_to_pdf(html)
            end = time.perf_counter()
        html_times.append(html_done - start)
        pdf_times.append(end - start)
    html_median, pdf_median = statistics.median(html_times), statistics.median(pdf_times)
    print(f"report {args.area}: PDF median {pdf_median:.2f} s ({len(pdf) / 1024:.0f} KiB), "
          f"HTML only (baseline) {html_median:.2f} s, ratio {pdf_median / html_median:.2f}")


if __name__ == "__main__":
    main()
