# SPDX-License-Identifier: EUPL-1.2
"""Hamburg's 7 Bezirke and 104 Stadtteile with the numbers the Statistikamt Nord gives them.

A Stadtteil number is the Bezirk digit followed by a two-digit running number
(``101`` Hamburg-Altstadt … ``717`` Cranz), in the order the Statistikamt
publishes them. Stellwerk codes: ``02000000-N`` for a Bezirk and
``02000000-NNN`` for a Stadtteil; rows that publish two Stadtteile together
(``Kleiner Grasbrook und Steinwerder``) get ``02000000-115-116``.
"""
from __future__ import annotations

__all__ = ["CITY_AGS", "CITY_NAME", "BEZIRKE", "STADTTEILE", "bezirk_code", "stadtteil_code"]

CITY_AGS = "02000000"
CITY_NAME = "Hamburg"

BEZIRKE: dict[int, str] = {
    1: "Hamburg-Mitte", 2: "Altona", 3: "Eimsbüttel", 4: "Hamburg-Nord", 5: "Wandsbek", 6: "Bergedorf",
    7: "Harburg",
}

_NAMES = {
    1: ["Hamburg-Altstadt", "HafenCity", "Neustadt", "St. Pauli", "St. Georg", "Hammerbrook", "Borgfelde", "Hamm",
        "Horn", "Billstedt", "Billbrook", "Rothenburgsort", "Veddel", "Wilhelmsburg", "Kleiner Grasbrook",
        "Steinwerder", "Waltershof", "Finkenwerder", "Neuwerk"],
    2: ["Altona-Altstadt", "Sternschanze", "Altona-Nord", "Ottensen", "Bahrenfeld", "Groß Flottbek", "Othmarschen",
        "Lurup", "Osdorf", "Nienstedten", "Blankenese", "Iserbrook", "Sülldorf", "Rissen"],
    3: ["Eimsbüttel", "Rotherbaum", "Harvestehude", "Hoheluft-West", "Lokstedt", "Niendorf", "Schnelsen",
        "Eidelstedt", "Stellingen"],
    4: ["Hoheluft-Ost", "Eppendorf", "Groß Borstel", "Alsterdorf", "Winterhude", "Uhlenhorst", "Hohenfelde",
        "Barmbek-Süd", "Dulsberg", "Barmbek-Nord", "Ohlsdorf", "Fuhlsbüttel", "Langenhorn"],
    5: ["Eilbek", "Wandsbek", "Marienthal", "Jenfeld", "Tonndorf", "Farmsen-Berne", "Bramfeld", "Steilshoop",
        "Wellingsbüttel", "Sasel", "Poppenbüttel", "Hummelsbüttel", "Lemsahl-Mellingstedt", "Duvenstedt",
        "Wohldorf-Ohlstedt", "Bergstedt", "Volksdorf", "Rahlstedt"],
    6: ["Lohbrügge", "Bergedorf", "Curslack", "Altengamme", "Neuengamme", "Kirchwerder", "Ochsenwerder",
        "Reitbrook", "Allermöhe", "Billwerder", "Moorfleet", "Tatenberg", "Spadenland", "Neuallermöhe"],
    7: ["Harburg", "Neuland", "Gut Moor", "Wilstorf", "Rönneburg", "Langenbek", "Sinstorf", "Marmstorf",
        "Eißendorf", "Heimfeld", "Moorburg", "Altenwerder", "Hausbruch", "Neugraben-Fischbek", "Francop",
        "Neuenfelde", "Cranz"],
}
# Stadtteil number → name
STADTTEILE: dict[int, str] = {
    100 * bezirk + position: name
    for bezirk, names in _NAMES.items()
    for position, name in enumerate(names, start=1)
}


def bezirk_code(number: int) -> str:
    return f"{CITY_AGS}-{number}"


def stadtteil_code(numbers: list[int]) -> str:
    return f"{CITY_AGS}-" + "-".join(str(n) for n in numbers)
