# SPDX-License-Identifier: EUPL-1.2
"""The network page's forms for editors: bad input is refused naming the field, nothing is saved."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from .test_strategy_web import _sign_in, site  # noqa: F401  (the module's site fixture)


def test_network_forms_refuse_bad_input_and_save_nothing(site):
    import datetime as dt

    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.network.edit import add_actor, add_body
    from stellwerk.network.models import Actor, BodyMembership, Tie

    workspace, app, _ = site
    with workspace.session() as session:
        tenant = get_tenant(session, "musterstadt")
        a = add_actor(session, tenant.id, name="Integrationsbüro Formtest", actor_type="integrationsstelle").id
        b = add_actor(session, tenant.id, name="Sozialamt Formtest", actor_type="fachamt").id
        body = add_body(session, tenant.id, name="Lenkungsgruppe Formtest", body_format="lenkungsgruppe",
                        level="steuerung", founded=dt.date(2015, 9, 1), dissolved=dt.date(2017, 12, 31)).id

    def count(model) -> int:
        with workspace.session() as session:
            return session.scalar(select(func.count()).select_from(model))

    editor = _sign_in(app, "m-editor")
    page = editor.get("/t/musterstadt/netzwerk").text
    assert 'action="/t/musterstadt/netzwerk/mitgliedschaften"' in page and "veroeffentlicht" not in page
    before = count(BodyMembership), count(Tie), count(Actor)
    cases = [
        ("mitgliedschaften", {"gremium": body, "akteur": a, "von": "2014-01-01"}, "Spalte Von", "vor der Gründung"),
        ("mitgliedschaften", {"gremium": body, "akteur": a, "bis": "2015-06-30"}, "Spalte Bis", "vor der Gründung"),
        ("mitgliedschaften", {"gremium": body, "akteur": a, "von": "2018-01-01"}, "Spalte Von", "nach der Auflösung"),
        ("mitgliedschaften", {"gremium": body, "akteur": a, "bis": "2018-06-30"}, "Spalte Bis", "nach der Auflösung"),
        ("mitgliedschaften", {"gremium": 999999, "akteur": a}, "Spalte Gremium", "Gremium-Nr. 999999"),
        ("beziehungen", {"akteur_a": a, "akteur_b": a}, "Spalte Akteur B", "zu sich selbst"),
        ("beziehungen", {"akteur_a": a, "akteur_b": 999999}, "Spalte Akteur B", "Akteur-Nr. 999999"),
        ("akteure", {"name": "Sportfreunde", "typ": "gibt_es_nicht"}, "Spalte Typ", "Unbekannter Akteurstyp"),
        ("akteure", {"name": "sozialamt  formtest", "typ": "fachamt"}, "Spalte Name", f"schon als Nr. {b}"),
        ("akteure", {"name": "Neu", "typ": "verein", "veroeffentlicht": "ja"}, "Spalte Veröffentlicht",
         "nur die Administration"),
    ]
    for path, data, column, words in cases:
        response = editor.form(f"/t/musterstadt/netzwerk/{path}", data)
        assert response.status_code == 422, (path, data)
        message = re.search(r'id="form-error">([^<]+)<', response.text).group(1)
        assert column in message and words in message.replace("&#39;", "'"), message
    assert "network merge" in editor.form("/t/musterstadt/netzwerk/akteure",
                                          {"name": "Sozialamt Formtest", "typ": "fachamt"}).text
    assert (count(BodyMembership), count(Tie), count(Actor)) == before

    ok = editor.form("/t/musterstadt/netzwerk/mitgliedschaften", {"gremium": body, "akteur": b, "rolle": "vorsitz",
                                                                  "von": "2015-09-01", "bis": "2017-12-31"})
    assert ok.status_code == 303 and ok.headers["location"] == f"/t/musterstadt/netzwerk#gremium-{body}"
    assert editor.form("/t/musterstadt/netzwerk/beziehungen", {"akteur_a": a, "akteur_b": b, "intensitaet": "3",
                                                               "von": "2016"}).status_code == 303
    created = editor.form("/t/musterstadt/netzwerk/akteure", {"name": "Elterncafé Formtest", "typ": "initiative",
                                                              "handlungsfelder": ["sprache"]})
    assert created.status_code == 303 and created.headers["location"].startswith("/t/musterstadt/netzwerk#akteur-")
    assert (count(BodyMembership), count(Tie), count(Actor)) == (before[0] + 1, before[1] + 1, before[2] + 1)
    with workspace.session() as session:
        tie = session.scalars(select(Tie).order_by(Tie.id.desc())).first()
        assert (tie.kind, tie.intensity, tie.valid_from, tie.visibility) == ("horizontal", 3, dt.date(2016, 1, 1),
                                                                             "internal")
    viewer = _sign_in(app, "m-viewer")
    assert "netzwerk/mitgliedschaften" not in viewer.get("/t/musterstadt/netzwerk").text
    assert viewer.form("/t/musterstadt/netzwerk/akteure", {"name": "X", "typ": "verein"}).status_code == 403
