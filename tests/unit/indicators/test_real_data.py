# SPDX-License-Identifier: EUPL-1.2
"""Indicators from the real official tables, reproduced by hand from the files themselves."""
from __future__ import annotations

import csv
import re

import numpy as np
import pandas as pd
import pytest

from stellwerk.indicators import flags as fl
from stellwerk.indicators.catalogue import default_catalogue
from stellwerk.indicators.engine import Context, compute, compute_many
from stellwerk.indicators.service import indicator_value
from stellwerk.indicators.store import load_areas, load_observations

pytestmark = pytest.mark.data

T12411 = "kreise/regionalstatistik_12411-03-03-4_bevoelkerung_nationalitaet_kreise_2011.csv"
BA_2015 = "gemeinden/ba_arbeitslose_gemeinden/ba_arbeitslose_gemeinden_jahreszahlen_2015.csv"
KOELN = "city/koeln/koeln_bevoelkerung_stadtteile_2005-2012.csv"
ZENSUS_2022 = "gemeinden/zensus2022_gemeinden_indikatoren_via_gerda.csv"
# small official tables that together feed most of the catalogue (Kreise, Köln, Germany)
CATALOGUE_FILES = (
    T12411,
    "kreise/genesis_12411-0015_bevoelkerung_kreise_2009-2016.csv",
    "kreise/regionalstatistik_13211-02-05-4_arbeitslose_auslaender_kreise_2001-2017.csv",
    "kreise/schutzsuchende_kreise_2018-12-31.csv",
    "kreise/asylblg_empfaenger_kreise_2019-12-31.csv",
    "kreise/sozialhilfe_empfaenger_kreise_2019-12-31.csv",
    KOELN,
    "national/destatis_12511_einbuergerungen_nach_rechtsgrundlage_2000-2023.csv",
    "national/destatis_12521_auslaender_nach_staatsangehoerigkeit_historisch.csv",
    "national/destatis_12521_auslaender_nach_aufenthaltstitel_1998-2024.csv",
)
# Published Germany figures of the Zensus 2022 (Stichtag 15.05.2022), press release of the Statistisches
# Bundesamt of 25.06.2024 ("Zensus 2022: 19 % der Bevölkerung nach Deutschland eingewandert"):
# 10.9 million people without German citizenship, 71.8 million Germans, i.e. a share of 13.2 %.
# data/SOURCES.md gives the same 13.2 % as the population-weighted mean of the Gemeinde shares.
ZENSUS_2022_FOREIGNERS_MIO = 10.9
ZENSUS_2022_GERMANS_MIO = 71.8
ZENSUS_2022_FOREIGN_SHARE = 13.2


def _import(session, data_dir, *paths):
    from stellwerk.sources.importer import import_file

    for path in paths:
        import_file(session, data_dir / path, crosswalk_dir=data_dir / "crosswalks")


def _row_12411(data_dir, code: str) -> list[str]:
    """The 'Insgesamt' row of a Kreis, read straight from the file (Latin-1, ';')."""
    with open(data_dir / T12411, encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            if len(row) > 3 and row[0] == code and row[2] == "Insgesamt":
                return row
    raise AssertionError(f"{code} not in {T12411}")


def test_auslaenderanteil_koeln_2011_is_the_hand_computation(areas_session, data_dir):
    _import(areas_session, data_dir, T12411)
    row = _row_12411(data_dir, "05315")  # Köln: Insgesamt m w | Deutsche m w | Ausländer m w
    total, women, foreigners, foreign_women = int(row[3]), int(row[5]), int(row[9]), int(row[11])
    doc = indicator_value(areas_session, "auslaenderanteil", "05315", "2011")
    assert doc["numerator"] == foreigners and doc["denominator"] == total
    assert doc["value"] == pytest.approx(foreigners / total * 100, rel=1e-12)
    assert round(doc["value"], 1) == 16.5
    assert doc["flag"] is None and doc["datasets"][0]["table"] == "12411-03-03-4"
    women_doc = indicator_value(areas_session, "auslaenderanteil", "05315", "2011", breakdown={"sex": "w"})
    assert women_doc["value"] == pytest.approx(foreign_women / women * 100, rel=1e-12)
    de = _row_12411(data_dir, "DG")
    germany = indicator_value(areas_session, "auslaenderanteil", "DG", "2011")
    assert germany["value"] == pytest.approx(int(de[9]) / int(de[3]) * 100, rel=1e-12)


def test_land_from_kreise_equals_the_land_row(areas_session, data_dir):
    """12411-03-03-4 has rows for Länder and Kreise: sums of Kreise reproduce the Länder."""
    _import(areas_session, data_dir, T12411)
    catalogue = default_catalogue()
    areas = load_areas(areas_session)
    obs = load_observations(areas_session, {"bevoelkerung"})
    levels = areas["level"].reindex(obs["area_id"]).to_numpy()
    with_rows = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, obs, areas))
    from_kreise = compute(catalogue.get("auslaenderanteil"),
                          Context.build(catalogue, obs[np.isin(levels, ["kreis", "gemeinde"])], areas))
    laender = areas.index[areas["level"] == "land"]
    checked = 0
    for land in laender:
        if (land, 2011) in with_rows.index and (land, 2011) in from_kreise.index:
            official = with_rows.loc[(land, 2011)]
            summed = from_kreise.loc[(land, 2011)]
            if np.isnan(summed["value"]):
                continue
            assert summed["numerator"] == official["numerator"], areas.at[land, "name"]
            assert summed["denominator"] == official["denominator"], areas.at[land, "name"]
            checked += 1
    assert checked >= 12


