# SPDX-License-Identifier: EUPL-1.2
"""Integrationsbericht (HTML/PDF/XLSX) and exports of a selection (XLSX, CSV, Open SDG, Frictionless).

Sits on top of the domain modules like web and cli: it may import them, they never import it.
"""
