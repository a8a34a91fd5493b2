# SPDX-License-Identifier: EUPL-1.2
"""Indicator catalogue (content) and the engine that computes values from observations."""
