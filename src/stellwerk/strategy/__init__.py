# SPDX-License-Identifier: EUPL-1.2
"""Integrationskonzept and steering: versions, goals with indicators, measures, progress, evaluation."""
