# SPDX-License-Identifier: EUPL-1.2
"""BBSR Umsteigeschlüssel: import and carrying counts onto the 2020 Kreise."""
from __future__ import annotations

import gzip

import pytest
from sqlalchemy import func, select

from stellwerk.errors import InputError, NotFoundError
from stellwerk.geo.crosswalk import carry_over, import_crosswalk
from stellwerk.geo.models import CrosswalkEntry, GeoImport

pytestmark = pytest.mark.data

KREISE_2020 = "crosswalks/bbsr_umsteigeschluessel_kreise_xd20.csv"


@pytest.fixture
def kreise_crosswalk(session, data_dir):
    result = import_crosswalk(session, data_dir / KREISE_2020)
    assert result.status == "imported"
    return session


def test_goettingen_and_osterode_map_onto_the_new_landkreis(kreise_crosswalk):
    session = kreise_crosswalk
    rows = session.execute(
        select(CrosswalkEntry.from_code, CrosswalkEntry.to_code, CrosswalkEntry.pop_weight).where(
            CrosswalkEntry.crosswalk == "bbsr-kreise-2020",
            CrosswalkEntry.year == 2015,
            CrosswalkEntry.from_code.in_(["03152", "03156"]),
        )
    ).all()
    assert {to for _, to, _ in rows} == {"03159"}
    for source in ("03152", "03156"):
        assert sum(w for f, _, w in rows if f == source) == pytest.approx(1.0)


def test_a_count_carried_over_equals_the_hand_computation(kreise_crosswalk):
    # Hand computation: 03159 (2020) = 1.0 × count(03152) + 1.0 × count(03156).
    carried = carry_over(kreise_crosswalk, {"03152": 1234, "03156": 567}, 2015)
    assert len(carried) == 1
    assert (carried[0].code, carried[0].value, carried[0].flag) == ("03159", 1801.0, None)
    assert sorted(code for code, _ in carried[0].sources) == ["03152", "03156"]


def test_a_split_unit_gives_a_flagged_estimate(kreise_crosswalk):
    # In 1990 the Kreis 07135 was split: 97.9 % of its people went to 07135, 2.1 % to 07140.
    weights = dict(
        kreise_crosswalk.execute(
            select(CrosswalkEntry.to_code, CrosswalkEntry.pop_weight).where(
                CrosswalkEntry.crosswalk == "bbsr-kreise-2020",
                CrosswalkEntry.year == 1990,
                CrosswalkEntry.from_code == "07135",
            )
        ).all()
    )
    carried = {c.code: c for c in carry_over(kreise_crosswalk, {"07135": 1000}, 1990)}
    assert carried["07135"].flag == "e"
    assert carried["07135"].value == pytest.approx(1000 * weights["07135"])
    # 07140 also receives shares of other Kreise whose counts were not given: unknown.
    assert carried["07140"].value is None and carried["07140"].missing


def test_unknown_codes_and_years(kreise_crosswalk):
    with pytest.raises(NotFoundError):
        carry_over(kreise_crosswalk, {"99999": 1}, 2015)
    with pytest.raises(NotFoundError):
        carry_over(kreise_crosswalk, {"03152": 1}, 1800)


def test_reimport_is_a_no_op(kreise_crosswalk, data_dir):
    before = kreise_crosswalk.scalar(select(func.count()).select_from(CrosswalkEntry))
    assert import_crosswalk(kreise_crosswalk, data_dir / KREISE_2020).status == "unchanged"
    assert kreise_crosswalk.scalar(select(func.count()).select_from(CrosswalkEntry)) == before


def test_gzip_gemeinden_sample(session, data_dir, tmp_path):
    with gzip.open(data_dir / "crosswalks/bbsr_umsteigeschluessel_gemeinden_xm20.csv.gz", "rt") as source:
        lines = [next(source) for _ in range(3001)]
    sample = tmp_path / "xm20_sample.csv.gz"
    with gzip.open(sample, "wt") as target:
        target.writelines(lines)
    result = import_crosswalk(session, sample)
    assert result.counts == {"bbsr-gemeinden-2020": 3000}
    level = session.scalar(select(CrosswalkEntry.level).limit(1))
    assert level == "gemeinde"


def _counts(session):
    return (
        session.scalar(select(func.count()).select_from(CrosswalkEntry)),
        session.scalar(select(func.count()).select_from(GeoImport)),
    )


@pytest.mark.parametrize(
    ("change", "column"),
    [
        (lambda lines: lines.__setitem__(1, lines[1].replace("01001", "1001X", 1)), "ags_xw"),
        (lambda lines: lines.__setitem__(7, lines[7].replace(",1.0,", ",1.7,", 1)), "pop_conv"),
        (lambda lines: lines.__setitem__(0, lines[0].replace("pop_conv", "bevoelkerung")), None),
        (lambda lines: lines.insert(9, lines[8]), "ags_xw"),
    ],
)
def test_broken_crosswalks_write_nothing(session, data_dir, tmp_path, change, column):
    lines = (data_dir / KREISE_2020).read_text(encoding="utf-8").splitlines(keepends=True)[:40]
    change(lines)
    path = tmp_path / "kaputt.csv"
    path.write_text("".join(lines), encoding="utf-8")
    before = _counts(session)
    with pytest.raises(InputError) as caught:
        import_crosswalk(session, path)
    assert caught.value.file == "kaputt.csv"
    assert caught.value.column == column
    assert _counts(session) == before


def test_a_workbook_is_not_a_crosswalk(session, data_dir):
    with pytest.raises(InputError) as caught:
        import_crosswalk(session, data_dir / "kreise/destatis_gv_04-kreise_2018-12-31.xlsx")
    assert caught.value.file == "destatis_gv_04-kreise_2018-12-31.xlsx"
