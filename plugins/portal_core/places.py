"""Find official territories by name, as a contributor types it.

One ranking serves `python -m portal_core lookup` and the issue-form converter: the exact
name first, then names that start with it, then names that contain it; within a rank,
the most populated first (the région Bretagne before the commune of Bretagne). Accents,
case, hyphens and apostrophes are ignored, so « saint denis » finds « Saint-Denis ».
"""

from __future__ import annotations

import re

from .territories import Gazetteer, Place
from .text import fold
from .vocabulary import KIND_LABELS, OFFICIAL_CODES

EXACT, PREFIX, CONTAINS = 0, 1, 2

# « Saint-Denis (93) » or « Saint-Denis (974) »: a name narrowed to one département.
DEPARTEMENT_HINT_RE = re.compile(r"^(?P<name>.*?)\s*\((?P<dep>[0-9AB]{2,3})\)\s*$")


def name_key(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").replace("'", " ").replace("\u2019", " ").split())


def match_rank(wanted: str, name: str) -> int | None:
    """EXACT, PREFIX or CONTAINS when `name` matches the folded query `wanted`, else None."""
    key = name_key(name)
    if key == wanted:
        return EXACT
    if key.startswith(wanted):
        return PREFIX
    if wanted in key:
        return CONTAINS
    return None


def find_places(gazetteer: Gazetteer, query: str, kinds: tuple[str, ...] = tuple(OFFICIAL_CODES)) -> list[Place]:
    """Every place of `kinds` whose name matches `query`, best matches first.

    A query ending in « (56) » keeps only the places of that département.
    """
    return [place for _, place in _ranked(gazetteer, query, kinds)]


def exact_places(gazetteer: Gazetteer, query: str, kinds: tuple[str, ...]) -> list[Place]:
    """The places of `kinds` named exactly `query` (département hint allowed)."""
    return [place for rank, place in _ranked(gazetteer, query, kinds) if rank == EXACT]


def _ranked(gazetteer: Gazetteer, query: str, kinds: tuple[str, ...]) -> list[tuple[int, Place]]:
    hint = DEPARTEMENT_HINT_RE.match(query)
    name, departement = (hint["name"], hint["dep"]) if hint else (query, None)
    wanted = name_key(name)
    if not wanted:
        return []
    ranked = []
    for order, kind in enumerate(kinds):
        for place in gazetteer.all(kind):
            rank = match_rank(wanted, place.name)
            if rank is None or (departement and place.departement != departement):
                continue
            ranked.append(((rank, -(place.population or 0), order, place.code), place))
    return [(key[0], place) for key, place in sorted(ranked, key=lambda item: item[0])]


def describe(gazetteer: Gazetteer, place: Place) -> str:
    """« Vannes, commune, code 56260, Morbihan (56) »: enough to tell namesakes apart."""
    label = KIND_LABELS[place.kind]
    text = f"{place.name}, {label[0].lower()}{label[1:]}, code {place.code}"
    departement = gazetteer.get("departement", place.departement) if place.departement else None
    if departement and place.kind != "departement":
        text += f", {departement.name} ({departement.code})"
    return text
