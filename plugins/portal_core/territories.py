"""Official territories from `@etalab/decoupage-administratif` (installed by npm).

A collectivity is written in the content as a kind and an official code; its name,
population, département and région are looked up here, never typed by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
import json
from pathlib import Path

from .filecache import cached_on_files

KIND_LABELS = {
    "commune": "Commune",
    "arrondissement": "Arrondissement municipal",
    "epci": "Intercommunalité (EPCI)",
    "departement": "Département",
    "region": "Région",
    "ccas": "Centre communal d'action sociale (CCAS)",
    "syndicat": "Syndicat",
    "autre": "Autre structure",
}

# Kinds found in the official dataset, with the code each one is known by.
OFFICIAL_CODES = {
    "commune": "code INSEE de commune",
    "arrondissement": "code INSEE d'arrondissement municipal",
    "epci": "SIREN d'EPCI",
    "departement": "code de département",
    "region": "code de région",
}


@dataclass(frozen=True)
class Place:
    """A territory of the official dataset."""

    kind: str
    code: str
    name: str
    population: int | None
    departement: str | None
    region: str | None
    epci_type: str | None = None


class Gazetteer:
    """Look up official territories by kind and code."""

    def __init__(self, places: dict[tuple[str, str], Place]) -> None:
        self._places = places

    def get(self, kind: str, code: str) -> Place | None:
        """Return the place of that kind and code, or None if the code is unknown."""
        return self._places.get((kind, code))

    def all(self, kind: str) -> list[Place]:
        """Return every place of a kind, sorted by code."""
        return sorted((p for (k, _), p in self._places.items() if k == kind), key=lambda p: p.code)


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@cached_on_files
def load_gazetteer(data_dir: str) -> Gazetteer:
    """Index the dataset's communes, arrondissements, EPCI, départements and régions."""
    root = Path(data_dir)
    if not (root / "communes.json").exists():
        raise FileNotFoundError(
            f"{root}: référentiel @etalab/decoupage-administratif absent (lancez « npm ci »)"
        )
    places: dict[tuple[str, str], Place] = {}
    dep_population: Counter[str] = Counter()
    reg_population: Counter[str] = Counter()
    commune_dep: dict[str, str] = {}
    for row in _load(root / "communes.json"):
        kind = {"commune-actuelle": "commune", "arrondissement-municipal": "arrondissement"}.get(row["type"])
        if kind is None:
            continue  # communes déléguées and associées are not collectivities
        place = Place(kind, row["code"], row["nom"], row.get("population"), row["departement"], row["region"])
        places[(kind, place.code)] = place
        if kind == "commune":
            commune_dep[place.code] = place.departement
            dep_population[place.departement] += place.population or 0
            reg_population[place.region] += place.population or 0
    for row in _load(root / "regions.json"):
        places[("region", row["code"])] = Place(
            "region", row["code"], row["nom"], reg_population.get(row["code"]), None, row["code"]
        )
    for row in _load(root / "departements.json"):
        places[("departement", row["code"])] = Place(
            "departement",
            row["code"],
            row["nom"],
            dep_population.get(row["code"]),
            row["code"],
            row["region"],
        )
    for row in _load(root / "epci.json") + _load(root / "ept.json"):
        departement = _main_departement(row["membres"], commune_dep)
        region = places[("departement", departement)].region if departement else None
        places[("epci", row["code"])] = Place(
            "epci", row["code"], row["nom"], row.get("populationTotale"), departement, region, row.get("type")
        )
    return Gazetteer(places)


def _main_departement(members: list[dict], commune_dep: dict[str, str]) -> str | None:
    """Return the département holding most of an EPCI's population."""
    weights: Counter[str] = Counter()
    for member in members:
        departement = commune_dep.get(member["code"])
        if departement:
            weights[departement] += member.get("populationTotale") or 1
    return min(weights, key=lambda d: (-weights[d], d)) if weights else None
