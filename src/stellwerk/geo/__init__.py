# SPDX-License-Identifier: EUPL-1.2
"""Areas (Gebiete) keyed by ARS/AGS, Gebietsstände, group sets, crosswalks and geometries."""
