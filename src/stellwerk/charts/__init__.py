# SPDX-License-Identifier: EUPL-1.2
"""Vector charts (SVG strings) shared by the web pages and the reports."""
