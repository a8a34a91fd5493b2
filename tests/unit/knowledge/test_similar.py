# SPDX-License-Identifier: EUPL-1.2
"""Similar municipalities on hand-made areas and observations, and on the built-in case studies."""
import datetime as dt

import pytest

from stellwerk.errors import AmbiguousError, NotFoundError
from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand
from stellwerk.knowledge.features import feature_pool, size_class, store_features
from stellwerk.knowledge.similar import WEIGHTS, similar_municipalities
from stellwerk.observations.models import Dataset, Observation, Variable


def _dataset(session) -> Dataset:
    dataset = Dataset(
        source="test", table_code="test", title="Testdaten", licence="dl-de/by-2-0", attribution="Test",
        file_name="test.csv", file_sha256="0" * 64, importer="test", importer_version="1",
    )
    session.add(dataset)
    for code in ("bevoelkerung", "auslaender", "schutzsuchende"):
        if session.get(Variable, code) is None:
            session.add(Variable(code=code, label=code, unit="Personen"))
    session.flush()
    return dataset


def _area(session, dataset, code, name, population, foreigners=None, protected=None, year=2023):
    area = Area(level="gemeinde", code=code, ags=code, name=name, name_key=name.lower())
    session.add(area)
    session.flush()
    values = {"bevoelkerung": population, "auslaender": foreigners, "schutzsuchende": protected}
    for variable, value in values.items():
        if value is not None:
            session.add(Observation(dataset_id=dataset.id, area_id=area.id, period=str(year), year=year,
                                    variable_code=variable, breakdown="", value=value))
    session.flush()
    return area


@pytest.fixture
def towns(session):
    dataset = _dataset(session)
    _area(session, dataset, "09999001", "Alpha", 50_000, 10_000, 2_000)
    _area(session, dataset, "09999002", "Beta", 52_000, 10_400, 2_100)
    _area(session, dataset, "09999003", "Gamma", 48_000, 1_000, 200)
    _area(session, dataset, "14999004", "Delta", 51_000, 10_200, 2_050)
    _area(session, dataset, "09999005", "Epsilon", 900_000, 180_000, 36_000)
    return session


def test_store_features_compute_shares_from_counts(towns):
    features = {f.name: f for f in store_features(towns)}
    alpha = features["Alpha"]
    assert alpha.population == 50_000
    assert alpha.foreign_share == 20.0 and alpha.schutzsuchende_share == 4.0
    assert alpha.land == "BY" and alpha.gemeindetyp == "Mittelstadt"
    assert features["Delta"].land == "SN" and features["Delta"].east == 1.0
    assert features["Epsilon"].gemeindetyp == "Großstadt"


def test_newest_year_wins_and_year_limit(session):
    dataset = _dataset(session)
    area = _area(session, dataset, "09999010", "Zeta", 10_000, 1_000, year=2020)
    session.add(Observation(dataset_id=dataset.id, area_id=area.id, period="2023", year=2023,
                            variable_code="bevoelkerung", breakdown="", value=20_000))
    session.flush()
    by_name = {f.name: f for f in store_features(session)}
    assert by_name["Zeta"].population == 20_000 and by_name["Zeta"].year == 2023
    assert {f.name: f for f in store_features(session, year=2021)}["Zeta"].population == 10_000


def test_snapshot_population_fills_gaps(session):
    stand = Gebietsstand(reference_date=dt.date(2023, 12, 31), source="t", title="t", file_name="t",
                         file_sha256="0" * 64, importer_version="1")
    area = Area(level="gemeinde", code="09999020", ags="09999020", name="Eta", name_key="eta")
    session.add_all([stand, area])
    session.flush()
    session.add(AreaSnapshot(area_id=area.id, gebietsstand_id=stand.id, name="Eta", population=4_000))
    session.flush()
    eta = {f.name: f for f in store_features(session)}["Eta"]
    assert eta.population == 4_000 and eta.gemeindetyp == "Gemeinde" and eta.foreign_share is None


def test_nearest_neighbour_is_the_structural_twin(towns):
    result = similar_municipalities(towns, "Alpha", limit=50)
    # The pool also holds the built-in case studies; look at the hand-made towns.
    ours = [n for n in result.neighbours if (n.features.ags or "").startswith(("09999", "14999"))]
    names = [n.features.name for n in ours]
    # Beta: same size, shares and Land. Delta: same figures but in the East. Gamma: few foreigners.
    assert names[:3] == ["Beta", "Delta", "Gamma"]
    assert result.neighbours[0].features.name == "Beta"
    beta = result.neighbours[0]
    assert set(beta.terms) == set(WEIGHTS)
    assert beta.terms["land"] == (WEIGHTS["land"], 0.0)
    assert ours[1].terms["east"] == (WEIGHTS["east"], 1.0)
    assert beta.similarity > ours[1].similarity > ours[2].similarity > 0


def test_lookup_by_ags_and_errors(towns):
    assert similar_municipalities(towns, "09999002", limit=1).target.name == "Beta"
    with pytest.raises(NotFoundError):
        similar_municipalities(towns, "Nirgendwo")


def test_case_studies_are_the_fallback(session):
    pool = feature_pool(session)
    assert len(pool) == 36
    result = similar_municipalities(session, "Wiesbaden", limit=3, same_type_only=True)
    assert result.target.ags == "06414000"
    assert all(n.features.gemeindetyp == "Großstadt" for n in result.neighbours)
    with pytest.raises(AmbiguousError) as caught:
        similar_municipalities(session, "Zwickau")
    assert {c["label"] for c in caught.value.candidates} == {"Landkreis Zwickau", "Zwickau (Stadt)"}
    # Figures flagged as referring to another territory are not used.
    cottbus = next(f for f in pool if f.name.startswith("Cottbus"))
    assert cottbus.schutzsuchende_share is None


def test_store_overrides_case_study_figures(session):
    dataset = _dataset(session)
    _area(session, dataset, "06414000", "Wiesbaden, Landeshauptstadt", 300_000, 90_000)
    wiesbaden = next(f for f in feature_pool(session) if f.ags == "06414000")
    assert wiesbaden.population == 300_000 and wiesbaden.foreign_share == 30.0
    # The store has no Schutzsuchende here; the case-study value remains.
    assert wiesbaden.schutzsuchende_share == 5.2
    assert wiesbaden.name == "Wiesbaden"


def test_size_classes():
    assert size_class(100_000, "gemeinde") == "Großstadt"
    assert size_class(99_999, "gemeinde") == "Mittelstadt"
    assert size_class(5_000, "gemeinde") == "Kleinstadt"
    assert size_class(4_999, "gemeinde") == "Gemeinde"
    assert size_class(300_000, "kreis") == "Landkreis"
