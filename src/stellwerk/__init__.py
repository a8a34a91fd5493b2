# SPDX-License-Identifier: EUPL-1.2
"""Stellwerk: Steuerung kommunaler Integrationspolitik."""

__version__ = "0.1.0"
