"""Assemble the files published under /donnees/, with what the Données page says of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .exports import (
    CANDIDATES_SEPARATOR,
    LIST_SEPARATOR,
    collectivity_rows,
    initiative_record,
    initiative_row,
    vocabularies,
)
from .schemas import front_matter_fields
from .serialise import csv_bytes, json_bytes

if TYPE_CHECKING:
    from portal_core.registry import Registry

    from .exports import Published
    from .schemas import FieldDoc, Schemas

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

# name: (title, format, description) — the order of the Données page.
FILES = {
    "initiatives.csv": (
        "Les initiatives",
        "CSV",
        "Une ligne par initiative : titre, résumé, collectivités et leur rôle, distinctions, thématiques, "
        "pour reprendre l'idée, source.",
    ),
    "collectivites.csv": (
        "Les collectivités",
        "CSV",
        "Une ligne par collectivité : code, nature, département, région, initiatives portées et soutenues.",
    ),
    "initiatives.json": (
        "Les initiatives, complètes",
        "JSON",
        "Tout le catalogue : l'en-tête de chaque fiche tel que les contributeurs l'écrivent, "
        "les collectivités résolues et les vocabulaires (dispositifs, thématiques, sources).",
    ),
    "initiatives.tableschema.json": (
        "Schéma de initiatives.csv",
        "Table Schema",
        "Les colonnes de initiatives.csv.",
    ),
    "collectivites.tableschema.json": (
        "Schéma de collectivites.csv",
        "Table Schema",
        "Les colonnes de collectivites.csv.",
    ),
    "initiative.schema.json": (
        "Schéma de l'en-tête des fiches",
        "JSON Schema",
        "Le contrat de l'en-tête de chaque fiche, que suit front_matter dans initiatives.json.",
    ),
    "datapackage.json": (
        "Description du jeu de données",
        "Data Package",
        "Les deux fichiers CSV avec leur schéma et la licence, pour les outils frictionless.",
    ),
}

# Top-level keys of initiatives.json, then the keys of each of its initiatives.
JSON_KEYS = (
    ("title", "Titre du jeu de données."),
    ("description", "Ce qu'il contient."),
    ("homepage", "Adresse de cette page."),
    ("license", "Licence des données (Licence Ouverte 2.0)."),
    ("updated", "Date de la dernière fiche ajoutée ou corrigée (AAAA-MM-JJ)."),
    ("count", "Nombre d'initiatives."),
    ("schema", "Adresse du schéma JSON que suit front_matter."),
    (
        "vocabularies",
        "Dispositifs (schemes), thématiques (categories) et documents sources (sources), par identifiant.",
    ),
    ("initiatives", "La liste des initiatives, triée par identifiant."),
    ("initiatives[].id", "Identifiant stable de l'initiative."),
    ("initiatives[].url", "Adresse de sa fiche."),
    (
        "initiatives[].front_matter",
        "L'en-tête de la fiche, conforme à initiative.schema.json (champs ci-dessous).",
    ),
    (
        "initiatives[].collectivities",
        "Les collectivités résolues : id (comme dans collectivites.csv), kind, code, name, role, "
        "named_in_source, within, departement, region (code et nom), population.",
    ),
)


@dataclass(frozen=True)
class DataFile:
    """One published file: its name, what it is, and its bytes."""

    folder: str
    name: str
    title: str
    format: str
    description: str
    content: bytes

    @property
    def path(self) -> str:
        """Path in the output folder (and URL relative to SITEURL)."""
        return f"{self.folder}/{self.name}"

    @property
    def size(self) -> str:
        """The size in French: « 812 octets », « 12,4 ko »."""
        count = len(self.content)
        return f"{count} octets" if count < 1000 else f"{count / 1000:.1f} ko".replace(".", ",")


@dataclass(frozen=True)
class Catalogue:
    """The exports of one build and everything the Données page shows of them."""

    folder: str
    files: tuple[DataFile, ...]
    tables: dict[str, list[FieldDoc]]
    front_matter_fields: list[FieldDoc]
    json_keys: tuple[tuple[str, str], ...]
    initiatives: int
    collectivities: int
    updated: str | None
    licence: dict[str, str]
    # Crosswalk to the public schema « Projets de collectivités » (data/crosswalk.yaml).
    crosswalk: dict[str, Any] = field(default_factory=dict)
    list_separator: str = LIST_SEPARATOR
    candidates_separator: str = CANDIDATES_SEPARATOR

    @property
    def url(self) -> str:
        """URL of the Données page, relative to SITEURL."""
        return f"{self.folder}/"

    @property
    def save_as(self) -> str:
        """Output path of the Données page."""
        return f"{self.folder}/index.html"


def build_catalogue(
    items: list[Published],
    registry: Registry,
    schemas: Schemas,
    sitename: str,
    siteurl: str,
    folder: str,
    crosswalk: dict[str, Any] | None = None,
) -> Catalogue:
    """Build every file of the data folder (/donnees/) from the published initiatives, sorted by id."""
    items = sorted(items, key=lambda item: item.id)
    collectivities = collectivity_rows(items)
    updated = max((item.modified or item.date for item in items), default=None)
    document = {
        "title": f"{sitename} — initiatives",
        "description": "Initiatives des collectivités territoriales distinguées par des prix et des labels.",
        "homepage": f"{siteurl}/{folder}/",
        "license": LICENCE,
        "updated": updated,
        "count": len(items),
        "schema": f"{siteurl}/{folder}/initiative.schema.json",
        "vocabularies": vocabularies(registry),
        "initiatives": [initiative_record(item) for item in items],
    }
    contents = {
        "initiatives.csv": csv_bytes(schemas.initiatives.field_names, [initiative_row(item) for item in items]),
        "collectivites.csv": csv_bytes(schemas.collectivites.field_names, collectivities),
        "initiatives.json": json_bytes(document),
        "initiatives.tableschema.json": schemas.initiatives.raw,
        "collectivites.tableschema.json": schemas.collectivites.raw,
        "initiative.schema.json": schemas.front_matter.raw,
        "datapackage.json": json_bytes(data_package(sitename, f"{siteurl}/{folder}/")),
    }
    return Catalogue(
        folder=folder,
        files=tuple(DataFile(folder, name, *FILES[name], contents[name]) for name in FILES),
        tables={
            "initiatives.csv": schemas.initiatives.fields,
            "collectivites.csv": schemas.collectivites.fields,
        },
        front_matter_fields=front_matter_fields(schemas.front_matter),
        json_keys=JSON_KEYS,
        initiatives=len(items),
        collectivities=sum(1 for row in collectivities if row["initiative_ids"]),
        updated=updated,
        licence=LICENCE,
        crosswalk=crosswalk or {},
    )


def data_package(sitename: str, homepage: str) -> dict[str, Any]:
    """The Data Package descriptor of the two CSV files (paths relative to the data folder)."""

    def resource(name: str) -> dict[str, Any]:
        title, _, description = FILES[f"{name}.csv"]
        return {
            "name": name,
            "title": title,
            "description": description,
            "path": f"{name}.csv",
            "schema": f"{name}.tableschema.json",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
        }

    return {
        "name": "bonnes-pratiques-collectivites",
        "title": sitename,
        "homepage": homepage,
        "licenses": [LICENCE],
        "resources": [resource("initiatives"), resource("collectivites")],
    }