@pytest.mark.slow
def test_kreis_from_gemeinden_equals_the_kreis_row(areas_session, data_dir):
    """BA Arbeitslose nach Gemeinden 2015: a Kreis summed from its Gemeinden equals the Kreis row."""
    _import(areas_session, data_dir, BA_2015)
    catalogue = default_catalogue()
    areas = load_areas(areas_session)
    obs = load_observations(areas_session, {"arbeitslose"})
    levels = areas["level"].reindex(obs["area_id"]).to_numpy()
    ind = catalogue.get("anteil_auslaender_an_arbeitslosen")
    with_rows = compute(ind, Context.build(catalogue, obs, areas))
    gemeinden_only = obs[~np.isin(levels, ["kreis", "regierungsbezirk", "land", "bund"])]
    from_gemeinden = compute(ind, Context.build(catalogue, gemeinden_only, areas))
    kreise = areas.index[areas["level"] == "kreis"]
    compared = exact = 0
    worst = 0.0
    for kreis in kreise:
        key = (kreis, 2015)
        if key not in with_rows.index or key not in from_gemeinden.index:
            continue
        summed = from_gemeinden.loc[key]
        if np.isnan(summed["value"]):
            continue  # a suppressed Gemeinde cell: no sum, as it must be
        compared += 1
        official = with_rows.loc[key]
        for column in ("numerator", "denominator"):
            # annual averages are means of twelve monthly counts, each rounded per area by the BA:
            # the Gemeinden's averages may miss the Kreis average by a few persons, never more
            assert abs(summed[column] - official[column]) <= max(5, 0.002 * official[column]), areas.at[kreis, "name"]
        exact += summed["numerator"] == official["numerator"] and summed["denominator"] == official["denominator"]
        worst = max(worst, abs(summed["value"] - official["value"]))
    assert compared >= 200, compared
    assert exact >= compared // 3
    assert worst < 0.25  # percentage points (small Kreise, a few persons of rounding)


