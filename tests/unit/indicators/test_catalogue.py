# SPDX-License-Identifier: EUPL-1.2
"""The shipped catalogue loads and is consistent; broken catalogues are rejected with the file named."""
from __future__ import annotations

import shutil

import pytest
import yaml

from stellwerk.errors import InputError, NotFoundError
from stellwerk.indicators.catalogue import content_dir, load_catalogue

REQUIRED_FIELDS = {
    "bevoelkerung_demografie", "einbuergerung", "flucht_asyl", "fruehkindliche_bildung", "schule_ausbildung",
    "arbeit_beschaeftigung", "einkommen_soziale_sicherung", "wohnen_sozialraum", "gesundheit", "teilhabe",
    "interkulturelle_oeffnung", "antidiskriminierung",
}


def test_shipped_catalogue(catalogue):
    assert REQUIRED_FIELDS <= set(catalogue.handlungsfelder)
    assert len(catalogue.indicators) >= 40
    kinds = {i.kind for i in catalogue.indicators.values()}
    assert {"ratio", "count", "published", "gap", "segregation"} <= kinds
    assert catalogue.in_set("kommunal_kern") and catalogue.in_set("laender_monitoring")
    # Länder-monitoring definitions with the denominator of the previous year
    quote_ii = catalogue.get("einbuergerungsquote_ii")
    assert quote_ii.expression("denominator").terms[0].offset == -1
    assert catalogue.get("einbuergerungsquote_i").expression("denominator").terms[0].offset == -1
    for ind in catalogue.indicators.values():
        assert ind.short_title and ind.source and ind.definition and ind.relevance
        for variant in ind.variants:
            assert variant != ind.id


def test_every_alias_is_used_or_documented(catalogue):
    used = set()
    for ind in catalogue.indicators.values():
        for expr in ind.expressions().values():
            used |= {t.name for t in expr.references() if not t.is_indicator}
    unknown = {name for name in used if name not in catalogue.variables}
    assert not unknown, f"expressions use names without an alias: {unknown}"


def test_store_variables_follow_indicator_references(catalogue):
    assert catalogue.store_variables("alq_gap_auslaender") == {"arbeitslosenquote"}
    assert catalogue.store_variables("segregation_auslaender") == {"bevoelkerung"}
    assert catalogue.dependencies("verwaltung_repraesentanz") == ["verwaltung_mh_anteil", "mh_anteil"]


def test_unknown_indicator_and_set(catalogue):
    with pytest.raises(NotFoundError):
        catalogue.get("gibt_es_nicht")
    with pytest.raises(NotFoundError):
        catalogue.in_set("gibt_es_nicht")


@pytest.fixture
def content_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(content_dir(), target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_unknown_handlungsfeld_is_rejected(content_copy):
    _edit(content_copy / "indicators" / "flucht_asyl.yaml", lambda d: d["indicators"][0].update(handlungsfeld="mond"))
    with pytest.raises(InputError) as info:
        load_catalogue(content_copy)
    assert info.value.file == "flucht_asyl.yaml" and "mond" in str(info.value)


def test_bad_expression_is_rejected_with_entry(content_copy):
    _edit(content_copy / "indicators" / "flucht_asyl.yaml", lambda d: d["indicators"][1].update(numerator="schutzsuchende * 2"))
    with pytest.raises(InputError) as info:
        load_catalogue(content_copy)
    assert info.value.file == "flucht_asyl.yaml" and "Eintrag 2" in str(info.value)


def test_missing_fields_of_kind_are_rejected(content_copy):
    _edit(content_copy / "indicators" / "flucht_asyl.yaml", lambda d: d["indicators"][0].pop("denominator"))
    with pytest.raises(InputError) as info:
        load_catalogue(content_copy)
    assert "denominator" in str(info.value)


def test_cycles_are_rejected(content_copy):
    path = content_copy / "indicators" / "arbeit_beschaeftigung.yaml"
    _edit(path, lambda d: d["indicators"][0].update(kind="gap", group="#alq_gap_auslaender", reference="#alq_insgesamt"))
    with pytest.raises(InputError) as info:
        load_catalogue(content_copy)
    assert "Zirkelbezug" in str(info.value)


def test_duplicate_ids_and_unknown_fields_are_rejected(content_copy):
    extra = content_copy / "indicators" / "zz_extra.yaml"
    shutil.copy(content_copy / "indicators" / "flucht_asyl.yaml", extra)
    with pytest.raises(InputError, match="doppelt"):
        load_catalogue(content_copy)
    extra.unlink()
    _edit(content_copy / "indicators" / "flucht_asyl.yaml", lambda d: d["indicators"][0].update(farbe="rot"))
    with pytest.raises(InputError):
        load_catalogue(content_copy)


def test_broken_yaml_is_rejected(content_copy):
    (content_copy / "indicators" / "flucht_asyl.yaml").write_text("indicators: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_catalogue(content_copy)
    assert info.value.file == "flucht_asyl.yaml"


def test_non_ascii_ids_are_rejected(content_copy):
    _edit(content_copy / "taxonomy" / "handlungsfelder.yaml", lambda d: d["handlungsfelder"][0].update(id="bevölkerung"))
    with pytest.raises(InputError):
        load_catalogue(content_copy)


def test_store_keys_name_the_breakdowns_an_indicator_reads(catalogue):
    assert catalogue.store_keys(["auslaenderanteil"]) == {"bevoelkerung": {"", "nationality=auslaender"}}
    # through a referenced indicator, and a wildcard (dim=*) needs every breakdown of its variable
    keys = catalogue.store_keys(["einbuergerungsquote_ii", "auslaenderanteil"])
    assert keys["einbuergerungen"] is None and keys["auslaender"] is None
    assert keys["bevoelkerung"] == {"", "nationality=auslaender"}
    gap = catalogue.store_keys(["alq_gap_auslaender"])
    assert gap == catalogue.store_keys(["alq_auslaender", "alq_insgesamt"])
