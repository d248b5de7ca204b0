"""Official territories from `@etalab/decoupage-administratif` (installed by npm).

A collectivity is written in the content as a kind and an official code; its name,
population, département and région are looked up here, never typed by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
import json
from pathlib import Path
from typing import Any

from .filecache import cached_on_files


@dataclass(frozen=True)
class Place:
    """A territory of the official dataset."""

    kind: str
    code: str
    name: str
    population: int | None
    departement: str | None
    region: str | None


class Gazetteer:
    """Look up official territories by kind and code."""

    def __init__(self, places: dict[tuple[str, str], Place]) -> None:
        self._places = places
        self._by_kind: dict[str, list[Place]] = {}

    def get(self, kind: str, code: str) -> Place | None:
        """Return the place of that kind and code, or None if the code is unknown."""
        return self._places.get((kind, code))

    def all(self, kind: str) -> list[Place]:
        """Return every place of a kind, sorted by code (sorted once per kind: pages ask often)."""
        if kind not in self._by_kind:
            self._by_kind[kind] = sorted((p for (k, _), p in self._places.items() if k == kind), key=lambda p: p.code)
        return list(self._by_kind[kind])


# Types of communes.json that are collectivities (communes déléguées and associées are not).
COMMUNE_TYPES = {"commune-actuelle": "commune", "arrondissement-municipal": "arrondissement"}


@dataclass(frozen=True)
class Dataset:
    """The rows of the official dataset, as its JSON files give them, per kind."""

    communes: list[dict[str, Any]]
    arrondissements: list[dict[str, Any]]
    departements: list[dict[str, Any]]
    regions: list[dict[str, Any]]
    # EPCI with own taxation, and the établissements publics territoriaux of the Grand Paris.
    epci: list[dict[str, Any]]


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        rows: list[dict[str, Any]] = json.load(handle)
    return rows


@cached_on_files
def read_dataset(data_dir: str) -> Dataset:
    """Read `@etalab/decoupage-administratif`'s files (the gazetteer, the bench's corpus)."""
    root = Path(data_dir)
    if not (root / "communes.json").exists():
        raise FileNotFoundError(f"{root}: référentiel @etalab/decoupage-administratif absent (lancez « npm ci »)")
    by_type: dict[str, list[dict[str, Any]]] = {kind: [] for kind in COMMUNE_TYPES.values()}
    for row in _load(root / "communes.json"):
        kind = COMMUNE_TYPES.get(row["type"])
        if kind is not None:
            by_type[kind].append(row)
    return Dataset(
        communes=by_type["commune"],
        arrondissements=by_type["arrondissement"],
        departements=_load(root / "departements.json"),
        regions=_load(root / "regions.json"),
        epci=_load(root / "epci.json") + _load(root / "ept.json"),
    )


@cached_on_files
def load_gazetteer(data_dir: str) -> Gazetteer:
    """Index the dataset's communes, arrondissements, EPCI, départements and régions."""
    dataset = read_dataset(data_dir)
    places: dict[tuple[str, str], Place] = {}
    dep_population: Counter[str] = Counter()
    reg_population: Counter[str] = Counter()
    commune_dep: dict[str, str] = {}
    for kind, rows in (("commune", dataset.communes), ("arrondissement", dataset.arrondissements)):
        for row in rows:
            place = Place(kind, row["code"], row["nom"], row.get("population"), row["departement"], row["region"])
            places[(kind, place.code)] = place
            if kind == "commune":
                commune_dep[place.code] = row["departement"]
                dep_population[row["departement"]] += place.population or 0
                reg_population[row["region"]] += place.population or 0
    for row in dataset.regions:
        places[("region", row["code"])] = Place(
            "region", row["code"], row["nom"], reg_population.get(row["code"]), None, row["code"]
        )
    for row in dataset.departements:
        places[("departement", row["code"])] = Place(
            "departement",
            row["code"],
            row["nom"],
            dep_population.get(row["code"]),
            row["code"],
            row["region"],
        )
    for row in dataset.epci:
        departement = _main_departement(row["membres"], commune_dep)
        region = places[("departement", departement)].region if departement else None
        places[("epci", row["code"])] = Place(
            "epci", row["code"], row["nom"], row.get("populationTotale"), departement, region
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
