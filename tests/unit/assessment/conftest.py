# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the assessment tests: the shipped catalogue, a tenant, a small hand-made instrument."""
from __future__ import annotations

from pathlib import Path

import pytest

from stellwerk.accounts.models import Tenant
from stellwerk.assessment.catalogue import Catalogue, default_catalogue, load_catalogue

SMALL_INSTRUMENT = """\
id: klein
version: 1
title: Kleiner Test
summary: Zum Nachrechnen von Hand.
basis: Testinstrument.
scales:
  - id: z
    label: Zustimmung
    options:
      - {value: "0", label: nein, score: 0}
      - {value: "1", label: eher nein, score: 25}
      - {value: "2", label: teils, score: 50}
      - {value: "3", label: eher ja, score: 75}
      - {value: "4", label: ja voll, score: 100}
      - {value: wn, label: weiß nicht}
  - id: jn
    label: Ja/Nein
    options:
      - {value: ja, label: ja, score: 100}
      - {value: nein, label: nein, score: 0}
sections:
  - id: a
    title: Abschnitt A
    items:
      - {id: a1, type: likert, scale: z, text: Frage a1}
      - {id: a2, type: likert, scale: z, text: Frage a2, reverse: true}
      - id: a3
        type: number
        text: Frage a3
        minimum: 0
        maximum: 100
        bands: [{min: 0, score: 0}, {min: 5, score: 50}, {min: 10, score: 100}]
    weights: {a1: 2, a2: 1, a3: 1}
  - id: b
    title: Abschnitt B
    items:
      - {id: b1, type: yes_no, scale: jn, text: Frage b1, benchmark: {figure: desi-2011/gesamtstrategie}}
      - {id: b2, type: text, text: Freitext}
    weights: {b1: 1}
scoring:
  weights: {a: 3, b: 1}
recommendations:
  - id: r_a
    title: A stärken
    text: A liegt unter 50.
    when: {section: a, below: 50}
    links: [{kind: practice, label: Praxis, field: Verwaltung, sub_topic: Konzepte und Strategien}]
  - id: r_b1
    title: B1 nein
    text: B1 wurde verneint.
    when: {item: b1, answer_in: [nein]}
  - id: r_streit
    title: Sichtweisen klären
    text: A wird sehr unterschiedlich gesehen.
    when: {section: a, disagreement: true}
"""


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return default_catalogue()


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A content folder with the shipped benchmarks and the small test instrument."""
    root = tmp_path / "content"
    (root / "instruments").mkdir(parents=True)
    (root / "benchmarks").mkdir()
    source = Path(__file__).resolve().parents[3] / "content" / "benchmarks"
    for path in source.glob("*.yaml"):
        (root / "benchmarks" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "instruments" / "klein.yaml").write_text(SMALL_INSTRUMENT, encoding="utf-8")
    return root


@pytest.fixture
def small(content_copy) -> Catalogue:
    return load_catalogue(content_copy)


@pytest.fixture
def tenant(session) -> Tenant:
    tenant = Tenant(slug="musterstadt", name="Musterstadt (fiktiv)", kind="kommune")
    session.add(tenant)
    session.flush()
    return tenant
