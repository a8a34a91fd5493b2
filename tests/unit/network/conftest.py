# SPDX-License-Identifier: EUPL-1.2
"""Small hand-made networks for the network tests."""
from __future__ import annotations

import datetime as dt

import pytest

from stellwerk.accounts.models import Tenant
from stellwerk.network.edit import add_actor, add_body, add_membership, add_tie

D = dt.date


@pytest.fixture
def tenant(session) -> Tenant:
    tenant = Tenant(slug="netztest", name="Netztest (fiktiv)")
    session.add(tenant)
    session.flush()
    return tenant


@pytest.fixture
def actors(session, tenant) -> dict:
    """Six actors A–F; F (Wirtschaft) stays an isolate unless a test links it."""
    spec = {
        "A": ("integrationsstelle", None),
        "B": ("fachamt", None),
        "C": ("wohlfahrtsverband", None),
        "D": ("migrantenorganisation", None),
        "E": ("landesstelle", None),
        "F": ("kammer", None),
    }
    return {
        key: add_actor(session, tenant.id, name=f"Akteur {key}", actor_type=kind, sector=sector)
        for key, (kind, sector) in spec.items()
    }


@pytest.fixture
def bowtie(session, actors) -> dict:
    """Ties A–B, A–C, B–C (triangle), C–D, D–E; F isolated."""
    for a, b in ("AB", "AC", "BC", "CD", "DE"):
        add_tie(session, actors[a], actors[b], valid_from=D(2015, 1, 1))
    return actors


@pytest.fixture
def with_bodies(session, tenant, actors) -> dict:
    """Body X: permanent, Fachebene, members A, C, D (+ guest E); body Y: temporary
    Lenkungsgruppe, Steuerungsebene, ressortübergreifend, 01.09.2015–30.06.2017, members A, B."""
    x = add_body(session, tenant.id, name="Arbeitskreis Sprache", body_format="arbeitskreis", level="fach",
                 permanent=True, founded=D(2014, 1, 1), handlungsfelder=["sprache", "schule_ausbildung"])
    y = add_body(session, tenant.id, name="Lenkungsgruppe Flucht", body_format="lenkungsgruppe",
                 level="steuerung", permanent=False, cross_cutting=True, founded=D(2015, 9, 1),
                 dissolved=D(2017, 6, 30), handlungsfelder=["flucht_asyl"])
    for key in "ACD":
        add_membership(session, x, actors[key], valid_from=D(2016, 1, 1))
    add_membership(session, x, actors["E"], role="gast", valid_from=D(2016, 1, 1))
    for key in "AB":
        add_membership(session, y, actors[key])
    return {"X": x, "Y": y, **actors}
