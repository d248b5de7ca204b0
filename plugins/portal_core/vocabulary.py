"""The closed lists of the front matter, in display order, with their French labels.

The schema (schema/initiative.schema.json) says which values are allowed; this module
says how they are ordered and named on the site. tests/test_vocabulary.py checks that
both list the same values.
"""

from __future__ import annotations

# Award levels, best first: the order of lists, facets and palmarès.
LEVELS = ("or", "argent", "bronze", "inconnu", "aucun")
# The three medals (the candidates of an award whose level the source does not give).
MEDALS = LEVELS[:3]

# Short label of a level, as a fiche or a card shows it.
LEVEL_LABELS = {
    "or": "Or",
    "argent": "Argent",
    "bronze": "Bronze",
    "aucun": "Sans médaille",
    "inconnu": "Niveau inconnu",
}

# The medal index also lists special distinctions (award.distinction), whatever the level.
DISTINCTION = "autres-distinctions"
# Title of each page of the medal index, in the order of that index.
LEVEL_TITLES = {
    "or": "Or",
    "argent": "Argent",
    "bronze": "Bronze",
    DISTINCTION: "Autres distinctions",
    "inconnu": "Médaille non attribuée par la source",
    "aucun": "Sans médaille (études, exemples)",
}

# Where a project stands.
STAGE_LABELS = {
    "etude": "Étude",
    "experimentation": "Expérimentation",
    "en-service": "En service",
    "termine": "Terminé",
    "inconnu": "Non précisé",
}

# Role of a collectivity in an initiative (collectivities[].role; porteur by default).
ROLE_LABELS = {
    "porteur": "Porteur",
    "partenaire": "Partenaire",
    "financeur": "Financeur",
}

# Kinds of collectivity, in the order of the search facet and the open-data exports.
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

# Kinds whose territory can have been merged or renamed since the source (named_in_source).
RENAMED_KINDS = ("region", "departement", "commune", "epci")

# Kinds written with a name and the official territory they belong to (`within`).
NON_OFFICIAL_KINDS = tuple(kind for kind in KIND_LABELS if kind not in OFFICIAL_CODES)


def level_rank(level: str) -> int:
    """Sort key of a level: or, argent, bronze, then undecided, then no medal."""
    return LEVELS.index(level)
