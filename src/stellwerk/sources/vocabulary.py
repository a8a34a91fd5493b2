# SPDX-License-Identifier: EUPL-1.2
"""The variables and breakdown labels the adapters share.

Column and row labels of official tables map to a variable code or to one
``dimension=value`` part of a breakdown key (see :mod:`stellwerk.observations.breakdown`).
Dimensions: ``sex`` (m, w), ``nationality`` (deutsche, auslaender), ``age``
(``15-25`` = 15 bis unter 25 Jahre), ``group`` (schwerbehindert,
langzeitarbeitslos), ``religion``, ``rechtskreis`` (sgb2, sgb3), ``legal_basis``,
``country_group``, ``citizenship``, ``residence_title``.
"""
from __future__ import annotations

from stellwerk.sources.records import VariableSpec

__all__ = ["VARIABLES", "BREAKDOWN_LABELS", "VARIABLE_LABELS", "UNIT_LABELS", "age_key"]

VARIABLES: dict[str, VariableSpec] = {
    spec.code: spec
    for spec in (
        VariableSpec("bevoelkerung", "Bevölkerung", "Personen",
                     "Einwohnerinnen und Einwohner am Stichtag (Fortschreibung des Bevölkerungsstandes, Zensus oder "
                     "Einwohnerregister der Städte). Den Migrationshintergrund (migration=…) führt kein Register: "
                     "die Städte leiten ihn aus Registermerkmalen ab, Hamburg und Berlin mit dem Verfahren MigraPro."),
        VariableSpec("arbeitslose", "Arbeitslose", "Personen",
                     "Bei der Bundesagentur für Arbeit registrierte Arbeitslose; Zeitraum JJJJ: Jahresdurchschnitt, "
                     "Stichtag JJJJ-MM-TT: Bestand im Berichtsmonat."),
        VariableSpec("arbeitslosenquote", "Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen", "%",
                     "Arbeitslose in Prozent aller zivilen Erwerbspersonen, Jahresdurchschnitt (amtlich berechnet)."),
        VariableSpec("arbeitslosenquote_abhaengige",
                     "Arbeitslosenquote bezogen auf abhängige zivile Erwerbspersonen", "%",
                     "Arbeitslose in Prozent der abhängigen zivilen Erwerbspersonen, Jahresdurchschnitt."),
        VariableSpec("schutzsuchende", "Schutzsuchende", "Personen",
                     "Ausländerinnen und Ausländer, die sich unter Berufung auf humanitäre Gründe in Deutschland "
                     "aufhalten (Statistik 12531, Ausländerzentralregister), am Stichtag."),
        VariableSpec("asylblg_empfaenger", "Empfängerinnen und Empfänger von Regelleistungen nach dem AsylbLG",
                     "Personen", "Leistungsberechtigte nach dem Asylbewerberleistungsgesetz am Stichtag."),
        VariableSpec("sozialhilfe_empfaenger", "Empfängerinnen und Empfänger von Sozialhilfe", "Personen",
                     "Empfängerinnen und Empfänger von Leistungen nach dem SGB XII am Stichtag."),
        VariableSpec("sozialhilfe_ausserhalb_einrichtungen",
                     "Empfängerinnen und Empfänger von Sozialhilfe außerhalb von Einrichtungen", "Personen",
                     "Empfängerinnen und Empfänger von Hilfe zum Lebensunterhalt (SGB XII) außerhalb von "
                     "Einrichtungen am Stichtag."),
        VariableSpec("sgb2_leistungsberechtigte", "Leistungsberechtigte nach SGB II", "Personen",
                     "Empfängerinnen und Empfänger von Leistungen der Grundsicherung für Arbeitsuchende (SGB II), "
                     "erwerbsfähige und nicht erwerbsfähige Leistungsberechtigte, am Stichtag."),
        VariableSpec("sgb2_bedarfsgemeinschaften", "Bedarfsgemeinschaften nach SGB II", "Bedarfsgemeinschaften",
                     "Bedarfsgemeinschaften in der Grundsicherung für Arbeitsuchende (SGB II) am Stichtag."),
        VariableSpec("sv_beschaeftigte", "Sozialversicherungspflichtig Beschäftigte am Wohnort", "Personen",
                     "Sozialversicherungspflichtig Beschäftigte, gezählt an ihrem Wohnort, am Stichtag."),
        VariableSpec("haushalte", "Privathaushalte", "Haushalte",
                     "Privathaushalte am Stichtag. Die Typen (typ=einpersonen, mit_kindern, alleinerziehende) "
                     "überschneiden sich: Haushalte von Alleinerziehenden sind auch Haushalte mit Kindern."),
        VariableSpec("geburten", "Lebendgeborene", "Personen", "Lebendgeborene im Berichtsjahr (Wohnort der Mutter)."),
        VariableSpec("sterbefaelle", "Gestorbene", "Personen", "Sterbefälle im Berichtsjahr (Wohnort)."),
        VariableSpec("flaeche", "Fläche", "km²", "Bodenfläche des Gebiets in Quadratkilometern."),
        VariableSpec("einbuergerungen", "Einbürgerungen", "Personen",
                     "Eingebürgerte Personen im Berichtsjahr (Statistik 12511)."),
        VariableSpec("auslaender", "Ausländerinnen und Ausländer", "Personen",
                     "Im Ausländerzentralregister erfasste Personen ohne deutsche Staatsangehörigkeit am Stichtag "
                     "(Statistik 12521)."),
    )
}

