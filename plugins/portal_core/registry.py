"""The portal's vocabularies, read from the data files: schemes, sources, categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .filecache import cached_on_files


@dataclass(frozen=True)
class Scheme:
    """An award scheme (prix, label, programme d'études…)."""

    key: str
    name: str
    short_name: str
    organiser: str
    url: str
    description: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """A source document the pages are written from."""

    key: str
    title: str
    year: int
    organiser: str
    scheme: str
    file: str
    # The document as a French phrase after « selon » (« le dossier de presse du Prix TERRITORIA 2017 »).
    according_to: str = ""
    # Totals the document announces (dossiers, and medals per level), when it gives them.
    announced: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryDef:
    """One entry of the controlled vocabulary of categories."""

    key: str
    label: str
    description: str


@dataclass(frozen=True)
class Registry:
    """Everything the validator and the plugins need to know about vocabularies."""

    schemes: dict[str, Scheme]
    sources: dict[str, Source]
    categories: dict[str, CategoryDef]
    scheme_labels: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def categories_for_label(self, scheme: str, label: str) -> tuple[str, ...]:
        """Return the portal categories a scheme's own category label maps to."""
        return self.scheme_labels.get(scheme, {}).get(label, ())


def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@cached_on_files
def load_registry(data_dir: str) -> Registry:
    """Read data/schemes.yaml, data/sources.yaml and data/categories.yaml."""
    root = Path(data_dir)
    schemes = {
        key: Scheme(key=key, levels=tuple(value.pop("levels")), **value)
        for key, value in _read(root / "schemes.yaml").items()
    }
    sources = {key: Source(key=key, **value) for key, value in _read(root / "sources.yaml").items()}
    raw = _read(root / "categories.yaml")
    categories = {key: CategoryDef(key=key, **value) for key, value in raw["categories"].items()}
    labels = {
        scheme: {label: tuple(cats) for label, cats in mapping.items()}
        for scheme, mapping in raw["scheme_labels"].items()
    }
    _check_consistency(schemes, sources, categories, labels)
    return Registry(schemes=schemes, sources=sources, categories=categories, scheme_labels=labels)


def _check_consistency(
    schemes: dict[str, Scheme],
    sources: dict[str, Source],
    categories: dict[str, CategoryDef],
    labels: dict[str, dict[str, tuple[str, ...]]],
) -> None:
    """Fail early if the data files contradict each other."""
    problems = [
        f"data/sources.yaml: {key}: dispositif inconnu « {src.scheme} »"
        for key, src in sources.items()
        if src.scheme not in schemes
    ]
    problems += [
        f"data/categories.yaml: scheme_labels: dispositif inconnu « {scheme} »"
        for scheme in labels
        if scheme not in schemes
    ]
    problems += [
        f"data/categories.yaml: scheme_labels.{scheme}.« {label} »: thématique inconnue « {cat} »"
        for scheme, mapping in labels.items()
        for label, cats in mapping.items()
        for cat in cats
        if cat not in categories
    ]
    if problems:
        raise ValueError("\n".join(problems))
