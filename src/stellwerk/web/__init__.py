# SPDX-License-Identifier: EUPL-1.2
"""The web app: JSON API and server-rendered pages (FastAPI, Jinja2)."""
