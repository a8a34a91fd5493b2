# SPDX-License-Identifier: EUPL-1.2
"""A workspace with objects of every module (notice, concept, network, self-check, practice)
round-trips exactly through ``backup_tenant``/``restore_tenant``."""
from __future__ import annotations

import datetime as dt
import json

from stellwerk.accounts.backup import backup_tenant, restore_tenant
from stellwerk.accounts.notices import create_notice
from stellwerk.accounts.tenants import find_tenant
from stellwerk.accounts.users import create_user, grant_role
from stellwerk.assessment.answers import RespondentInput
from stellwerk.assessment.catalogue import default_catalogue
from stellwerk.assessment.models import Mode
from stellwerk.assessment.runs import add_respondent, create_run
from stellwerk.knowledge.content import read_practice_file, shipped_practice_files
from stellwerk.knowledge.practices import save_practice
from stellwerk.network.example import load_example
from stellwerk.strategy.schema import parse_document
from stellwerk.strategy.store import save_document
from stellwerk.strategy.versions import adopt, start_revision

SLUG = "rundstadt"
# Tables the filled workspace must have rows in, so the round trip covers every module.
MODULE_TABLES = {"notice", "strategy_concept", "strategy_goal", "strategy_measure", "assessment_run",
                 "assessment_respondent", "assessment_answer", "practice", "audit_entry", "membership"}


def _fill(session):
    tenant, _ = load_example(session, slug=SLUG, by="anna")
    user = create_user(session, "anna", "ein-sicheres-passwort", "Anna Ö.")
    grant_role(session, user, tenant, "admin")
    create_notice(session, tenant, "anna", "Hinweis", "äöüß")
    doc = parse_document({"konzept": {"titel": "Konzept Rundstadt", "leitbild": "Teilhabe"},
                          "ziele": [{"id": "Z1", "text": "Sprache fördern", "handlungsfeld": "teilhabe"}],
                          "massnahmen": [{"id": "M1", "titel": "Kurse", "ziele": ["Z1"]}]})
    concept = save_document(session, tenant, doc, "anna")
    adopt(session, concept, "anna", dt.date(2024, 1, 1), "DS 1")
    start_revision(session, concept, "anna")
    catalogue = default_catalogue()
    run, _ = create_run(session, catalogue, tenant_id=tenant.id, instrument_id="resilienz", title="Workshop",
                        mode=Mode.WORKSHOP, actor="anna")
    add_respondent(session, catalogue, run, RespondentInput("P1", {"rv_agil": "3"}, sector="verwaltung"), actor="anna")
    entry = read_practice_file(shipped_practice_files()[0])[0]
    save_practice(session, entry.model_copy(update={"id": "rundstadt-praxis"}), tenant=tenant, actor="anna")
    session.flush()
    return tenant


def _json(document):
    return json.loads(json.dumps(document))


def test_every_module_round_trips_exactly(session):
    tenant = _fill(session)
    first = _json(backup_tenant(session, SLUG))
    filled = {name for name, rows in first["tables"].items() if rows}
    assert MODULE_TABLES <= filled, MODULE_TABLES - filled
    assert {"network_actor", "network_body", "network_membership"} <= filled

    restore_tenant(session, first, replace=True)
    session.flush()
    session.expire_all()
    assert _json(backup_tenant(session, SLUG)) == first

    session.delete(tenant)
    session.flush()
    assert find_tenant(session, SLUG) is None
    restore_tenant(session, first)
    session.flush()
    session.expire_all()
    assert _json(backup_tenant(session, SLUG)) == first
