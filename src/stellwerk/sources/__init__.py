# SPDX-License-Identifier: EUPL-1.2
"""Importers for official statistics: one adapter per format, each turning a file into tidy cells.

Every adapter has the same interface (see :mod:`stellwerk.sources.records`):
``parse(path) -> ParsedTable`` with dataset metadata, variable definitions and
cells keyed by area code, period, variable and breakdown. Resolving area codes
and writing to the store is done by :mod:`stellwerk.sources.importer`.
"""
