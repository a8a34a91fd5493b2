# SPDX-License-Identifier: EUPL-1.2
"""The knowledge commands through click's test runner."""
import json

import pytest
import yaml
from click.testing import CliRunner

from stellwerk.cli import main


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"


def run(database, *args):
    return CliRunner().invoke(main, [*args, "--database", database], catch_exceptions=False)


def test_practices_search_json(database):
    result = run(database, "practices", "search", "Sprachkurs", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["total"] == 1
    assert document["results"][0]["id"] == "kp-kommunale-sprachkurse"
    assert isinstance(document["results"][0]["score"], float)


def test_practices_search_hostile_query(database):
    result = run(database, "practices", "search", "\"; DROP TABLE practice; -- NEAR(* AND", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"] == 0
    assert run(database, "practices", "list", "--json").exit_code == 0


def test_practices_list_and_show(database):
    listing = run(database, "practices", "list")
    assert "99 Praxisbeispiele" in listing.stdout
    shown = run(database, "practices", "show", "kp-lok-in")
    assert "Landkreis" in shown.stdout and "Quelle:" in shown.stdout
    missing = run(database, "practices", "show", "gibt-es-nicht")
    assert missing.exit_code == 3 and "gibt-es-nicht" in missing.stderr


def test_concepts_stats_json(database):
    result = run(database, "concepts", "stats", "--json")
    stats = json.loads(result.stdout)
    assert (stats["with_concept"], stats["grossstaedte"], stats["updated"], stats["documents"]) == (69, 79, 20, 127)
    text = run(database, "concepts", "stats").stdout
    assert "87,3 %" in text and "Fortschreibung" in text


def test_concepts_list_city(database):
    result = run(database, "concepts", "list", "--city", "Wiesbaden", "--json")
    assert [d["key"] for d in json.loads(result.stdout)["documents"]] == [
        "wiesbaden-1", "wiesbaden-2", "wiesbaden-3", "wiesbaden-4",
    ]


def test_similar_json_and_ambiguity(database):
    result = run(database, "similar", "Leipzig", "--limit", "3", "--json")
    document = json.loads(result.stdout)
    assert document["area"]["ags"] == "14713000" and len(document["similar"]) == 3
    assert all("terms" in n and "practices" in n for n in document["similar"])
    ambiguous = run(database, "similar", "Zwickau")
    assert ambiguous.exit_code == 4 and "Landkreis Zwickau" in ambiguous.stderr


def _entry(**change):
    entry = {
        "id": "cli-import", "title": "Lernpatenschaften", "field": "Engagement", "sub_topic": "Begleitung",
        "summary": "Freiwillige begleiten Kinder geflüchteter Familien bei den Hausaufgaben.",
        "source": "Eigene Angaben", "source_type": "eigene_praxis", "evidence": "kommune",
    }
    entry.update(change)
    return entry


def test_import_rejects_malformed_file_and_saves_nothing(database, tmp_path):
    path = tmp_path / "praxis.yaml"
    path.write_text(yaml.safe_dump({"practices": [_entry(), _entry(id="kaputt", field="Sport")]}), encoding="utf-8")
    result = run(database, "import", "practices", str(path))
    assert result.exit_code == 2
    assert "praxis.yaml" in result.stderr and "'kaputt'" in result.stderr and "field" in result.stderr
    assert json.loads(run(database, "practices", "search", "Lernpatenschaften", "--json").stdout)["total"] == 0


def test_import_then_publish(database, tmp_path):
    path = tmp_path / "praxis.yaml"
    path.write_text(yaml.safe_dump({"practices": [_entry()]}), encoding="utf-8")
    imported = run(database, "import", "practices", str(path), "--json")
    assert json.loads(imported.stdout) == {"file": "praxis.yaml", "imported": 1, "ids": ["cli-import"],
                                           "status": "draft"}
    assert json.loads(run(database, "practices", "search", "Lernpatenschaften", "--json").stdout)["total"] == 0
    assert run(database, "practices", "advance", "cli-import").exit_code == 0
    assert run(database, "practices", "advance", "cli-import").exit_code == 0
    assert json.loads(run(database, "practices", "search", "Lernpatenschaften", "--json").stdout)["total"] == 1
    unknown = run(database, "import", "practices", str(path), "--tenant", "niemand")
    assert unknown.exit_code == 3 and "niemand" in unknown.stderr


CONCEPT_HEADER = (
    "key,city,city_qualifier,ags,land,seq,title,year,month,period,kind,kind_detail,issuer_level,update_of,"
    "update_basis,update_certain,refugee_specific,target_group,in_register_count,exception_city,note\n"
)


def test_import_concepts_validates_rows(database, tmp_path):
    path = tmp_path / "konzepte.csv"
    path.write_text(
        CONCEPT_HEADER
        + "musterstadt-1,Musterstadt,,09999001,BY,1,Integrationskonzept Musterstadt,2021,,,Konzept,,Stadt,,keine,"
        "true,nein,,false,false,\n"
        + "musterstadt-2,Musterstadt,,09999001,BY,2,Fortschreibung,zweitausend,,,Konzept,,Stadt,musterstadt-1,"
        "fortschreibung_im_titel,true,nein,,false,false,\n",
        encoding="utf-8",
    )
    result = run(database, "import", "concepts", str(path))
    assert result.exit_code == 2
    assert "Zeile 3" in result.stderr and "year" in result.stderr and "'musterstadt-2'" in result.stderr
    assert json.loads(run(database, "concepts", "list", "--city", "Musterstadt", "--json").stdout)["total"] == 0


def test_import_concepts_cannot_overwrite_the_register(database, tmp_path):
    assert run(database, "concepts", "stats").exit_code == 0
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO tenant (slug, name, kind) VALUES ('fremd', 'Fremd', 'kommune')"))
    engine.dispose()
    path = tmp_path / "konzepte.csv"
    path.write_text(
        CONCEPT_HEADER + "wiesbaden-1,Wiesbaden,,06414000,HE,1,Überschrieben,2020,,,Konzept,,Stadt,,keine,"
        "true,nein,,true,false,\n",
        encoding="utf-8",
    )
    result = run(database, "import", "concepts", str(path), "--tenant", "fremd")
    assert result.exit_code == 2 and "anderen Organisation" in result.stderr
    documents = json.loads(run(database, "concepts", "list", "--city", "Wiesbaden", "--json").stdout)["documents"]
    assert documents[0]["title"] != "Überschrieben"


def test_concepts_from_strategy(database, tmp_path):
    from stellwerk.accounts.tenants import create_tenant
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database)
    workspace.init()
    with workspace.session() as session:
        create_tenant(session, "konzeptstadt", "Konzeptstadt")
    path = tmp_path / "konzept.yaml"
    path.write_text(yaml.safe_dump({"konzept": {"titel": "Integrationskonzept Konzeptstadt"}}), encoding="utf-8")
    concept_id = str(json.loads(run(database, "strategy", "import", "konzeptstadt", str(path), "--json").stdout)["id"])
    draft = run(database, "concepts", "from-strategy", concept_id, "--tenant", "konzeptstadt")
    assert draft.exit_code == 2 and "nicht beschlossen" in draft.stderr
    assert run(database, "strategy", "adopt", "konzeptstadt", concept_id, "--date", "2024-05-02",
               "--ref", "DS 7/2024").exit_code == 0
    made = json.loads(run(database, "concepts", "from-strategy", "--tenant", "konzeptstadt", "--json").stdout)
    assert made["key"] == f"konzeptstadt-strategie-{concept_id}"
    assert (made["city"], made["year"], made["status"]) == ("Konzeptstadt", 2024, "draft")
    assert made["strategy_concept_id"] == int(concept_id)
    refused = run(database, "concepts", "from-strategy", "--tenant", "konzeptstadt", "--publish")
    assert refused.exit_code == 2 and "intern" in refused.stderr
    # Drafts stay out of the public register; the published 2017 counts are unchanged.
    assert json.loads(run(database, "concepts", "list", "--city", "Konzeptstadt", "--json").stdout)["total"] == 0
    assert json.loads(run(database, "concepts", "stats", "--json").stdout)["with_concept"] == 69
    assert run(database, "concepts", "from-strategy", "--tenant", "niemand").exit_code == 3
