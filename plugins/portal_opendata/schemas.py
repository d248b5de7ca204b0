"""The published schemas, read from schema/: what the exports and the Données page follow.

The Table Schemas (frictionless) of the CSV files and the JSON Schema of the front
matter are files of the repository, copied as they are into /donnees/. The column order
of each CSV and the field lists of the Données page are read from them, never retyped.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
from pathlib import Path
from typing import Any, Self

from portal_core.settings import portal_path

TYPE_LABELS = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre",
    "date": "date (AAAA-MM-JJ)",
    "boolean": "booléen",
}

# Types of the front-matter JSON Schema; a field without type is a closed list of values.
JSON_TYPE_LABELS = {
    "string": "texte",
    "array": "liste",
    "object": "groupe de champs",
    None: "valeur d'une liste fermée",
}


@dataclass(frozen=True)
class FieldDoc:
    """One field as the Données page documents it."""

    name: str
    title: str
    type: str
    required: bool
    description: str
    example: str | None


@dataclass(frozen=True)
class SchemaFile:
    """A schema file of the repository: its bytes (published as is) and its content."""

    path: Path
    raw: bytes

    @classmethod
    def read(cls, path: str | Path) -> Self:
        """Read a schema file; fail with its path if it is not JSON."""
        path = Path(path)
        raw = path.read_bytes()
        try:
            json.loads(raw)
        except ValueError as exc:
            raise ValueError(f"{path}: JSON invalide : {exc}") from exc
        return cls(path, raw)

    @property
    def descriptor(self) -> dict[str, Any]:
        """The parsed JSON."""
        return json.loads(self.raw)


@dataclass(frozen=True)
class TableSchema(SchemaFile):
    """A Table Schema (frictionless) of one CSV file."""

    @property
    def field_names(self) -> list[str]:
        """The CSV columns, in order."""
        return [field["name"] for field in self.descriptor["fields"]]

    @property
    def fields(self) -> list[FieldDoc]:
        """Every column with its French title, type and description."""
        return [
            FieldDoc(
                name=field["name"],
                title=field.get("title", field["name"]),
                type=TYPE_LABELS.get(field["type"], field["type"]),
                required=bool(field.get("constraints", {}).get("required")),
                description=field.get("description", ""),
                example=field.get("example"),
            )
            for field in self.descriptor["fields"]
        ]


def front_matter_fields(schema: SchemaFile) -> list[FieldDoc]:
    """The top-level fields of the front-matter JSON Schema, for the Données page."""
    descriptor = schema.descriptor
    required = set(descriptor.get("required", ()))
    return [
        FieldDoc(
            name=name,
            title=spec.get("title", name),
            type=JSON_TYPE_LABELS[spec.get("type")],
            required=name in required,
            description=spec.get("description", ""),
            example=None,
        )
        for name, spec in descriptor["properties"].items()
    ]


@dataclass(frozen=True)
class Schemas:
    """The three published schemas, beside the front-matter schema (PORTAL_SCHEMA)."""

    initiatives: TableSchema
    collectivites: TableSchema
    front_matter: SchemaFile

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Schemas:
        """Read schema/initiative.schema.json and the Table Schemas next to it."""
        front_matter = Path(portal_path(settings, "PORTAL_SCHEMA"))
        folder = front_matter.parent
        return cls(
            initiatives=TableSchema.read(folder / "initiatives.tableschema.json"),
            collectivites=TableSchema.read(folder / "collectivites.tableschema.json"),
            front_matter=SchemaFile.read(front_matter),
        )
