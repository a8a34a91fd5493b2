# SPDX-License-Identifier: EUPL-1.2
"""The 68 columns of the Hamburg Stadtteilprofile and the variables they become.

Each column is matched by its heading (row 3) without the trailing period in
brackets, which gives the period instead: ``(Dez 2013)`` → ``2013-12-31``,
``(Jan 2014)`` → ``2014-01-01``, ``(2010)`` → ``2010``, ``(2013/2014)`` → ``2013``
(Schuljahr 2013/14). Columns without a bracket take the reference date of the
group heading in row 2 (``Bevölkerung und Haushalte 31.12.2013``), or its year
for flows (``Bevölkerungsbewegung 2013``), or the period of the column before.

Counts keep the shared codes of the store where the quantity is the same as
elsewhere (``bevoelkerung`` with breakdowns, ``arbeitslose``, ``sgb2_leistungsberechtigte``,
``sv_beschaeftigte``, ``haushalte``, ``geburten``, ``sterbefaelle``); shares,
averages and Hamburg-specific counts get ``hamburg_…`` codes. Shares are stored
as published (unit %), never summed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from stellwerk.sources.records import VariableSpec
from stellwerk.sources.vocabulary import VARIABLES

__all__ = ["Column", "COLUMNS", "MIGRAPRO"]

MIGRAPRO = (" Der Migrationshintergrund ist nicht im Melderegister gespeichert, sondern vom Statistikamt Nord mit "
            "dem Verfahren MigraPro aus Registermerkmalen (Staatsangehörigkeiten, Geburtsland, Einbürgerung, "
            "Eltern) geschätzt.")
_HH = " Hamburger Stadtteilprofile (Statistikamt Nord)."
_SHARE = " Anteil in %, wie veröffentlicht; nicht summierbar."


@dataclass(frozen=True)
class Column:
    """One published column: heading, target variable and breakdown, and how to read it."""

    heading: str
    variable: VariableSpec
    breakdown: dict[str, str] = field(default_factory=dict)
    # "bestand": a stock on a reference date; "zeitraum": a flow or average over a period.
    kind: str = "bestand"
    # A whole count ≥ 0 (Wanderungssaldo may be negative); shares must lie in 0–100.
    count: bool = True
    negative: bool = False
    # Whether Stadtteile add up to their Bezirk and Bezirke to the city (flows over the
    # Stadtteil border and averages do not).
    additive: bool = True


def _v(code: str, label: str, unit: str, definition: str) -> VariableSpec:
    return VariableSpec(code, label, unit, definition)


def _share(code: str, label: str, definition: str) -> VariableSpec:
    return VariableSpec(code, label, "%", definition + _SHARE + _HH)


_BEV = VARIABLES["bevoelkerung"]
_ALO = VARIABLES["arbeitslose"]
_SGB2 = VARIABLES["sgb2_leistungsberechtigte"]
_SVB = VARIABLES["sv_beschaeftigte"]
_HAUSHALTE = VARIABLES["haushalte"]

COLUMNS: list[Column] = [
    Column("Bevölkerung", _BEV),
    Column("Unter 18-Jährige", _BEV, {"age": "0-18"}),
    Column("Anteil der unter 18-Jährigen in %", _share(
        "hamburg_anteil_unter18", "Anteil der unter 18-Jährigen", "Kinder und Jugendliche unter 18 Jahren je 100 "
        "Einwohner."), count=False, additive=False),
    Column("65-Jährige und Ältere", _BEV, {"age": "65+"}),
    Column("Anteil der 65-Jährigen und Älteren in %", _share(
        "hamburg_anteil_65plus", "Anteil der 65-Jährigen und Älteren", "Einwohner ab 65 Jahren je 100 Einwohner."),
        count=False, additive=False),
    Column("Ausländerinnen und Ausländer", _BEV, {"nationality": "auslaender"}),
    Column("Ausländeranteil in %", _share(
        "hamburg_auslaenderanteil", "Ausländeranteil", "Einwohner ohne deutsche Staatsangehörigkeit je 100 "
        "Einwohner."), count=False, additive=False),
    Column("Bevölkerung mit Migrations-hintergrund", _BEV, {"migration": "mit_mh"}),
    Column("Anteil der Bevölkerung mit Migrations-hintergrund in %", _share(
        "hamburg_anteil_mh", "Anteil der Bevölkerung mit Migrationshintergrund",
        "Einwohner mit Migrationshintergrund je 100 Einwohner." + MIGRAPRO), count=False, additive=False),
    Column("Unter 18-Jährige mit Migrations-hintergrund", _BEV, {"age": "0-18", "migration": "mit_mh"}),
    Column("Anteil der unter 18-Jährigen mit Migrations-hintergrund in %", _share(
        "hamburg_anteil_unter18_mh", "Anteil der unter 18-Jährigen mit Migrationshintergrund",
        "Kinder und Jugendliche unter 18 Jahren mit Migrationshintergrund je 100 Kinder und Jugendliche unter 18 "
        "Jahren." + MIGRAPRO), count=False, additive=False),
    Column("Haushalte", _HAUSHALTE),
    Column("Personen je Haushalt", _v(
        "hamburg_personen_je_haushalt", "Personen je Haushalt", "Personen",
        "Durchschnittliche Zahl der Personen in einem Privathaushalt." + _HH), count=False, additive=False),
    Column("Einpersonen-haushalte", _HAUSHALTE, {"typ": "einpersonen"}),
    Column("Anteil der Einpersonen-haushalte in %", _share(
        "hamburg_anteil_einpersonenhaushalte", "Anteil der Einpersonenhaushalte",
        "Haushalte mit nur einer Person je 100 Haushalte."), count=False, additive=False),
    Column("Haushalte mit Kindern", _HAUSHALTE, {"typ": "mit_kindern"}),
    Column("Anteil der Haushalte mit Kindern in %", _share(
        "hamburg_anteil_haushalte_mit_kindern", "Anteil der Haushalte mit Kindern",
        "Haushalte, in denen Kinder leben, je 100 Haushalte."), count=False, additive=False),
    Column("Alleinerziehende", _HAUSHALTE, {"typ": "alleinerziehende"}),
    Column("Anteil der Haushalte von Alleinerziehenden in %", _share(
        "hamburg_anteil_alleinerziehende", "Anteil der Alleinerziehenden-Haushalte",
        "Haushalte von Alleinerziehenden je 100 Haushalte mit Kindern (nicht je 100 Haushalte)."),
        count=False, additive=False),
    Column("Fläche in km²", VARIABLES["flaeche"], count=False),
    Column("Bevölkerungs-dichte", _v(
        "hamburg_bevoelkerungsdichte", "Bevölkerungsdichte", "Einwohner je km²",
        "Einwohner je Quadratkilometer Fläche." + _HH), count=False, additive=False),
    Column("Geburten", VARIABLES["geburten"], kind="zeitraum"),
    Column("Sterbefälle", VARIABLES["sterbefaelle"], kind="zeitraum"),
    Column("Zuzüge", _v("hamburg_zuzuege", "Zuzüge über die Gebietsgrenze", "Personen",
                        "Zuzüge über die Grenze des Gebiets im Berichtsjahr, bei Stadtteilen und Bezirken auch aus "
                        "anderen Teilen Hamburgs; daher nicht summierbar." + _HH), kind="zeitraum", additive=False),
    Column("Zuzüge aus dem Hamburger Umland", _v(
        "hamburg_zuzuege_umland", "Zuzüge aus dem Hamburger Umland", "Personen",
        "Zuzüge aus den sechs an Hamburg grenzenden Kreisen im Berichtsjahr." + _HH), kind="zeitraum"),
    Column("Fortzüge", _v("hamburg_fortzuege", "Fortzüge über die Gebietsgrenze", "Personen",
                          "Fortzüge über die Grenze des Gebiets im Berichtsjahr, bei Stadtteilen und Bezirken auch in "
                          "andere Teile Hamburgs; daher nicht summierbar." + _HH), kind="zeitraum", additive=False),
    Column("Fortzüge in das Hamburger Umland", _v(
        "hamburg_fortzuege_umland", "Fortzüge in das Hamburger Umland", "Personen",
        "Fortzüge in die sechs an Hamburg grenzenden Kreise im Berichtsjahr." + _HH), kind="zeitraum"),
    Column("Wanderungssaldo", _v("hamburg_wanderungssaldo", "Wanderungssaldo über die Gebietsgrenze", "Personen",
                                 "Zuzüge minus Fortzüge über die Grenze des Gebiets im Berichtsjahr." + _HH),
           kind="zeitraum", negative=True, additive=False),
    Column("Sozial-versicherungs-pflichtig Beschäftigte", _SVB),
    Column("Beschäftigten-quote in %", _share(
        "hamburg_beschaeftigtenquote", "Beschäftigtenquote",
        "Sozialversicherungspflichtig Beschäftigte am Wohnort je 100 Einwohner von 15 bis unter 65 Jahren."),
        count=False, additive=False),
    Column("Arbeitslose", _ALO),
    Column("Arbeitslosenanteil in %", _share(
        "hamburg_arbeitslosenanteil", "Arbeitslosenanteil", "Arbeitslose je 100 Einwohner von 15 bis unter 65 "
        "Jahren (keine Arbeitslosenquote der BA)."), count=False, additive=False),
    Column("Jüngere Arbeitslose", _ALO, {"age": "15-25"}),
    Column("Arbeitslosenanteil Jüngerer in %", _share(
        "hamburg_arbeitslosenanteil_15_25", "Arbeitslosenanteil der 15- bis unter 25-Jährigen",
        "Arbeitslose von 15 bis unter 25 Jahren je 100 Einwohner dieses Alters."), count=False, additive=False),
    Column("Ältere Arbeitslose", _ALO, {"age": "55-65"}),
    Column("Arbeitslosenanteil Älterer in %", _share(
        "hamburg_arbeitslosenanteil_55_65", "Arbeitslosenanteil der 55- bis unter 65-Jährigen",
        "Arbeitslose von 55 bis unter 65 Jahren je 100 Einwohner dieses Alters."), count=False, additive=False),
    Column("Leistungs-empfänger/-innen nach SGB II", _SGB2),
    Column("Anteil der Leistungs-empfänger/-innen nach SGB II in %", _share(
        "hamburg_anteil_sgb2", "Anteil der Leistungsempfänger nach SGB II",
        "Leistungsempfänger nach SGB II je 100 Einwohner."), count=False, additive=False),
    Column("Unter 15-Jährige in Mindestsicherung", _SGB2, {"age": "0-15"}),
    Column("Anteil der unter 15-Jährigen in Mindestsicherung in %", _share(
        "hamburg_anteil_unter15_mindestsicherung", "Anteil der unter 15-Jährigen in Mindestsicherung",
        "Leistungsempfänger nach SGB II unter 15 Jahren je 100 Einwohner unter 15 Jahren."),
        count=False, additive=False),
    Column("Bedarfs-gemeinschaften nach SGB II", VARIABLES["sgb2_bedarfsgemeinschaften"]),
    Column("Lohn- und Einkommen-steuerpflichtige", _v(
        "hamburg_steuerpflichtige", "Lohn- und Einkommensteuerpflichtige", "Personen",
        "Steuerpflichtige der Lohn- und Einkommensteuerstatistik im Veranlagungsjahr." + _HH), kind="zeitraum"),
    Column("Durchschnitt-liches Einkommen je Steuerpflichtigen in EUR", _v(
        "hamburg_einkommen_je_steuerpflichtigen", "Gesamtbetrag der Einkünfte je Steuerpflichtigen", "EUR",
        "Durchschnittlicher Gesamtbetrag der Einkünfte je Lohn- und Einkommensteuerpflichtigen im Jahr." + _HH),
        kind="zeitraum", count=False, additive=False),
    Column("Wohngebäude", _v("hamburg_wohngebaeude", "Wohngebäude", "Gebäude", "Wohngebäude am Jahresende." + _HH)),
    Column("Wohnungen", _v("hamburg_wohnungen", "Wohnungen", "Wohnungen",
                           "Wohnungen in Wohn- und Nichtwohngebäuden am Jahresende." + _HH)),
    Column("Bezugsfertige Wohnungen", _v(
        "hamburg_wohnungen_bezugsfertig", "Bezugsfertig gewordene Wohnungen", "Wohnungen",
        "Im Berichtsjahr bezugsfertig gewordene Wohnungen." + _HH), kind="zeitraum"),
    Column("Wohnungen in Ein- und Zweifamilien-häusern", _v(
        "hamburg_wohnungen_efh", "Wohnungen in Ein- und Zweifamilienhäusern", "Wohnungen",
        "Wohnungen in Ein- und Zweifamilienhäusern am Jahresende." + _HH)),
    Column("Anteil der Wohnungen in Ein- und Zweifamilien-häusern in %", _share(
        "hamburg_anteil_wohnungen_efh", "Anteil der Wohnungen in Ein- und Zweifamilienhäusern",
        "Wohnungen in Ein- und Zweifamilienhäusern je 100 Wohnungen."), count=False, additive=False),
    Column("Wohnungsgröße in m²", _v("hamburg_wohnungsgroesse", "Durchschnittliche Wohnungsgröße", "m²",
                                     "Durchschnittliche Wohnfläche einer Wohnung." + _HH), count=False,
           additive=False),
    Column("Wohnfläche je Einwohner/-in in m²", _v(
        "hamburg_wohnflaeche_je_einwohner", "Wohnfläche je Einwohner", "m²",
        "Durchschnittliche Wohnfläche je Einwohnerin und Einwohner." + _HH), count=False, additive=False),
    Column("Sozialwohnungen", _v("hamburg_sozialwohnungen", "Sozialwohnungen", "Wohnungen",
                                 "Öffentlich geförderte Wohnungen mit Mietpreis- und Belegungsbindung." + _HH)),
    Column("Sozialwohnungs-anteil in %", _share(
        "hamburg_sozialwohnungsanteil", "Sozialwohnungsanteil", "Sozialwohnungen je 100 Wohnungen."),
        count=False, additive=False),
    Column("Sozialwohnungen mit Bindungsauslauf bis 2019", _v(
        "hamburg_sozialwohnungen", "Sozialwohnungen", "Wohnungen",
        "Öffentlich geförderte Wohnungen mit Mietpreis- und Belegungsbindung." + _HH), {"bindung_endet": "bis_2019"}),
    Column("Sozialwohnungen mit Bindungsauslauf bis 2019 in %", _share(
        "hamburg_anteil_bindungsauslauf_2019", "Anteil der Sozialwohnungen mit Bindungsauslauf bis 2019",
        "Sozialwohnungen, deren Bindung bis 2019 endet, je 100 Sozialwohnungen."), count=False, additive=False),
    Column("Preise für Grundstücke in EUR/m²", _v(
        "hamburg_preis_grundstueck", "Durchschnittlicher Preis für Grundstücke", "EUR/m²",
        "Durchschnittlicher Kaufpreis für ein Grundstück je m²; „.“ = keine oder zu wenige Verkäufe." + _HH),
        count=False, additive=False),
    Column("Preise für Ein- bzw Zwei-familienhäuser in EUR/m²", _v(
        "hamburg_preis_efh", "Durchschnittlicher Preis für Ein- und Zweifamilienhäuser", "EUR/m²",
        "Durchschnittlicher Kaufpreis für ein Ein- oder Zweifamilienhaus je m² Wohnfläche; „.“ = keine oder zu "
        "wenige Verkäufe." + _HH), count=False, additive=False),
    Column("Preise für Eigentums-wohnungen in EUR/m²", _v(
        "hamburg_preis_eigentumswohnung", "Durchschnittlicher Preis für Eigentumswohnungen", "EUR/m²",
        "Durchschnittlicher Kaufpreis für eine Eigentumswohnung je m² Wohnfläche; „.“ = keine oder zu wenige "
        "Verkäufe." + _HH), count=False, additive=False),
    Column("Kindergärten und Vorschulklassen", _v(
        "hamburg_kitas_vorschulklassen", "Kindergärten und Vorschulklassen", "Einrichtungen",
        "Kindergärten und Vorschulklassen für Kinder von 3 Jahren bis zum Schuleintritt." + _HH)),
    Column("Grundschulen", _v("hamburg_grundschulen", "Grundschulen", "Schulen", "Grundschulen im Gebiet." + _HH)),
    Column("Schülerinnen und Schüler der Sekundarstufe I", _v(
        "hamburg_schueler_sek1", "Schülerinnen und Schüler der Sekundarstufe I (Wohnort)", "Personen",
        "Schülerinnen und Schüler der Sekundarstufe I, gezählt an ihrem Wohnort, im Schuljahr." + _HH)),
    Column("Anteil der Schülerinnen und Schüler in Stadtteilschulen und Schulformen mit mehreren Bildungsgängen in %",
           _share("hamburg_anteil_stadtteilschule", "Anteil an Stadtteilschulen (Sekundarstufe I)",
                  "Schülerinnen und Schüler in Stadtteilschulen und Schulformen mit mehreren Bildungsgängen je 100 "
                  "Schülerinnen und Schüler der Sekundarstufe I (Wohnort)."), count=False, additive=False),
    Column("Anteil der Schülerinnen und Schüler in Gymnasien in %", _share(
        "hamburg_anteil_gymnasium", "Anteil an Gymnasien (Sekundarstufe I)",
        "Schülerinnen und Schüler in Gymnasien je 100 Schülerinnen und Schüler der Sekundarstufe I (Wohnort)."),
        count=False, additive=False),
    Column("Niedergelassene Ärzte", _v("hamburg_aerzte", "Niedergelassene Ärztinnen und Ärzte", "Personen",
                                       "Niedergelassene Ärztinnen und Ärzte im Gebiet." + _HH)),
    Column("Allgemeinärzte", _v("hamburg_aerzte", "Niedergelassene Ärztinnen und Ärzte", "Personen",
                                "Niedergelassene Ärztinnen und Ärzte im Gebiet." + _HH), {"fach": "allgemeinmedizin"}),
    Column("Zahnärzte", _v("hamburg_zahnaerzte", "Zahnärztinnen und Zahnärzte", "Personen",
                           "Zahnärztinnen und Zahnärzte im Gebiet." + _HH)),
    Column("Apotheken", _v("hamburg_apotheken", "Apotheken", "Apotheken", "Apotheken im Gebiet." + _HH)),
    Column("Private PKW", _v("hamburg_pkw_privat", "Private Pkw", "Pkw", "Auf private Halter zugelassene Pkw." + _HH)),
    Column("PKW-Dichte", _v("hamburg_pkw_dichte", "Pkw-Dichte", "Pkw je 1.000 Einwohner",
                            "Private Pkw je 1.000 Einwohnerinnen und Einwohner." + _HH), count=False,
           additive=False),
]