def _koeln_file_counts(data_dir) -> dict[tuple[str, int, str], int]:
    """Table 030 of the Köln file read by hand: (raum_id, year, zei_id) → persons."""
    counts = {}
    with open(data_dir / KOELN, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["tab_id"] in ("005", "030"):
                counts[(row["raum_id"], int(row["jahr"]), f"{row['tab_id']}/{row['zei_id']}")] = int(float(row["zahl"]))
    return counts


def test_koeln_mh_identity(areas_session, data_dir):
    """Köln: Einwohner mit MH = Deutsche mit MH + Ausländer, per Stadtteil and for the city, every year."""
    _import(areas_session, data_dir, KOELN)
    catalogue = default_catalogue()
    areas = load_areas(areas_session)
    obs = load_observations(areas_session, {"bevoelkerung"})
    ctx = Context.build(catalogue, obs, areas)
    mh, deutsche_mh, auslaender = (compute(catalogue.get(i), ctx) for i in ("mh_anteil", "deutsche_mit_mh_anteil", "auslaenderanteil"))
    stadtteile = areas[(areas["level"] == "stadtteil") & areas["code"].str.startswith("05315000-")]
    city = int(areas.index[(areas["level"] == "gemeinde") & (areas["code"].str.startswith("05315000"))][0])
    assert len(stadtteile) == 86
    file_counts = _koeln_file_counts(data_dir)
    checked = 0
    for area_id in [city, *stadtteile.index]:
        raum = "000" if area_id == city else areas.at[area_id, "code"].split("-")[1]
        for year in range(2005, 2013):
            key = (area_id, year)
            m, d, a = mh.loc[key], deutsche_mh.loc[key], auslaender.loc[key]
            assert m["numerator"] == d["numerator"] + a["numerator"], (areas.at[area_id, "name"], year)
            assert m["denominator"] == d["denominator"] == a["denominator"]
            assert m["value"] == pytest.approx(d["value"] + a["value"], abs=1e-9)
            # and the counts are the file's own lines 030/10 (MH), 030/20, 030/50 and 005/10 (Einwohner)
            assert m["numerator"] == file_counts[(raum, year, "030/10")]
            assert a["numerator"] == file_counts[(raum, year, "030/50")]
            assert m["denominator"] == file_counts[(raum, year, "005/10")]
            checked += 1
    assert checked == 87 * 8
    # the city's counts are its own row, which equals the sum of its Stadtteile
    for year in range(2005, 2013):
        summed = sum(file_counts[(areas.at[i, "code"].split("-")[1], year, "030/10")] for i in stadtteile.index)
        assert mh.loc[(city, year), "numerator"] == summed
    assert round(mh.loc[(city, 2012), "value"], 1) == round(file_counts[("000", 2012, "030/10")] / file_counts[("000", 2012, "005/10")] * 100, 1)


@pytest.mark.slow
def test_zensus_2022_germany_share_of_foreigners_from_estimated_counts(areas_session, data_dir, obs_row):
    """The Zensus 2022 extract has per Gemeinde only the population and the share of foreigners.

    There is no Germany or Land row, and a share is never averaged: per Gemeinde the foreigners are
    estimated as population × share (flag ``e``), the engine turns them back into that Gemeinde's
    share, and the counts are summed to Germany. 344 Gemeinden have a secret share; they bound the
    Germany share from below (none of their people foreign) and above (all of them foreign).
    """
    _import(areas_session, data_dir, ZENSUS_2022)
    catalogue = default_catalogue()
    areas = load_areas(areas_session)
    obs = load_observations(areas_session, {"bevoelkerung", "anteil_auslaender"})
    obs = obs[obs["period"] == "2022-05-15"]
    population = obs[(obs["variable"] == "bevoelkerung") & (obs["breakdown"] == "")].set_index("area_id")["value"]
    shares = obs[obs["variable"] == "anteil_auslaender"].set_index("area_id")
    assert len(population) == len(shares) == 10_786
    assert (areas.loc[population.index, "level"] == "gemeinde").all()
    secret = shares.index[shares["flag"] == "."]
    assert len(secret) == 344 and shares.loc[secret, "value"].isna().all()
    published = shares["value"].dropna()
    # the published shares are not aggregable: the engine gives them only where the table has them
    by_share = compute(catalogue.get("auslaenderanteil_zensus2022"), Context.build(catalogue, obs, areas))
    with_value = by_share["value"].dropna().index.get_level_values("area_id")
    assert set(with_value) == set(published.index)

    estimate = population.reindex(published.index) * published / 100
    rows = [obs_row(a, 2022, "bevoelkerung", p, period="2022-05-15") for a, p in population.items()]
    rows += [obs_row(a, 2022, "bevoelkerung", v, "nationality=auslaender", flag="e", period="2022-05-15")
             for a, v in estimate.items()]
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, pd.DataFrame(rows), areas))
    gemeinden = result.xs(2022, level="year").reindex(published.index)
    assert np.allclose(gemeinden["value"], published, atol=1e-9)  # each Gemeinde's own share, now …
    assert (gemeinden["rank"] == fl.RANK["e"]).all()  # … flagged as estimated

    foreigners = gemeinden["numerator"].sum()  # counts are summed, never the shares averaged
    covered = gemeinden["denominator"].sum()
    total = population.sum()
    hidden = population.reindex(secret).sum()
    share = foreigners / covered * 100
    lower, upper = foreigners / total * 100, (foreigners + hidden) / total * 100
    assert round(share, 1) == ZENSUS_2022_FOREIGN_SHARE
    assert lower <= share <= upper
    # the published share (rounded to 0.1) lies within the bounds the secret Gemeinden leave open
    assert lower - 0.05 <= ZENSUS_2022_FOREIGN_SHARE <= upper + 0.05
    assert round(foreigners / 1e6, 1) == ZENSUS_2022_FOREIGNERS_MIO
    germans_low, germans_high = (total - foreigners - hidden) / 1e6, (total - foreigners) / 1e6
    assert germans_low - 0.05 <= ZENSUS_2022_GERMANS_MIO <= germans_high + 0.05
    assert round(total / 1e6, 1) == round(ZENSUS_2022_FOREIGNERS_MIO + ZENSUS_2022_GERMANS_MIO, 1)
    # a naive mean of the Gemeinde shares would be far off (small rural Gemeinden have few foreigners)
    assert abs(published.mean() - ZENSUS_2022_FOREIGN_SHARE) > 3


