#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Survey analysis on a synthetic Kommunalbefragung of 600 municipalities (the size of the
2024 DESI survey, 567 answers): results of one workshop run as the baseline, then the
unweighted and the post-stratified analysis of all answers by Land.

Prints medians of several runs and the ratio to the baseline measured in the same run.
"""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from stellwerk.accounts.models import Tenant
from stellwerk.assessment.answers import RespondentInput
from stellwerk.assessment.benchmarks import LAENDER
from stellwerk.assessment.catalogue import default_catalogue
from stellwerk.assessment.models import AssessmentRun, Mode
from stellwerk.assessment.results import run_results
from stellwerk.assessment.runs import add_respondent, create_run
from stellwerk.assessment.survey import Invitee, analyse, invite, respond
from stellwerk.storage import create_db_engine, session_scope, upgrade

MUNICIPALITIES = 600
ANSWERS = 567  # responses of the DESI/Bertelsmann survey of 2024
REPEAT = int(__import__("os").environ.get("BENCH_REPEAT", "5"))


def _median(func) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    random.seed(8)
    catalogue = default_catalogue()
    instrument = catalogue.instrument("erfolgsfaktoren")
    scaled = [(item, instrument.scale(item.scale)) for _, item in instrument.items() if item.scale]
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        with session_scope(engine) as session:
            tenant = Tenant(slug="bench", name="Bench", kind="institut")
            session.add(tenant)
            session.flush()
            workshop, _ = create_run(session, catalogue, tenant_id=tenant.id, instrument_id=instrument.id,
                                     title="Workshop", mode=Mode.WORKSHOP, actor="bench")
            for number, sector in enumerate(["verwaltung", "verwaltung", "politik", "zivilgesellschaft", "wirtschaft"]):
                answers = {item.id: random.choice(scale.options).value for item, scale in scaled}
                add_respondent(session, catalogue, workshop, RespondentInput(f"P{number}", answers, sector=sector),
                               actor="bench")
            survey, _ = create_run(session, catalogue, tenant_id=tenant.id, instrument_id=instrument.id,
                                   title="Befragung", mode=Mode.SURVEY, actor="bench")
            lands = list(LAENDER)
            sizes = ["grossstadt", "mittelstadt", "kleinstadt_gemeinde"]
            invitees = [Invitee(f"{n:05d}", f"Gemeinde {n}", random.choice(sizes), random.choice(lands),
                                random.choice(sizes)) for n in range(MUNICIPALITIES)]
            tokens = invite(session, survey, invitees, days=30, actor="bench")
            for invitation, token in tokens[:ANSWERS]:
                respond(session, catalogue, token, {item.id: random.choice(scale.options).value for item, scale in scaled})
            frame = {(size, land): random.randint(50, 400) for size in sizes for land in lands}
            ids = workshop.id, survey.id

        # Measured like a web request: a fresh session per call.
        def measure(work):
            def once():
                with session_scope(engine) as fresh:
                    work(fresh)
            return _median(once)

        baseline = measure(lambda s: run_results(catalogue, s.get(AssessmentRun, ids[0])))
        plain = measure(lambda s: analyse(s, catalogue, s.get(AssessmentRun, ids[1]), by="land"))
        weighted = measure(lambda s: analyse(s, catalogue, s.get(AssessmentRun, ids[1]), by="land", frame=frame))
        engine.dispose()
    print(f"Ergebnis eines Workshops (5 Personen):         {baseline * 1000:8.1f} ms  (Basis)")
    print(f"Befragung, {ANSWERS} Antworten, nach Land:      {plain * 1000:8.1f} ms  ×{plain / baseline:.1f}")
    print(f"dieselbe, nachgeschichtet (Größe × Land):       {weighted * 1000:8.1f} ms  ×{weighted / baseline:.1f}")


if __name__ == "__main__":
    main()
