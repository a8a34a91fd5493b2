# SPDX-License-Identifier: EUPL-1.2
"""The example concept on Köln's real figures: baselines reproduce the official table 13211-02-05-4."""
from __future__ import annotations

import pytest

from stellwerk.strategy.example import load_example
from stellwerk.strategy.steering import steering

TABLE = "kreise/regionalstatistik_13211-02-05-4_arbeitslose_auslaender_kreise_2001-2017.csv"


def test_musterstadt_lights_on_koeln_data(areas_session, data_dir):
    from stellwerk.sources.importer import import_file

    from stellwerk.network.example import load_example as load_network

    import_file(areas_session, data_dir / TABLE, "genesis", skip_unknown=True)
    # The demo's order: the example network first, so the concept's partners link to its actors.
    load_network(areas_session)
    tenant, concept, created = load_example(areas_session)
    assert created and concept.visibility == "published"
    linked = [p["name"] for m in concept.measures for p in m.partners if p["akteur_id"] is not None]
    assert "Jobcenter Musterstadt" in linked and len(linked) == 5
    doc = steering(areas_session, concept)
    goals = {g["id"]: g for g in doc["ziele"]}
    z1 = goals["Z1"]["indikatoren"][0]
    # Official: Arbeitslosenquote der Ausländer in Köln 2012 = 18,8; 2016 = 18,8 (2017 secret ".")
    assert (z1["basisjahr"], z1["basiswert"]) == (2012, pytest.approx(18.8))
    assert (z1["aktuelles_jahr"], z1["aktueller_wert"]) == (2016, pytest.approx(18.8))
    assert goals["Z1"]["ampel"] == "gefährdet"  # p = 0, t = 0.5
    z2 = goals["Z2"]["indikatoren"][0]
    # gap to the overall rate (all civilian labour force): 18,8 − 9,5 = 9,3 in 2012; 18,8 − 8,7 = 10,1 in 2016
    assert z2["basiswert"] == pytest.approx(9.3) and z2["aktueller_wert"] == pytest.approx(10.1)
    assert goals["Z2"]["ampel"] == "verfehlt"
    z3 = goals["Z3"]["indikatoren"][0]
    # unemployed aged 15–25 over all unemployed, 2012: 3 713 / 50 173
    assert z3["basiswert"] == pytest.approx(3713 / 50173 * 100)
    assert goals["Z4"]["ampel"] == "keine Daten"