@pytest.mark.slow
def test_thirty_catalogue_indicators_compute_from_the_real_tables(areas_session, data_dir):
    """At least 30 indicators of the catalogue get real values; the Länder-monitoring indicators
    whose data is not shipped say which variables are missing."""
    _import(areas_session, data_dir, *CATALOGUE_FILES)
    catalogue = default_catalogue()
    codes = set().union(*(catalogue.store_variables(i) for i in catalogue.indicators))
    obs = load_observations(areas_session, codes)
    ctx = Context.build(catalogue, obs, load_areas(areas_session))
    results = compute_many(list(catalogue.indicators.values()), ctx)
    with_values = {i for i, frame in results.items() if frame["value"].notna().any()}
    assert len(with_values) >= 30, sorted(with_values)
    # one of each family, so that a broken importer or alias cannot hide behind the others
    assert {
        "auslaenderanteil", "auslaenderanteil_unter3", "frauenanteil_auslaender", "bevoelkerung_veraenderung",
        "alq_auslaender", "alq_gap_auslaender", "anteil_auslaender_an_arbeitslosen", "arbeitslosendichte_auslaender",
        "mh_anteil", "deutsche_mit_mh_anteil", "anteil_aussiedler", "anteil_eingebuergerte", "auslaender_an_mh",
        "segregation_auslaender", "segregation_mh", "einbuergerungen_je_1000_auslaender", "einbuergerungsquote_ii",
        "anteil_unbefristeter_aufenthalt", "schutzsuchende_anzahl", "asylblg_frauenanteil",
        "anteil_auslaender_sozialhilfe",
    } <= with_values
    for ind_id in sorted(with_values):
        frame = results[ind_id]
        numbers = frame.loc[frame["value"].notna(), "value"]
        assert np.isfinite(numbers).all(), ind_id
        ind = catalogue.get(ind_id)
        if ind.kind in ("ratio", "published") and not re.search(r"\s-\s", ind.numerator or ""):
            assert (numbers >= 0).all(), ind_id  # shares of counts; changes (a - a@t-1) may be negative

    present = set(obs["variable"].unique())
    monitoring = [i for i in catalogue.in_set("laender_monitoring") if i.id not in with_values]
    assert monitoring, "every Länder-monitoring indicator has data: this check needs a new case"
    named = 0
    for ind in monitoring:
        doc = indicator_value(areas_session, ind.id, "05315", "2011", catalogue=catalogue)
        assert doc["value"] is None, ind.id
        missing = sorted(catalogue.store_variables(ind.id) - present)
        if missing:
            assert doc["note"] == "keine Daten für " + ", ".join(missing), ind.id
            named += 1
        else:
            assert doc["note"], ind.id  # data present, but not for this area and year: still a reason
    assert named >= 5
    assert "einbuergerungsquote_i" in {i.id for i in monitoring}


def test_koeln_pages_show_the_86_stadtteile_for_kreis_and_gemeinde(areas_session, data_dir):
    """Köln is Kreis 05315 and Gemeinde 05315000 at once; its small areas are the Stadtteile below
    the nine Stadtbezirke, whichever of the two codes is asked for."""
    from stellwerk.indicators.page import area_indicator_view

    _import(areas_session, data_dir, KOELN)
    file_counts = _koeln_file_counts(data_dir)
    for code in ("05315", "05315000"):
        view = area_indicator_view(areas_session, "auslaenderanteil", code, 2012)
        assert view.subarea_level == "stadtteil"
        assert len(view.subareas) == 86
        assert {r["code"].split("-")[1][0] for r in view.subareas} == set("123456789")
        for r in view.subareas:
            assert r["numerator"] == file_counts[(r["code"].split("-")[1], 2012, "030/50")]
