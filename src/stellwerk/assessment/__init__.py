# SPDX-License-Identifier: EUPL-1.2
"""Self-checks and municipal surveys: instruments as content, runs, scoring, benchmarks."""