VARIABLE_LABELS: dict[str, str] = {
    "Bevölkerung": "bevoelkerung",
    "Bevölkerungsstand": "bevoelkerung",
    "Arbeitslose": "arbeitslose",
    "Arbeitslosenquote bez. abh. zivile Erwerbspers.": "arbeitslosenquote_abhaengige",
    "Arbeitslosenquote bez. auf alle zivile Erwerbsp.": "arbeitslosenquote",
}

UNIT_LABELS: dict[str, str] = {"Anzahl": "Personen", "Prozent": "%"}


def age_key(label: str) -> str | None:
    """``"15 bis unter 25 Jahre"`` → ``"15-25"``, ``"unter 3 Jahre"`` → ``"0-3"``, ``"65 Jahre und mehr"`` → ``"65+"``."""
    import re

    text = " ".join(label.split())
    if m := re.fullmatch(r"(\d+) bis unter (\d+) Jahre", text):
        return f"{m.group(1)}-{m.group(2)}"
    if m := re.fullmatch(r"unter (\d+) Jahre", text):
        return f"0-{m.group(1)}"
    if m := re.fullmatch(r"(\d+) Jahre und (?:mehr|älter)", text):
        return f"{m.group(1)}+"
    return None


# Labels that add nothing to the key (totals, units, the period heading).
NEUTRAL_LABELS = {"Insgesamt", "insgesamt", "Stichtag", "Anzahl", "Prozent"}

BREAKDOWN_LABELS: dict[str, tuple[str, str]] = {
    "männlich": ("sex", "m"),
    "Männer": ("sex", "m"),
    "weiblich": ("sex", "w"),
    "Frauen": ("sex", "w"),
    "Deutsche": ("nationality", "deutsche"),
    "Ausländer(innen)": ("nationality", "auslaender"),
    "Ausländer": ("nationality", "auslaender"),
    "schwerbehindert": ("group", "schwerbehindert"),
    "langzeitarbeitslos": ("group", "langzeitarbeitslos"),
    "Römisch-katholische Kirche": ("religion", "roemisch_katholisch"),
    "Evangelische Kirche": ("religion", "evangelisch"),
    "Sonstige, keine, ohne Angabe": ("religion", "sonstige_keine_ohne_angabe"),
}
