"""Defaults of the portal's own settings, in one place.

Every setting is prefixed `PORTAL_`. Relative paths are resolved against the project
root (the folder of pelicanconf.py), so tests can build sites from anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]

DEFAULTS: dict[str, Any] = {
    # Vocabularies: schemes.yaml, sources.yaml, categories.yaml.
    "PORTAL_DATA_DIR": "data",
    # The front-matter contract.
    "PORTAL_SCHEMA": "schema/initiative.schema.json",
    # The official dataset of territories, installed by `npm ci`.
    "PORTAL_GEO_DATA": "node_modules/@etalab/decoupage-administratif/data",
    # Repository whose files the "Suggérer une correction" links point to.
    "PORTAL_REPOSITORY_URL": "",
    "PORTAL_REPOSITORY_BRANCH": "main",
}


def portal_setting(settings: dict[str, Any], name: str) -> Any:
    """Return a PORTAL_ setting, falling back to its default."""
    if name not in DEFAULTS:
        raise KeyError(f"réglage inconnu : {name}")
    return settings.get(name, DEFAULTS[name])


def portal_path(settings: dict[str, Any], name: str) -> str:
    """Return a PORTAL_ path setting as an absolute path."""
    path = Path(portal_setting(settings, name))
    return str(path if path.is_absolute() else PROJECT_ROOT / path)
