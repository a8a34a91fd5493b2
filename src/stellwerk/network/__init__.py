# SPDX-License-Identifier: EUPL-1.2
"""Actors, bodies (Gremien), memberships and ties over time, and their analysis.

Who works with whom, in which bodies, since when: :mod:`.models` holds the
tables, :mod:`.vocabulary` and :mod:`.content` the taxonomies, :mod:`.graph`
projects a tenant's network at a date onto a networkx graph, :mod:`.analysis`
computes the measures, :mod:`.importer` reads the Excel list, :mod:`.export`
writes GraphML, CSV and JSON, :mod:`.lookup` finds actors for other modules.
"""
